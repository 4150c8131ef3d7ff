// A quote that opens a field and is never closed makes DuckDB read the rest of the file as that
// one field: its parallel reader rejects the line and drops every line after it, the serial
// reader drops them without a word. This pass finds such quotes before DuckDB reads the file, so
// that only their own line is set aside (blanked in a copy, reported as a rejected line) and the
// lines after it load. It jumps from quote to quote with native indexOf, so a file with few
// quotes costs little more than one read.
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { splitLine } from './sniff.ts';

const LF = 10;
const CR = 13;
/** A quoted field longer than DuckDB's line limit cannot be read anyway: its quote is unclosed. */
const maxQuoted = 4_000_000;
const blockSize = 1 << 20;

/** Byte offsets of a line whose quote never closes. */
export interface UnclosedQuote {
  lineStart: number;
  /** Offset of the line's LF, or the file size for a last line without one. */
  lineEnd: number;
  quoteAt: number;
}

/** Forward and backward search for line breaks, one block at a time, on the rare failing path. */
class Blocks {
  private readonly block = Buffer.allocUnsafe(blockSize);
  private base = 0;
  private buf = this.block.subarray(0, 0);

  constructor(
    private readonly fd: number,
    readonly size: number,
  ) {}

  private load(from: number): void {
    this.base = Math.max(0, from);
    this.buf = this.block.subarray(0, readSync(this.fd, this.block, 0, blockSize, this.base));
  }

  private holds(pos: number): boolean {
    return pos >= this.base && pos < this.base + this.buf.length;
  }

  /** First offset of byte at or after from, or -1. */
  indexOf(byte: number, from: number): number {
    for (let pos = from; pos < this.size; pos = this.base + this.buf.length) {
      if (!this.holds(pos)) this.load(pos);
      const i = this.buf.indexOf(byte, pos - this.base);
      if (i !== -1) return this.base + i;
    }
    return -1;
  }

  /** Last offset of byte at or before from, or -1. */
  lastIndexOf(byte: number, from: number): number {
    for (let pos = from; pos >= 0; pos = this.base - 1) {
      if (!this.holds(pos)) this.load(pos - blockSize + 1);
      const i = this.buf.lastIndexOf(byte, pos - this.base);
      if (i !== -1) return this.base + i;
    }
    return -1;
  }
}

// Where the reader stands, as DuckDB's state machine sees it.
const fieldStart = 0; // a quote here opens a quoted field
const unquoted = 1; // a quote here is text
const quoted = 2;
const quoteInQuoted = 3; // closes the field, or is the first half of ""
const restOfLine = 4; // DuckDB rejects this line by itself and goes on at the next

/**
 * Lines after the first `skip` whose quote opens a field and is not closed, read the way DuckDB
 * reads quotes: a quote opens a field only at its start, `""` inside is a quote, the closing
 * quote is followed by the delimiter or the end of the line. A quote that goes wrong on its own
 * line ('"a"b') is left to DuckDB, which rejects that line by itself.
 */
export function unclosedQuotes(
  path: string,
  delimiter: string,
  quote: string,
  skip: number,
): UnclosedQuote[] {
  if (!quote) return [];
  const fd = openSync(path, 'r');
  try {
    const f = new Blocks(fd, fstatSync(fd).size);
    const scan = firstUnclosed(fd, f.size, delimiter, quote.charCodeAt(0));
    let pos = 0;
    for (let i = 0; i < skip && pos < f.size; i++) {
      const lf = f.indexOf(LF, pos);
      pos = lf === -1 ? f.size : lf + 1;
    }
    const out: UnclosedQuote[] = [];
    for (let open = scan(pos); open !== -1; open = scan(pos)) {
      const lf = f.indexOf(LF, open);
      const lineEnd = lf === -1 ? f.size : lf;
      out.push({ lineStart: f.lastIndexOf(LF, open) + 1, lineEnd, quoteAt: open });
      pos = lineEnd + 1; // the lines after it are read afresh
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

/**
 * A scanner from a line start to the first quote that does not close: its offset, or -1. One
 * byte loop per block; blocks without a quote are skipped whole, unless inside a quoted field.
 */
function firstUnclosed(fd: number, size: number, delimiter: string, q: number) {
  const [first, last] = [delimiter.charCodeAt(0), delimiter.charCodeAt(delimiter.length - 1)];
  const buf = Buffer.allocUnsafe(blockSize);
  return (from: number): number => {
    let state = fieldStart;
    let open = -1;
    let pastLineBreak = false; // the open quoted field already holds a line break
    for (let base = from; base < size; ) {
      const n = readSync(fd, buf, 0, blockSize, base);
      if (n === 0) break;
      if ((state === fieldStart || state === unquoted) && buf.subarray(0, n).indexOf(q) === -1) {
        const end = buf[n - 1];
        state = end === last || end === LF ? fieldStart : unquoted;
        base += n;
        continue;
      }
      for (let i = 0; i < n; i++) {
        const b = buf[i]!;
        switch (state) {
          case fieldStart:
            if (b === q) {
              state = quoted;
              open = base + i;
              pastLineBreak = false;
            } else if (b !== last && b !== LF) state = unquoted;
            break;
          case unquoted:
            if (b === last || b === LF) state = fieldStart;
            break;
          case quoted:
            if (b === q) state = quoteInQuoted;
            else if (b === LF) {
              if (base + i - open > maxQuoted) return open;
              pastLineBreak = true;
            }
            break;
          case quoteInQuoted:
            if (b === q) state = quoted;
            else if (b === first || b === LF) state = fieldStart;
            else if (b === CR) state = unquoted;
            else if (pastLineBreak) return open;
            else state = restOfLine;
            break;
          default:
            if (b === LF) state = fieldStart;
        }
      }
      base += n;
    }
    return state === quoted ? open : -1;
  };
}

/**
 * Copies the file with the given lines emptied (their line break kept, so every other line keeps
 * its number; DuckDB skips blank lines). Returns each emptied line's number and the 0-based
 * field its quote opened.
 */
export function blankLines(
  from: string,
  to: string,
  lines: UnclosedQuote[],
  delimiter: string,
  quote: string,
): { line: number; field: number }[] {
  const input = openSync(from, 'r');
  const output = openSync(to, 'w');
  const buf = Buffer.allocUnsafe(blockSize);
  let line = 1;
  const copy = (start: number, end: number) => {
    for (let pos = start; pos < end; ) {
      const n = readSync(input, buf, 0, Math.min(blockSize, end - pos), pos);
      if (n === 0) break;
      writeSync(output, buf, 0, n);
      const read = buf.subarray(0, n);
      for (let i = read.indexOf(LF); i !== -1; i = read.indexOf(LF, i + 1)) line++;
      pos += n;
    }
  };
  try {
    const out: { line: number; field: number }[] = [];
    let pos = 0;
    for (const u of lines) {
      copy(pos, u.lineStart);
      const before = Buffer.allocUnsafe(Math.min(u.quoteAt - u.lineStart, maxQuoted));
      readSync(input, before, 0, before.length, u.lineStart);
      out.push({ line, field: splitLine(before.toString('latin1'), delimiter, quote).length - 1 });
      const last = Buffer.alloc(1);
      const crlf =
        u.lineEnd > u.lineStart && readSync(input, last, 0, 1, u.lineEnd - 1) === 1 && last[0] === CR;
      pos = crlf ? u.lineEnd - 1 : u.lineEnd;
    }
    copy(pos, fstatSync(input).size);
    return out;
  } finally {
    closeSync(input);
    closeSync(output);
  }
}
