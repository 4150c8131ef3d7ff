// Windows-1252 encoding. Dutch registration systems still export CSV in cp1252, not UTF-8:
// € is byte 0x80, curly quotes are 0x93/0x94, ë is 0xEB. Node has no cp1252 encoder, so this
// is a small one: Latin-1 for U+00A0–U+00FF, a table for the printable characters cp1252 puts in
// 0x80–0x9F, and '?' for everything else (as Windows does when it cannot map a character).

/** Code point → byte for the characters cp1252 places in 0x80–0x9F. */
const HIGH: ReadonlyMap<number, number> = new Map([
  [0x20ac, 0x80], // €
  [0x201a, 0x82], // ‚
  [0x0192, 0x83], // ƒ
  [0x201e, 0x84], // „
  [0x2026, 0x85], // …
  [0x2020, 0x86], // †
  [0x2021, 0x87], // ‡
  [0x02c6, 0x88], // ˆ
  [0x2030, 0x89], // ‰
  [0x0160, 0x8a], // Š
  [0x2039, 0x8b], // ‹
  [0x0152, 0x8c], // Œ
  [0x017d, 0x8e], // Ž
  [0x2018, 0x91], // ‘
  [0x2019, 0x92], // ’
  [0x201c, 0x93], // “
  [0x201d, 0x94], // ”
  [0x2022, 0x95], // •
  [0x2013, 0x96], // –
  [0x2014, 0x97], // —
  [0x02dc, 0x98], // ˜
  [0x2122, 0x99], // ™
  [0x0161, 0x9a], // š
  [0x203a, 0x9b], // ›
  [0x0153, 0x9c], // œ
  [0x017e, 0x9e], // ž
  [0x0178, 0x9f], // Ÿ
]);

const QUESTION = 0x3f;
/** Code units that Latin-1 would get wrong: C1 controls, anything above U+00FF. */
const NEEDS_TABLE = /[\u0080-\u009f\u0100-\uffff]/;

/** The cp1252 byte for one UTF-16 code unit, or '?' when cp1252 has no such character. */
export function cp1252Byte(code: number): number {
  if (code < 0x80 || (code >= 0xa0 && code <= 0xff)) return code;
  return HIGH.get(code) ?? QUESTION;
}

/**
 * Encodes `text` into `target` from `offset` and returns the offset after it. Needs at most
 * `text.length` bytes: a surrogate pair (never cp1252) becomes a single '?'.
 */
export function encodeCp1252Into(text: string, target: Buffer, offset: number): number {
  // Most lines are plain ASCII/Latin-1, which Node copies natively; only the rest needs the table.
  if (!NEEDS_TABLE.test(text)) return offset + target.write(text, offset, 'latin1');
  let at = offset;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      target[at++] = code;
    } else if (code >= 0xd800 && code <= 0xdbff) {
      target[at++] = QUESTION;
      i++; // skip the low surrogate
    } else {
      target[at++] = cp1252Byte(code);
    }
  }
  return at;
}

export function encodeCp1252(text: string): Buffer {
  const out = Buffer.allocUnsafe(text.length);
  const end = encodeCp1252Into(text, out, 0);
  return out.subarray(0, end);
}

/** The inverse, for tests and for checking that a name survives the round trip. */
export function decodeCp1252(bytes: Uint8Array): string {
  const reverse = new Map<number, number>();
  for (const [code, byte] of HIGH) reverse.set(byte, code);
  let out = '';
  for (const byte of bytes) out += String.fromCharCode(reverse.get(byte) ?? byte);
  return out;
}

/** True when every character of `text` has its own cp1252 byte (nothing would become '?'). */
export function isCp1252(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code !== QUESTION && cp1252Byte(code) === QUESTION) return false;
  }
  return true;
}
