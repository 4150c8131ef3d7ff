// Calendar arithmetic on whole days. The generator handles tens of millions of dates, so a
// date is a day number (days since 1970-01-01, UTC) and only becomes text at the moment it is
// written, in the Dutch form the exports use (dd-mm-jjjj).

const MS_PER_DAY = 86_400_000;
/** Day number of 1899-12-30, day 0 of Excel's (1900, leap-bug-compensated) date system. */
const EXCEL_EPOCH = -25_569;

export const MONTHS_NL = [
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
] as const;

/** '2025-06-30' → day number; throws on anything else. */
export function parseIsoDay(iso: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!match) throw new Error(`'${iso}' is not a date (expected jjjj-mm-dd).`);
  const [, y, m, d] = match;
  const day = dayOf(Number(y), Number(m), Number(d));
  if (isoDay(day) !== iso) throw new Error(`'${iso}' is not a date on the calendar.`);
  return day;
}

export function dayOf(year: number, month: number, day: number): number {
  return Date.UTC(year, month - 1, day) / MS_PER_DAY;
}

export interface YearMonthDay {
  year: number;
  month: number;
  day: number;
}

const parts = new Map<number, YearMonthDay>();

/** Day number → year, month, day (memoised, like dutchDay). */
export function partsOf(day: number): YearMonthDay {
  let p = parts.get(day);
  if (p === undefined) {
    const date = new Date(day * MS_PER_DAY);
    p = { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
    parts.set(day, p);
  }
  return p;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

const dutchDays = new Map<number, string>();

/** Day number → 'dd-mm-jjjj' (memoised: the same few thousand days are written millions of times). */
export function dutchDay(day: number): string {
  let text = dutchDays.get(day);
  if (text === undefined) {
    const p = partsOf(day);
    text = `${pad2(p.day)}-${pad2(p.month)}-${p.year}`;
    dutchDays.set(day, text);
  }
  return text;
}

/** Day number → 'jjjj-mm-dd'. */
export function isoDay(day: number): string {
  const p = partsOf(day);
  return `${p.year}-${pad2(p.month)}-${pad2(p.day)}`;
}

/** Months are counted as year * 12 + (month - 1), so they compare and step as integers. */
export function monthIndexOf(day: number): number {
  const p = partsOf(day);
  return p.year * 12 + p.month - 1;
}

export function monthKey(monthIndex: number): string {
  return `${Math.floor(monthIndex / 12)}-${pad2((monthIndex % 12) + 1)}`;
}

export function monthTitle(monthIndex: number): string {
  return `${MONTHS_NL[monthIndex % 12]} ${Math.floor(monthIndex / 12)}`;
}

export function daysInMonth(year: number, month: number): number {
  return dayOf(year, month + 1, 1) - dayOf(year, month, 1);
}

/** Day number → Excel serial date (what a date cell stores). */
export function excelSerial(day: number): number {
  return day - EXCEL_EPOCH;
}

/** 0 = Monday … 6 = Sunday. */
export function weekday(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/** Adds whole years, keeping the day of the year (29 Feb becomes 28 Feb). */
export function addYears(day: number, years: number): number {
  const p = partsOf(day);
  const target = p.year + years;
  return dayOf(target, p.month, Math.min(p.day, daysInMonth(target, p.month)));
}
