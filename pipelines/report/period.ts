// The reporting period a municipality asks for, as a person types it: a year (2025), a quarter
// (2025-Q1, also 2025-K1 in Dutch) or a month (2025-03). The indicator tables have exactly these
// three period types, so a period is one row key: period_type + period_start.
import { UserError } from '../../lib/errors.ts';

export type PeriodType = 'year' | 'quarter' | 'month';

export interface Period {
  type: PeriodType;
  /** First day, yyyy-mm-dd. */
  start: string;
  /** Last day (inclusive), yyyy-mm-dd. */
  end: string;
  /** As typed in the command line and file names: 2025, 2025-Q1, 2025-03. */
  label: string;
  /** For people: 2025, 1e kwartaal 2025, maart 2025. */
  labelNl: string;
  year: number;
}

const MONTHS_NL = [
  'januari',
  'februari',
  'maart',
  'april',
  'mei',
  'juni',
  'juli',
  'augustus',
  'september',
  'oktober',
  'november',
  'december',
];

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const lastDay = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

export function parsePeriod(text: string): Period {
  const t = text.trim().toUpperCase();
  let m = /^(\d{4})$/.exec(t);
  if (m) return yearPeriod(Number(m[1]));
  m = /^(\d{4})-?[QK]([1-4])$/.exec(t);
  if (m) return quarterPeriod(Number(m[1]), Number(m[2]));
  m = /^(\d{4})-(\d{2})$/.exec(t);
  if (m && Number(m[2]) >= 1 && Number(m[2]) <= 12) return monthPeriod(Number(m[1]), Number(m[2]));
  throw new UserError(
    `'${text}' is not a period.`,
    'Write a year (2025), a quarter (2025-Q1) or a month (2025-03).',
  );
}

export function yearPeriod(year: number): Period {
  return {
    type: 'year',
    start: iso(year, 1, 1),
    end: iso(year, 12, 31),
    label: `${year}`,
    labelNl: `${year}`,
    year,
  };
}

export function quarterPeriod(year: number, quarter: number): Period {
  const first = (quarter - 1) * 3 + 1;
  return {
    type: 'quarter',
    start: iso(year, first, 1),
    end: iso(year, first + 2, lastDay(year, first + 2)),
    label: `${year}-Q${quarter}`,
    labelNl: `${quarter}e kwartaal ${year}`,
    year,
  };
}

export function monthPeriod(year: number, month: number): Period {
  return {
    type: 'month',
    start: iso(year, month, 1),
    end: iso(year, month, lastDay(year, month)),
    label: `${year}-${pad(month)}`,
    labelNl: `${MONTHS_NL[month - 1]} ${year}`,
    year,
  };
}

/** The period of a given type that starts on `start` (yyyy-mm-dd), as found in the tables. */
export function periodFromStart(type: PeriodType, start: string): Period {
  const [y, m] = start.split('-').map(Number) as [number, number];
  if (type === 'year') return yearPeriod(y);
  if (type === 'quarter') return quarterPeriod(y, Math.floor((m - 1) / 3) + 1);
  return monthPeriod(y, m);
}

/** The `count` quarters that end with the quarter holding the period's last day, oldest first. */
export function quartersUpTo(period: Period, count: number): Period[] {
  const [y, m] = period.end.split('-').map(Number) as [number, number];
  const index = y * 4 + Math.floor((m - 1) / 3);
  const out: Period[] = [];
  for (let i = index - count + 1; i <= index; i++) out.push(quarterPeriod(Math.floor(i / 4), (i % 4) + 1));
  return out;
}
