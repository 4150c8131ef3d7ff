// The physical line on which each CSV record starts, for files where DuckDB's record count
// cannot be turned into line numbers by simple addition: blank lines (DuckDB skips them),
// line breaks inside quoted fields, and lines DuckDB rejected. People fix exports by line
// number, so the numbers we report must be the ones their editor shows.
import { createReadStream } from 'node:fs';

const LF = 10;
const CR = 13;

/** Physical LF count and whether the file ends in a line break: one native-speed pass. */
export function lineCounter() {
  let lines = 0;
  let last = -1;
  return {
    update(buf: Buffer) {
      let i = buf.indexOf(LF);
      while (i !== -1) {
        lines++;
        i = buf.indexOf(LF, i + 1);
      }
      if (buf.length) last = buf[buf.length - 1]!;
    },
    /** Number of lines as an editor counts them. */
    get total() {
      return lines + (last !== LF && last !== -1 ? 1 : 0);
    },
  };
}

/**
 * 1-based start lines of the non-blank records after the first `skip` lines, honouring quotes.
 * Single-byte delimiter and quote assumed (true for every encoding we read: they are ASCII).
 */
export async function recordStartLines(path: string, skip: number, quote: string): Promise<Uint32Array> {
  const q = quote ? quote.charCodeAt(0) : -1;
  let out = new Uint32Array(1 << 16);
  let n = 0;
  let line = 1;
  let inQuotes = false;
  let recordLine = 1;
  let recordHasContent = false;
  const endRecord = () => {
    if (recordHasContent && recordLine > skip) {
      if (n === out.length) {
        const bigger = new Uint32Array(out.length * 2);
        bigger.set(out);
        out = bigger;
      }
      out[n++] = recordLine;
    }
    recordHasContent = false;
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer;
    for (let i = 0; i < buf.length; i++) {
      const b = buf[i]!;
      if (b === LF) {
        line++;
        if (!inQuotes) {
          endRecord();
          recordLine = line;
        }
      } else if (b !== CR) {
        if (b === q) inQuotes = !inQuotes;
        recordHasContent = true;
      }
    }
  }
  endRecord();
  return out.subarray(0, n);
}
