// A CSV file as a Windows registration system writes it: ';'-separated, cp1252, CRLF, fields
// with ';', '"' or a line break quoted with doubled quotes. Lines are encoded straight into
// 1 MiB buffers; full buffers are written out when the caller awaits flush(), so a file of any
// size costs a few MiB of memory. It also counts physical lines (a quoted line break starts a
// new one), because planted defects are reported by physical line number.

import type { FileHandle } from 'node:fs/promises';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { encodeCp1252Into } from './cp1252.ts';

const CHUNK = 1 << 20;
const NEEDS_QUOTES = /[;"\r\n]/;

export function csvField(value: string): string {
  if (!NEEDS_QUOTES.test(value)) return value;
  return `"${value.replaceAll('"', '""')}"`;
}

export class CsvFile {
  /** Physical lines written so far; the next line written is `lines + 1`. */
  lines = 0;
  /** Data rows written (the caller says which lines are data). */
  rows = 0;
  private buffer = Buffer.allocUnsafe(CHUNK);
  private used = 0;
  private full: Buffer[] = [];

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  static async create(path: string): Promise<CsvFile> {
    await mkdir(dirname(path), { recursive: true });
    return new CsvFile(path, await open(path, 'w'));
  }

  /** Writes one record and returns the physical line it starts on. */
  record(fields: readonly string[]): number {
    let text = '';
    for (let i = 0; i < fields.length; i++) {
      if (i > 0) text += ';';
      text += csvField(fields[i]!);
    }
    return this.line(text);
  }

  /** Writes already formatted text plus CRLF and returns the physical line it starts on. */
  line(text: string): number {
    const start = this.lines + 1;
    this.lines += 1 + countLineBreaks(text);
    const needed = text.length + 2;
    if (this.used + needed > this.buffer.length) {
      this.full.push(this.buffer.subarray(0, this.used));
      this.buffer = Buffer.allocUnsafe(Math.max(CHUNK, needed));
      this.used = 0;
    }
    this.used = encodeCp1252Into(text, this.buffer, this.used);
    this.buffer[this.used++] = 0x0d;
    this.buffer[this.used++] = 0x0a;
    return start;
  }

  /** Writes the buffers that are full; call it now and then to keep memory flat. */
  async flush(): Promise<void> {
    const chunks = this.full;
    this.full = [];
    for (const chunk of chunks) await this.handle.write(chunk);
  }

  async close(): Promise<void> {
    this.full.push(this.buffer.subarray(0, this.used));
    this.used = 0;
    await this.flush();
    await this.handle.close();
  }
}

/** Line breaks inside a field: CRLF, lone CR and lone LF each count once. */
function countLineBreaks(text: string): number {
  let breaks = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) breaks++;
  for (let i = text.indexOf('\r'); i >= 0; i = text.indexOf('\r', i + 1)) {
    if (text.charCodeAt(i + 1) !== 0x0a) breaks++;
  }
  return breaks;
}
