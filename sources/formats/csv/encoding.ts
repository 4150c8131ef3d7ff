// Windows-1252 is what Dutch registration systems export. DuckDB's built-in latin-1 rejects
// bytes 0x80–0x9F (€, curly quotes), so such files are transcoded to UTF-8 in a stream before
// DuckDB reads them. Detection: a file that is valid UTF-8 is UTF-8; otherwise Windows-1252.
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

export async function transcodeToUtf8(from: string, to: string, encoding: 'windows-1252'): Promise<void> {
  const decoder = new TextDecoder(encoding);
  const toUtf8 = new Transform({
    transform(chunk: Buffer, _enc, done) {
      done(null, Buffer.from(decoder.decode(chunk, { stream: true }), 'utf8'));
    },
    flush(done) {
      done(null, Buffer.from(decoder.decode(), 'utf8'));
    },
  });
  await pipeline(createReadStream(from, { highWaterMark: 1 << 20 }), toUtf8, createWriteStream(to));
}
