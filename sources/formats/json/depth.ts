// Measures how deeply a JSON file nests, by streaming its bytes once (strings are skipped, so a
// bracket inside a text value does not count). DuckDB reads the values itself; this only guards
// against hostile or broken exports: a file nested hundreds of levels deep is not an export of
// records, and deep recursion is where JSON readers break. Nothing is parsed into JavaScript.
// Read a chunk at a time, asynchronously, so a large file does not hold up the event loop (a
// worker must keep renewing its job's lock meanwhile).
import { open } from 'node:fs/promises';

export interface DepthScan {
  /** Deepest nesting of objects and arrays seen, 0 for a file of bare values. */
  maxDepth: number;
  /** 1-based line on which the nesting first went beyond the limit, when it did. */
  tooDeepAtLine?: number;
  /** When the document is a list: the 1-based item of it in which that happened. */
  tooDeepInItem?: number;
  /** The first character that is not white space or a byte-order mark; absent for an empty file. */
  first?: string;
}

const chunkBytes = 1 << 20;
const [quote, backslash, newline, comma, openList] = [0x22, 0x5c, 0x0a, 0x2c, 0x5b];
const opens = new Set([0x5b, 0x7b]);
const closes = new Set([0x5d, 0x7d]);
// Space, tab, CR, LF and the bytes of a UTF-8 byte-order mark.
const blank = new Set([0x20, 0x09, 0x0d, 0x0a, 0xef, 0xbb, 0xbf]);

export async function scanDepth(path: string, limit: number): Promise<DepthScan> {
  const file = await open(path, 'r');
  const buf = Buffer.alloc(chunkBytes);
  let depth = 0;
  let maxDepth = 0;
  let line = 1;
  let inString = false;
  let escaped = false;
  let topIsList: boolean | undefined;
  let item = 1;
  let first: number | undefined;
  try {
    for (;;) {
      const { bytesRead: n } = await file.read(buf, 0, chunkBytes, null);
      if (n === 0) break;
      for (let i = 0; i < n; i++) {
        const b = buf[i]!;
        if (b === newline) line++;
        if (first === undefined && !blank.has(b)) first = b;
        if (inString) {
          if (escaped) escaped = false;
          else if (b === backslash) escaped = true;
          else if (b === quote) inString = false;
        } else if (b === quote) inString = true;
        else if (opens.has(b)) {
          topIsList ??= b === openList;
          depth++;
          if (depth > maxDepth) {
            maxDepth = depth;
            if (depth > limit) {
              const at = topIsList ? { tooDeepInItem: item } : {};
              return { maxDepth, tooDeepAtLine: line, ...at, first: String.fromCharCode(first!) };
            }
          }
        } else if (closes.has(b) && depth > 0) depth--;
        else if (b === comma && depth === 1) item++;
      }
    }
  } finally {
    await file.close();
  }
  return { maxDepth, ...(first === undefined ? {} : { first: String.fromCharCode(first) }) };
}
