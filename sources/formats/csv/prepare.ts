// Gets a CSV export ready for DuckDB's reader, which then reads it whole and in parallel: UTF-8
// (transcoded in a stream when it is not), without byte-order marks in the middle, and with the
// lines whose quote never closes emptied, so that they cost their own line and not the rest of
// the file. A clean UTF-8 file is read where it lies; the only cost is the quote scan.
import { rmSync } from 'node:fs';
import type { CsvFormat } from '../../define-source.ts';
import { type Transcoding, transcodeToUtf8 } from './encoding.ts';
import { blankLines, unclosedQuotes } from './quotes.ts';

export interface PreparedCsv {
  /** The file DuckDB reads: the export itself, or a copy next to `temp`. */
  path: string;
  /** Lines emptied because their quote never closes: 1-based line and 0-based field. */
  unclosed: { line: number; field: number }[];
  remove(): void;
}

/**
 * @param skip lines above the first record (title and header), which are not scanned
 * @param temp path prefix for the copies, which remove() deletes
 */
export async function prepareCsv(
  path: string,
  format: CsvFormat,
  encoding: 'utf-8' | Transcoding,
  skip: number,
  temp: string,
): Promise<PreparedCsv> {
  const copies: string[] = [];
  const remove = () => {
    for (const copy of copies) rmSync(copy, { force: true });
  };
  try {
    let current = path;
    if (encoding !== 'utf-8') {
      current = `${temp}.utf8.csv`;
      copies.push(current);
      await transcodeToUtf8(path, current, encoding);
    }
    const open = unclosedQuotes(current, format.delimiter, format.quote, skip);
    let unclosed: PreparedCsv['unclosed'] = [];
    if (open.length) {
      const blanked = `${temp}.quotes.csv`;
      copies.push(blanked);
      unclosed = blankLines(current, blanked, open, format.delimiter, format.quote);
      current = blanked;
    }
    return { path: current, unclosed, remove };
  } catch (err) {
    remove();
    throw err;
  }
}
