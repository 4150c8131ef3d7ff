// sources/formats/xlsx/unpacked-size.ts — the zip-bomb check for the zips SheetJS reads (.xlsb, .ods;
// streamed .xlsx count as they inflate, see zip-entries.ts). Measures what a workbook's zip really
// unpacks to by inflating every part with node:zlib under a cap, before SheetJS sees the file.
// The worker's heap cap alone is not enough: SheetJS turns each part into one big string, and when
// a single allocation overshoots the heap cap by more than Node's small leeway, V8 aborts the whole
// process instead of just stopping the worker. Keeping the unpacked total to a fraction of the heap
// prevents that. Sizes declared in the zip are ignored; they are whatever the file's author wrote.
import { inflateRawSync } from 'node:zlib';
import { DamagedZip, UnpackedTooLarge } from './zip-entries.ts';

const END_OF_DIRECTORY = 0x06054b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;

export { DamagedZip, UnpackedTooLarge };

/** Total unpacked bytes of all parts; throws UnpackedTooLarge as soon as the total passes `limit`. */
export function unpackedSize(zip: Buffer, limit: number): number {
  const end = findEndOfDirectory(zip);
  const entries = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  let total = 0;
  for (let i = 0; i < entries; i++) {
    if (at + 46 > zip.length || zip.readUInt32LE(at) !== DIRECTORY_ENTRY)
      throw new DamagedZip('damaged zip directory');
    const method = zip.readUInt16LE(at + 10);
    const packedSize = zip.readUInt32LE(at + 20);
    const local = zip.readUInt32LE(at + 42);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
    if (local + 30 > zip.length || zip.readUInt32LE(local) !== LOCAL_HEADER)
      throw new DamagedZip('damaged zip entry');
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const packed = zip.subarray(start, start + packedSize);
    total += method === 0 ? packed.length : inflatedLength(packed, limit - total);
    if (total > limit) throw new UnpackedTooLarge(limit);
  }
  return total;
}

function inflatedLength(packed: Buffer, room: number): number {
  try {
    return inflateRawSync(packed, { maxOutputLength: Math.max(1, room + 1) }).length;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') return room + 1;
    throw new DamagedZip(`damaged zip data (${(error as Error).message})`);
  }
}

function findEndOfDirectory(zip: Buffer): number {
  // The record is 22 bytes plus a comment of at most 65,535 bytes, at the very end of the file.
  for (let at = zip.length - 22; at >= Math.max(0, zip.length - 22 - 0xffff); at--) {
    if (zip.readUInt32LE(at) === END_OF_DIRECTORY) return at;
  }
  throw new DamagedZip('no zip directory found');
}
