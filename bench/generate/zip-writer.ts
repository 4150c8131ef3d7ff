// A streaming ZIP writer, just enough for XLSX: deflated entries written straight to disk, with
// the sizes and CRC patched into each local header afterwards (as Excel's own files have them,
// without data descriptors). SheetJS builds whole workbooks in memory, which does not scale to
// a million-row ZRM sheet; this keeps memory flat. No ZIP64: an entry must stay under 4 GiB.
import { once } from 'node:events';
import type { FileHandle } from 'node:fs/promises';
import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';
import * as zlib from 'node:zlib';
import { partsOf } from './dates.ts';

const LIMIT = 0xffffffff;

interface Written {
  name: Buffer;
  offset: number;
  crc: number;
  size: number;
  compressed: number;
}

export class ZipWriter {
  private position = 0;
  private readonly entries: Written[] = [];
  private readonly dosTime = 0;
  private readonly dosDate: number;
  private open: ZipEntry | null = null;

  private constructor(
    private readonly handle: FileHandle,
    modifiedDay: number,
  ) {
    const p = partsOf(modifiedDay);
    this.dosDate = ((p.year - 1980) << 9) | (p.month << 5) | p.day;
  }

  static async create(path: string, modifiedDay: number): Promise<ZipWriter> {
    await mkdir(dirname(path), { recursive: true });
    return new ZipWriter(await open(path, 'w'), modifiedDay);
  }

  /** Starts a streamed entry; only one can be open at a time. */
  async entry(name: string): Promise<ZipEntry> {
    if (this.open) throw new Error(`ZIP entry ${name} started while another is still open.`);
    const nameBytes = Buffer.from(name, 'utf8');
    const offset = this.position;
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed
    header.writeUInt16LE(0x0800, 6); // names are UTF-8
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt16LE(this.dosTime, 10);
    header.writeUInt16LE(this.dosDate, 12);
    header.writeUInt16LE(nameBytes.length, 26);
    await this.append(Buffer.concat([header, nameBytes]));
    this.open = new ZipEntry(this, nameBytes, offset);
    return this.open;
  }

  /** Writes a small entry in one go. */
  async file(name: string, text: string): Promise<void> {
    const entry = await this.entry(name);
    entry.write(text);
    await entry.end();
  }

  /** @internal */
  async append(chunk: Buffer): Promise<void> {
    const at = this.position;
    this.position += chunk.length;
    await this.handle.write(chunk, 0, chunk.length, at);
  }

  /** @internal */
  async finish(entry: Written): Promise<void> {
    if (entry.size > LIMIT || entry.compressed > LIMIT || this.position > LIMIT) {
      throw new Error(`ZIP entry ${entry.name.toString()} is over 4 GiB; this writer has no ZIP64.`);
    }
    const sizes = Buffer.alloc(12);
    sizes.writeUInt32LE(entry.crc, 0);
    sizes.writeUInt32LE(entry.compressed, 4);
    sizes.writeUInt32LE(entry.size, 8);
    await this.handle.write(sizes, 0, 12, entry.offset + 14);
    this.entries.push(entry);
    this.open = null;
  }

  async close(): Promise<void> {
    if (this.open) throw new Error('ZIP closed while an entry is still open.');
    const start = this.position;
    for (const e of this.entries) {
      const record = Buffer.alloc(46);
      record.writeUInt32LE(0x02014b50, 0);
      record.writeUInt16LE(20, 4); // made by
      record.writeUInt16LE(20, 6); // needed
      record.writeUInt16LE(0x0800, 8);
      record.writeUInt16LE(8, 10);
      record.writeUInt16LE(this.dosTime, 12);
      record.writeUInt16LE(this.dosDate, 14);
      record.writeUInt32LE(e.crc, 16);
      record.writeUInt32LE(e.compressed, 20);
      record.writeUInt32LE(e.size, 24);
      record.writeUInt16LE(e.name.length, 28);
      record.writeUInt32LE(e.offset, 42);
      await this.append(Buffer.concat([record, e.name]));
    }
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt16LE(this.entries.length, 8);
    end.writeUInt16LE(this.entries.length, 10);
    end.writeUInt32LE(this.position - start, 12);
    end.writeUInt32LE(start, 16);
    await this.append(end);
    await this.handle.close();
  }
}

/** One entry being written: text in, deflated bytes out to the file. */
export class ZipEntry {
  private pending: string[] = [];
  private pendingLength = 0;
  private crc = 0;
  private size = 0;
  private compressed = 0;
  private writes: Promise<void> = Promise.resolve();
  private failure: unknown = null;
  private readonly deflate = zlib.createDeflateRaw({ level: 6 });

  constructor(
    private readonly zip: ZipWriter,
    private readonly name: Buffer,
    private readonly offset: number,
  ) {
    this.deflate.on('data', (chunk: Buffer) => {
      this.compressed += chunk.length;
      this.writes = this.writes
        .then(() => this.zip.append(chunk))
        .catch((e: unknown) => {
          this.failure ??= e;
        });
    });
  }

  write(text: string): void {
    this.pending.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength >= 1 << 16) this.push();
  }

  /** Waits until what was written has reached the file (call it now and then). */
  async flush(): Promise<void> {
    this.push();
    if (this.deflate.writableNeedDrain) await once(this.deflate, 'drain');
    await this.writes;
    if (this.failure) throw this.failure;
  }

  async end(): Promise<void> {
    this.push();
    const ended = once(this.deflate, 'end');
    this.deflate.end();
    await ended;
    await this.writes;
    if (this.failure) throw this.failure;
    await this.zip.finish({
      name: this.name,
      offset: this.offset,
      crc: this.crc,
      size: this.size,
      compressed: this.compressed,
    });
  }

  private push(): void {
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingLength = 0;
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.length;
    this.deflate.write(bytes);
  }
}

/** zlib.crc32 (Node ≥ 20.15), or a table-driven one on older Node. */
const crc32: (data: Uint8Array, previous: number) => number =
  typeof zlib.crc32 === 'function' ? zlib.crc32 : tableCrc32;

let table: Uint32Array | null = null;

function tableCrc32(data: Uint8Array, previous: number): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = ~previous >>> 0;
  for (const byte of data) crc = table[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return ~crc >>> 0;
}
