// Windows-1252 is what Dutch registration systems export. DuckDB's built-in latin-1 rejects
// bytes 0x80–0x9F (€, curly quotes), so such files are transcoded to UTF-8 in a stream before
// DuckDB reads them. Detection: a file that is valid UTF-8 is UTF-8; otherwise Windows-1252, or
// with `encoding: auto` each line in its own encoding (see Transcoding).

import { isUtf8 } from 'node:buffer';
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { lineCounter } from './record-lines.ts';

export interface Fingerprint {
  sha256: string;
  bytes: number;
  validUtf8: boolean;
  /** Physical lines, as an editor counts them. */
  lines: number;
}

/** One pass over the file: its sha256 and whether it is valid UTF-8. */
export async function fingerprint(path: string, checkUtf8: boolean): Promise<Fingerprint> {
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let validUtf8 = checkUtf8;
  let bytes = 0;
  const lines = lineCounter();
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    const buf = chunk as Buffer;
    hash.update(buf);
    lines.update(buf);
    bytes += buf.length;
    if (validUtf8) {
      try {
        decoder.decode(buf, { stream: true });
      } catch {
        validUtf8 = false;
      }
    }
  }
  if (validUtf8) {
    try {
      decoder.decode();
    } catch {
      validUtf8 = false;
    }
  }
  return { sha256: hash.digest('hex'), bytes, validUtf8, lines: lines.total };
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Byte-order marks are dropped wherever they are: two exports pasted together leave one in the
 * middle, and in Windows-1252 it would become 'ï»¿' glued to the next record's first cell.
 * `rest` is a trailing start of a mark split over two chunks, to put before the next chunk.
 */
export function withoutBoms(buf: Buffer): { out: Buffer; rest: Buffer } {
  const parts: Buffer[] = [];
  let at = 0;
  for (let i = buf.indexOf(BOM); i !== -1; i = buf.indexOf(BOM, at)) {
    parts.push(buf.subarray(at, i));
    at = i + BOM.length;
  }
  let keep = 0;
  if (buf.length - at >= 2 && buf[buf.length - 2] === 0xef && buf[buf.length - 1] === 0xbb) keep = 2;
  else if (buf.length - at >= 1 && buf[buf.length - 1] === 0xef) keep = 1;
  parts.push(buf.subarray(at, buf.length - keep));
  return {
    out: parts.length === 1 ? parts[0]! : Buffer.concat(parts),
    rest: buf.subarray(buf.length - keep),
  };
}

/**
 * How a file that is not valid UTF-8 is read. 'per-line' is for `encoding: auto` files where
 * lines were pasted together from different systems: each line that is valid UTF-8 stays as it
 * is, every other line is Windows-1252. Whole-file detection would turn the UTF-8 lines' 'é'
 * into 'Ã©'.
 */
export type Transcoding = 'windows-1252' | 'per-line';

const LF = 10;
/** A line longer than this is decoded in pieces; DuckDB rejects lines over 4 MB anyway. */
const maxCarry = 8 << 20;

/** Decodes whole lines, each in its own encoding; `text` is the part up to the last line break. */
function perLineDecoder() {
  const cp1252 = new TextDecoder('windows-1252');
  return (text: Buffer): Buffer => {
    if (isUtf8(text)) return text;
    const out: Buffer[] = [];
    let start = 0;
    let plain = 0; // start of the run of lines that are valid UTF-8 and can be copied as they are
    while (start < text.length) {
      const lf = text.indexOf(LF, start);
      const end = lf === -1 ? text.length : lf + 1;
      const line = text.subarray(start, end);
      if (!isUtf8(line)) {
        out.push(text.subarray(plain, start), Buffer.from(cp1252.decode(line), 'utf8'));
        plain = end;
      }
      start = end;
    }
    out.push(text.subarray(plain));
    return Buffer.concat(out);
  };
}

export async function transcodeToUtf8(from: string, to: string, encoding: Transcoding): Promise<void> {
  let rest: Buffer = Buffer.alloc(0);
  let toUtf8: Transform;
  if (encoding === 'windows-1252') {
    const decoder = new TextDecoder('windows-1252');
    toUtf8 = new Transform({
      transform(chunk: Buffer, _enc, done) {
        const clean = withoutBoms(rest.length ? Buffer.concat([rest, chunk]) : chunk);
        rest = clean.rest;
        done(null, Buffer.from(decoder.decode(clean.out, { stream: true }), 'utf8'));
      },
      flush(done) {
        done(null, Buffer.from(decoder.decode(rest), 'utf8'));
      },
    });
  } else {
    const decode = perLineDecoder();
    toUtf8 = new Transform({
      transform(chunk: Buffer, _enc, done) {
        const clean = withoutBoms(rest.length ? Buffer.concat([rest, chunk]) : chunk);
        // Only whole lines are decoded: the line that runs on waits for the next chunk.
        const lf = clean.out.lastIndexOf(LF);
        const cut = lf === -1 && clean.out.length > maxCarry ? clean.out.length : lf + 1;
        rest = Buffer.concat([clean.out.subarray(cut), clean.rest]);
        done(null, decode(clean.out.subarray(0, cut)));
      },
      flush(done) {
        done(null, decode(rest));
      },
    });
  }
  await pipeline(createReadStream(from, { highWaterMark: 1 << 20 }), toUtf8, createWriteStream(to));
}
