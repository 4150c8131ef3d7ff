// sources/formats/xlsx/spreadsheet-error.ts — every way reading a spreadsheet can fail, written for
// the person who delivered the file: what is wrong (message) and what to do about it (hint).
// The `code` is for programs (quarantine, retry decisions); message and hint are for people.
import { basename } from 'node:path';
import { place, UserError } from '../../../lib/errors.ts';
import { formatBytes as size } from '../../../lib/size.ts';
import type { WorkerFailure } from './protocol.ts';

export type SpreadsheetErrorCode =
  | 'not-found'
  | 'too-large'
  | 'unpacked-too-large'
  | 'not-a-workbook'
  | 'encrypted'
  | 'sheet-not-found'
  | 'too-many-rows'
  | 'timeout'
  | 'out-of-memory'
  | 'unreadable';

/** A UserError (lib/errors.ts), so the CLI prints it as a message and a hint, without a stack. */
export class SpreadsheetError extends UserError {
  readonly code: SpreadsheetErrorCode;
  readonly file: string;
  readonly sheet?: string;
  /** The message without the place, so a caller that knows the delivered name can restate it. */
  readonly problem: string;
  declare readonly hint: string;

  constructor(code: SpreadsheetErrorCode, file: string, problem: string, hint: string, sheet?: string) {
    // "contacten.xlsx · sheet Blad1: problem", as in STYLE.md.
    super(`${place({ file: basename(file), sheet })}: ${problem}`, hint);
    this.name = 'SpreadsheetError';
    this.code = code;
    this.file = file;
    this.problem = problem;
    if (sheet !== undefined) this.sheet = sheet;
  }
}

const nl = new Intl.NumberFormat('en-GB');
const RESAVE = 'Open it in Excel, save it again as .xlsx (File › Save As) and deliver that file.';

export const errors = {
  notFound: (file: string) =>
    new SpreadsheetError(
      'not-found',
      file,
      'The file does not exist.',
      `Check the file name and folder in the source configuration; looked for ${file}.`,
    ),

  tooLarge: (file: string, bytes: number, maxBytes: number) =>
    new SpreadsheetError(
      'too-large',
      file,
      `The file is ${size(bytes)}, more than the limit of ${size(maxBytes)}; it was not opened.`,
      'Ask for smaller exports (for example one per month), or raise limits.maxBytes for this source ' +
        'if files this large are expected.',
    ),

  unpackedTooLarge: (file: string, maxUnpackedBytes: number) =>
    new SpreadsheetError(
      'unpacked-too-large',
      file,
      `The workbook unpacks to more than the limit of ${size(maxUnpackedBytes)}; it was not opened.`,
      'The file is very large once unpacked, or is built to be (a "zip bomb"). Ask for smaller exports; ' +
        'if the file is genuine, raise limits.maxUnpackedBytes and limits.maxHeapMb for this source.',
    ),

  notAWorkbook: (file: string, looksLike: string) =>
    new SpreadsheetError(
      'not-a-workbook',
      file,
      `The file is not an Excel workbook (${looksLike}).`,
      'Export the data again as an Excel workbook (.xlsx). If it is really a CSV file, give it the ' +
        '.csv extension and configure the source as CSV.',
    ),

  encrypted: (file: string) =>
    new SpreadsheetError(
      'encrypted',
      file,
      'The workbook is protected with a password, so it cannot be read.',
      'Open it in Excel, remove the password (File › Info › Protect Workbook › Encrypt with Password, ' +
        'clear the field), save, and deliver the file again.',
    ),

  sheetNotFound: (file: string, missing: string[], available: string[]) => {
    const near = missing
      .map((name) => available.find((a) => a.trim().toLowerCase() === name.trim().toLowerCase()))
      .filter((a): a is string => a !== undefined);
    return new SpreadsheetError(
      'sheet-not-found',
      file,
      `The workbook has no sheet ${list(missing)}. Its sheets are: ${list(available) || '(none)'}.`,
      near.length > 0
        ? `Sheet names must match exactly; did you mean ${list(near)}? Fix \`sheets\` in the source configuration.`
        : 'Set `sheets` in the source configuration to one of the sheets above, or ask for an export ' +
            'that has the expected sheet.',
      missing[0],
    );
  },

  tooManyRows: (file: string, rows: number, maxRows: number) =>
    new SpreadsheetError(
      'too-many-rows',
      file,
      `The sheets read hold ${nl.format(rows)} rows with data, more than the limit of ${nl.format(maxRows)}; ` +
        'no rows were loaded.',
      'Ask for smaller exports (for example one per month), or raise limits.maxRows for this source.',
    ),

  timeout: (file: string, timeoutMs: number) =>
    new SpreadsheetError(
      'timeout',
      file,
      `Reading the workbook took longer than the limit of ${nl.format(timeoutMs)} ms and was stopped.`,
      `The file may be damaged or unusually complex. ${RESAVE} If it is simply very large, split it ` +
        'or raise limits.timeoutMs for this source.',
    ),

  outOfMemory: (file: string, heapMb: number, detail?: string) =>
    new SpreadsheetError(
      'out-of-memory',
      file,
      `Reading the workbook needed more than the ${heapMb} MB of memory allowed and was stopped` +
        `${detail ? ` (${detail})` : ''}.`,
      'The file may be built to exhaust memory, or is simply very large. Ask for smaller exports; if ' +
        'the file is genuine, raise limits.maxHeapMb for this source.',
    ),

  unreadable: (file: string, detail: string, zip: boolean) =>
    new SpreadsheetError(
      'unreadable',
      file,
      zip
        ? `The file is a zip archive but not a workbook that can be read (${detail}).`
        : `The workbook could not be read (${detail}).`,
      `It may be damaged, or another kind of file with a workbook extension. ${RESAVE}`,
    ),

  fromWorker: (
    file: string,
    failure: WorkerFailure,
    limits: { maxBytes: number; maxRows: number; heapMb: number },
  ) => {
    switch (failure.code) {
      case 'too-large':
        return errors.tooLarge(file, failure.bytes, limits.maxBytes);
      case 'unpacked-too-large':
        return errors.unpackedTooLarge(file, failure.limit);
      case 'encrypted':
        return errors.encrypted(file);
      case 'sheet-not-found':
        return errors.sheetNotFound(file, failure.missing, failure.available);
      case 'too-many-rows':
        return errors.tooManyRows(file, failure.rows, limits.maxRows);
      case 'out-of-memory':
        return errors.outOfMemory(file, limits.heapMb, failure.detail);
      case 'unreadable':
        return errors.unreadable(file, failure.detail, failure.zip);
    }
  },
};

function list(names: string[]): string {
  return names.map((name) => `'${name}'`).join(', ');
}
