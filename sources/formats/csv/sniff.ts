// Looks at the start of a CSV export to find what DuckDB needs told: the header line (exports
// often put a title and a blank line above it) and the header names, so mapped columns can be
// found by name. Only the first 256 KiB are read; the rows themselves are left to DuckDB.
import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { UserError } from '../../../lib/errors.ts';
import type { Transcoding } from './encoding.ts';

const sampleBytes = 256 * 1024;
const maxHeaderSearch = 50;

export interface CsvHeader {
  /** 0-based index of the header line: the number of lines DuckDB must skip before it. */
  line: number;
  names: string[];
}

export function readSample(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(sampleBytes);
    const n = readSync(fd, buf, 0, sampleBytes, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

export function decodeSample(sample: Buffer, encoding: 'utf-8' | Transcoding): string {
  const text =
    encoding === 'per-line'
      ? splitBuffer(sample)
          .map((line) => new TextDecoder(isUtf8(line) ? 'utf-8' : 'windows-1252').decode(line))
          .join('')
      : new TextDecoder(encoding).decode(sample);
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Lines with their line breaks, so that joined they are the sample again. */
function splitBuffer(buf: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let start = 0; start < buf.length; ) {
    const lf = buf.indexOf(10, start);
    const end = lf === -1 ? buf.length : lf + 1;
    out.push(buf.subarray(start, end));
    start = end;
  }
  return out;
}

/** Splits one line on the delimiter, honouring quotes ("a;b" stays one field). */
export function splitLine(line: string, delimiter: string, quote = '"'): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote && c === quote) {
      if (quoted && line[i + 1] === quote) {
        field += quote;
        i++;
      } else quoted = !quoted;
    } else if (!quoted && line.startsWith(delimiter, i)) {
      out.push(field);
      field = '';
      i += delimiter.length - 1;
    } else field += c;
  }
  out.push(field);
  return out.map((f) => f.trim());
}

export const normaliseHeader = (name: string) => name.trim().replace(/\s+/g, ' ').toLowerCase();

/**
 * The header is the first line that holds every column the mapping needs. If none does, the
 * message names the columns that are missing from the line that came closest.
 */
export function findHeader(
  lines: string[],
  needed: string[],
  split: (line: string) => string[],
  where: string,
  fixedLine?: number,
): CsvHeader {
  const want = needed.map(normaliseHeader);
  let best: { line: number; names: string[]; missing: string[] } | undefined;
  const candidates =
    fixedLine !== undefined ? [fixedLine - 1] : [...Array(Math.min(lines.length, maxHeaderSearch)).keys()];
  for (const i of candidates) {
    const names = split(lines[i] ?? '');
    const have = new Set(names.map(normaliseHeader));
    const missing = needed.filter((_, k) => !have.has(want[k]!));
    if (missing.length === 0) return { line: i, names };
    if (!best || missing.length < best.missing.length) best = { line: i, names, missing };
  }
  if (!best || best.names.filter((n) => n !== '').length === 0) {
    throw new UserError(
      `${where}: no header row found; the file seems empty.`,
      'Check that the export is complete.',
    );
  }
  const list = best.missing.map((m) => `'${m}'`).join(', ');
  // A file of one endless line would otherwise put all of it in the message (and the log).
  const shown = best.names.filter(Boolean).map((n) => (n.length > 60 ? `${n.slice(0, 60)}…` : n));
  const has =
    shown.length > 30 ? `${shown.slice(0, 30).join(', ')} and ${shown.length - 30} more` : shown.join(', ');
  throw new UserError(
    `${where}: column ${list} not found. The header (line ${best.line + 1}) has: ${has}.`,
    'The file was not loaded. Fix the column mapping in impact.yaml, or ask for an export with this column.',
  );
}

export function sampleLines(text: string): string[] {
  const lines = text.split(/\r\n|\n|\r/);
  if (lines.length > 1) lines.pop(); // the sample may end mid-line
  return lines;
}
