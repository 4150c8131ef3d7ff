// sources/formats/xlsx/zip-entries.ts — reads a workbook's zip without loading it: the central
// directory tells where each part is, and a part is inflated as a stream of text chunks. Every
// inflated byte is counted against one budget for the whole workbook, so a zip bomb is stopped as
// its bytes come out, not after. Sizes declared in the zip are only used to find the packed data;
// what a part unpacks to is whatever really comes out of zlib.
import { createReadStream } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';

const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END = 0x06064b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
const CHUNK = 1 << 16;

export class UnpackedTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`unpacks to more than ${limit} bytes`);
  }
}

export class DamagedZip extends Error {}

export interface ZipPart {
  name: string;
  method: number;
  flags: number;
  packedSize: number;
  localOffset: number;
}

/** Inflated bytes so far, over every part read; `count` throws once they pass `limit`. */
export class UnpackedBudget {
  used = 0;
  constructor(readonly limit: number) {}

  count(bytes: number): void {
    this.used += bytes;
    if (this.used > this.limit) throw new UnpackedTooLarge(this.limit);
  }
}

export class ZipEntries {
  private constructor(
    private readonly path: string,
    private readonly handle: FileHandle,
    private readonly parts: Map<string, ZipPart>,
  ) {}

  static async open(path: string): Promise<ZipEntries> {
    const handle = await open(path, 'r');
    try {
      const size = (await handle.stat()).size;
      return new ZipEntries(path, handle, await readDirectory(handle, size));
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** A part by its path in the package; OPC part names do not depend on case. */
  part(name: string): ZipPart | undefined {
    return this.parts.get(normalise(name));
  }

  has(name: string): boolean {
    return this.parts.has(normalise(name));
  }

  /**
   * The part as UTF-8 text, chunk by chunk. With a budget, its inflated bytes count against it; a
   * part read a second time is passed no budget, so it is not counted twice.
   */
  async *text(part: ZipPart, budget?: UnpackedBudget): AsyncGenerator<string> {
    if (part.flags & 1) throw new DamagedZip(`${part.name} is encrypted inside the zip`);
    if (part.method !== 0 && part.method !== 8) {
      throw new DamagedZip(`${part.name} uses zip compression method ${part.method}`);
    }
    const header = Buffer.alloc(30);
    await this.handle.read(header, 0, 30, part.localOffset);
    if (header.readUInt32LE(0) !== LOCAL_HEADER) throw new DamagedZip('damaged zip entry');
    const start = part.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    if (part.packedSize === 0) return;
    const raw = createReadStream(this.path, {
      start,
      end: start + part.packedSize - 1,
      highWaterMark: CHUNK * 4,
    });
    const inflate = part.method === 8 ? createInflateRaw({ chunkSize: CHUNK }) : undefined;
    const bytes = inflate ? raw.pipe(inflate) : raw;
    raw.on('error', (error) => inflate?.destroy(error));
    const decoder = new TextDecoder('utf-8');
    let first = true;
    try {
      for await (const chunk of bytes as AsyncIterable<Buffer>) {
        budget?.count(chunk.length);
        let text = decoder.decode(chunk, { stream: true });
        if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        first = false;
        if (text.length > 0) yield text;
      }
      const rest = decoder.decode();
      if (rest.length > 0) yield rest;
    } catch (error) {
      if (error instanceof UnpackedTooLarge) throw error;
      throw new DamagedZip(`damaged zip data in ${part.name} (${(error as Error).message})`);
    } finally {
      raw.destroy();
      inflate?.destroy();
    }
  }

  /** A small part (workbook, relationships) as one string. */
  async whole(part: ZipPart, budget: UnpackedBudget): Promise<string> {
    let text = '';
    for await (const chunk of this.text(part, budget)) text += chunk;
    return text;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}

function normalise(name: string): string {
  return name.replace(/^\/+/, '').toLowerCase();
}

async function read(handle: FileHandle, at: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, at);
  if (bytesRead < length) throw new DamagedZip('the zip ends too early');
  return buffer;
}

async function readDirectory(handle: FileHandle, size: number): Promise<Map<string, ZipPart>> {
  // The end record is 22 bytes plus a comment of at most 65,535 bytes, at the very end of the file.
  const tailLength = Math.min(size, 22 + 0xffff + 20);
  const tail = await read(handle, size - tailLength, tailLength);
  let end = -1;
  for (let at = tail.length - 22; at >= 0; at--) {
    if (tail.readUInt32LE(at) === END_OF_DIRECTORY) {
      end = at;
      break;
    }
  }
  if (end < 0) throw new DamagedZip('no zip directory found');
  let count = tail.readUInt16LE(end + 10);
  let dirSize = tail.readUInt32LE(end + 12);
  let dirOffset = tail.readUInt32LE(end + 16);
  if (
    (count === 0xffff || dirOffset === 0xffffffff) &&
    end >= 20 &&
    tail.readUInt32LE(end - 20) === ZIP64_LOCATOR
  ) {
    const record = await read(handle, Number(tail.readBigUInt64LE(end - 12)), 56);
    if (record.readUInt32LE(0) !== ZIP64_END) throw new DamagedZip('damaged ZIP64 directory');
    count = Number(record.readBigUInt64LE(32));
    dirSize = Number(record.readBigUInt64LE(40));
    dirOffset = Number(record.readBigUInt64LE(48));
  }
  if (dirOffset + dirSize > size) throw new DamagedZip('damaged zip directory');
  const dir = await read(handle, dirOffset, dirSize);
  const parts = new Map<string, ZipPart>();
  let at = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > dir.length || dir.readUInt32LE(at) !== DIRECTORY_ENTRY) {
      throw new DamagedZip('damaged zip directory');
    }
    const nameLength = dir.readUInt16LE(at + 28);
    const extraLength = dir.readUInt16LE(at + 30);
    const flags = dir.readUInt16LE(at + 8);
    const name = dir.toString(flags & 0x800 ? 'utf8' : 'latin1', at + 46, at + 46 + nameLength);
    let packedSize = dir.readUInt32LE(at + 20);
    let localOffset = dir.readUInt32LE(at + 42);
    const unpacked32 = dir.readUInt32LE(at + 24);
    if (packedSize === 0xffffffff || localOffset === 0xffffffff) {
      // ZIP64 extra field: 64-bit values, in this order, for exactly the fields set to 0xffffffff.
      const extra = dir.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
      for (let e = 0; e + 4 <= extra.length; e += 4 + extra.readUInt16LE(e + 2)) {
        if (extra.readUInt16LE(e) !== 1) continue;
        let v = e + 4;
        if (unpacked32 === 0xffffffff) v += 8;
        if (packedSize === 0xffffffff) {
          packedSize = Number(extra.readBigUInt64LE(v));
          v += 8;
        }
        if (localOffset === 0xffffffff) localOffset = Number(extra.readBigUInt64LE(v));
        break;
      }
    }
    if (localOffset + 30 > size || localOffset + packedSize > size) {
      throw new DamagedZip('damaged zip entry');
    }
    const part = { name, method: dir.readUInt16LE(at + 10), flags, packedSize, localOffset };
    parts.set(normalise(name), part);
    at += 46 + nameLength + extraLength + dir.readUInt16LE(at + 32);
  }
  return parts;
}
