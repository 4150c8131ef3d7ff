// Cells for the municipal workbook. Text comes from people (story titles, service names from
// an export), so a text that Excel could take for a formula — starting with =, +, -, @, a tab
// or a line break — is neutralised: it is always a shared-string cell (never a formula, `f`)
// with the Text number format '@', so even editing the cell in Excel and pressing Enter keeps
// it text. The text itself is kept exactly as written.
import type { CellObject } from 'xlsx';
import type { Kind, Shown } from '../families.ts';

const FORMULA_START = /^[=+\-@\t\r\n]/;

export const formats: Record<Kind, string | undefined> = {
  count: '#,##0',
  int: '#,##0',
  rate: '0.0%',
  decimal: '0.00',
  hours: '#,##0.0',
  days: '#,##0',
  eur: '"€" #,##0',
  ratio: '0.00',
  date: 'd-m-yyyy',
  text: undefined,
};

export function textCell(text: string): CellObject {
  return FORMULA_START.test(text) ? { t: 's', v: text, z: '@' } : { t: 's', v: text };
}

export function numberCell(value: number, kind: Kind = 'decimal'): CellObject {
  const z = formats[kind];
  return z ? { t: 'n', v: value, z } : { t: 'n', v: value };
}

/** A calendar date (yyyy-mm-dd) as an Excel date serial, shown d-m-yyyy. */
export function dateCell(isoDate: string): CellObject {
  const [y, m, d] = isoDate.slice(0, 10).split('-').map(Number) as [number, number, number];
  const serial = (Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86_400_000;
  return { t: 'n', v: serial, z: formats.date };
}

/**
 * How a suppressed figure reads. Not "< 10": complementary suppression also hides larger counts
 * (so that a small one cannot be worked out from the totals), and the published data does not
 * say which is which — that would give the small ones away.
 */
export const HIDDEN_TEXT = 'verborgen';

/** One figure of an indicator table, as the report shows it. */
export function figureCell(s: Shown, kind: Kind): CellObject | undefined {
  if (s.state === 'none') return undefined;
  if (s.state === 'hidden') return textCell(HIDDEN_TEXT);
  if (kind === 'date' && typeof s.value === 'string') return dateCell(s.value);
  if (typeof s.value === 'number') return numberCell(s.value, kind);
  return textCell(String(s.value));
}

export type Cell = CellObject | string | number | undefined;

export function toCell(c: Cell): CellObject | undefined {
  if (c === undefined) return undefined;
  if (typeof c === 'string') return textCell(c);
  if (typeof c === 'number') return numberCell(c);
  return c;
}
