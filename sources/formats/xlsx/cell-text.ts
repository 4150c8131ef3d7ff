// sources/formats/xlsx/cell-text.ts — turns one SheetJS cell into the locale-free text the pipeline
// lands, so SQL can type it later: ISO dates, '.' decimals, trimmed text, null for empty or #N/A.
// Dates are worked out from Excel's serial number with UTC arithmetic only: SheetJS's own
// `cellDates` goes through local-time Date objects and shifts with the process time zone.

/** The parts of a SheetJS cell we read (`z` is the number format, set by the `cellNF` option). */
export interface RawCell {
  t?: string;
  v?: unknown;
  z?: unknown;
}

export interface CellContext {
  /** The workbook counts days from 1904-01-01 (old Mac Excel) instead of 1899-12-30. */
  date1904: boolean;
  /** SheetJS's number-format test (SSF.is_date); passed in so this module stays free of SheetJS. */
  isDateFormat: (format: string) => boolean;
}

const DAY_MS = 86_400_000;
const EPOCH_1900 = Date.UTC(1899, 11, 30);
const EPOCH_1904 = Date.UTC(1904, 0, 1);

/** The cell as text, or null when it holds nothing usable (blank, whitespace, error value). */
export function cellText(cell: RawCell | null | undefined, ctx: CellContext): string | null {
  if (cell == null) return null;
  const { t, v } = cell;
  switch (t) {
    case 's':
    case 'str': {
      const text = typeof v === 'string' ? v.trim() : '';
      return text === '' ? null : text;
    }
    case 'n': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return null;
      const format = typeof cell.z === 'string' ? cell.z : undefined;
      if (format !== undefined && format !== 'General' && ctx.isDateFormat(format)) {
        const iso = serialToIso(v, format, ctx.date1904);
        if (iso !== null) return iso;
      }
      return numberText(v);
    }
    case 'b':
      return typeof v === 'boolean' ? String(v) : null;
    default:
      // 'e' (error values such as #N/A, #REF!), 'z' (stub) and anything unexpected.
      return null;
  }
}

/** True when `cellText` would give null; cheap enough to run over a whole sheet to count rows. */
export function isBlankCell(cell: RawCell | null | undefined): boolean {
  if (cell == null) return true;
  switch (cell.t) {
    case 's':
    case 'str':
      return typeof cell.v !== 'string' || cell.v.trim() === '';
    case 'n':
      return typeof cell.v !== 'number' || !Number.isFinite(cell.v);
    case 'b':
      return typeof cell.v !== 'boolean';
    default:
      return true;
  }
}

/**
 * A number as JavaScript writes it ('3', '1.5', '-0.25', '1e+21'), never with thousands separators.
 * Fractions are cut to the 15 significant digits Excel itself keeps, so a stored 0.30000000000000004
 * lands as 0.3, the way the person saw it.
 */
export function numberText(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(15)));
}

/**
 * An Excel date serial as ISO text: 'yyyy-mm-dd', 'yyyy-mm-ddTHH:MM:SS' when there is a time of
 * day, 'HH:MM:SS' for a time without a date (serial below 1), and 'H:MM:SS' with running hours for
 * elapsed-time formats such as [h]:mm. Null when the serial is no real date (negative, Excel's
 * non-existent 1900-02-29, past year 9999); the caller then keeps the number.
 */
export function serialToIso(serial: number, format: string, date1904: boolean): string | null {
  if (!Number.isFinite(serial) || serial < 0) return null;
  const totalSeconds = Math.round(serial * 86_400);
  const days = Math.floor(totalSeconds / 86_400);
  const seconds = totalSeconds - days * 86_400;
  const clock = `${pad(Math.floor(seconds / 3600))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;

  if (/\[(h+|m+|s+)\]/i.test(format)) {
    return `${Math.floor(totalSeconds / 3600)}:${pad(Math.floor(totalSeconds / 60) % 60)}:${pad(totalSeconds % 60)}`;
  }
  if (days === 0 && !date1904) return clock;

  let epochMs: number;
  if (date1904) epochMs = EPOCH_1904 + days * DAY_MS;
  else if (days >= 61) epochMs = EPOCH_1900 + days * DAY_MS;
  else if (days < 60)
    epochMs = EPOCH_1900 + (days + 1) * DAY_MS; // Excel counts a 29 Feb 1900 that never was
  else return null;

  const date = new Date(epochMs);
  const year = date.getUTCFullYear();
  if (year > 9999) return null;
  const day = `${year}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  return seconds === 0 ? day : `${day}T${clock}`;
}

function pad(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
