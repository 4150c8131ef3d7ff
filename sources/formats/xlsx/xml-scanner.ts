// sources/formats/xlsx/xml-scanner.ts — a small streaming XML tokenizer for SpreadsheetML parts.
// Text goes in chunk by chunk; start tags, end tags and text come out as calls on a handler, so a
// sheet of a million rows is never held whole. It knows only what workbook parts use: elements,
// attributes, character references, comments, CDATA and processing instructions. A DTD is
// refused: Excel never writes one, and entity definitions are how XML bombs work.
// Namespace prefixes are dropped (`x:row` is `row`): some exporters write prefixed SpreadsheetML.

export interface XmlHandler {
  /** A start tag; `tag` is everything between '<' and '>', for `attr()`. */
  open(name: string, tag: string, selfClosing: boolean): void;
  close(name: string): void;
  /** Raw text (character references not yet decoded); only called while `wantText` is set. */
  text(raw: string): void;
}

export class XmlError extends Error {}

export class XmlScanner {
  /** Set by the handler while it is inside an element whose text it wants. */
  wantText = false;
  private pending = '';

  /** `maxTag`: longest start tag (or unfinished piece) accepted, so a hostile part cannot grow it. */
  constructor(
    private readonly handler: XmlHandler,
    private readonly maxTag = 1 << 20,
  ) {}

  feed(chunk: string): void {
    const buf = this.pending.length > 0 ? this.pending + chunk : chunk;
    const h = this.handler;
    let pos = 0;
    for (;;) {
      const lt = buf.indexOf('<', pos);
      if (lt < 0) {
        if (this.wantText && pos < buf.length) h.text(buf.slice(pos));
        pos = buf.length;
        break;
      }
      if (this.wantText && lt > pos) h.text(buf.slice(pos, lt));
      const next = buf.charCodeAt(lt + 1);
      if (next === 0x21 /* ! */ || next === 0x3f /* ? */) {
        const end = this.special(buf, lt);
        if (end < 0) {
          pos = lt;
          break;
        }
        pos = end;
        continue;
      }
      const gt = tagEnd(buf, lt + 1);
      if (gt < 0) {
        pos = lt;
        break;
      }
      if (next === 0x2f /* / */) {
        h.close(localName(buf, lt + 2, gt));
      } else {
        const selfClosing = buf.charCodeAt(gt - 1) === 0x2f;
        const tag = buf.slice(lt + 1, selfClosing ? gt - 1 : gt);
        const name = localName(tag, 0, tag.length);
        h.open(name, tag, selfClosing);
        if (selfClosing) h.close(name);
      }
      pos = gt + 1;
    }
    this.pending = pos < buf.length ? buf.slice(pos) : '';
    if (this.pending.length > this.maxTag) {
      throw new XmlError(`an XML tag longer than ${this.maxTag} characters`);
    }
  }

  end(): void {
    if (this.pending.trim() !== '') throw new XmlError('the XML ends in the middle of a tag');
  }

  /** Comments, CDATA, processing instructions; returns the index after them, or -1 when cut off. */
  private special(buf: string, lt: number): number {
    if (buf.startsWith('<?', lt)) {
      const end = buf.indexOf('?>', lt + 2);
      return end < 0 ? -1 : end + 2;
    }
    if (buf.startsWith('<!--', lt)) {
      const end = buf.indexOf('-->', lt + 4);
      return end < 0 ? -1 : end + 3;
    }
    if (buf.startsWith('<![CDATA[', lt)) {
      const end = buf.indexOf(']]>', lt + 9);
      if (end < 0) return -1;
      // Escaped again, so the handler decodes all its text the same way.
      if (this.wantText)
        this.handler.text(
          buf
            .slice(lt + 9, end)
            .replace(/&/g, '&amp;')
            .replace(/</g, '&lt;'),
        );
      return end + 3;
    }
    if (buf.length - lt < 9) return -1;
    throw new XmlError('the XML declares a DTD, which workbooks never do');
  }
}

/** Index of the '>' that ends the tag starting at `from`, skipping quoted attribute values. */
function tagEnd(buf: string, from: number): number {
  for (let i = from; i < buf.length; i++) {
    const c = buf.charCodeAt(i);
    if (c === 0x3e) return i;
    if (c === 0x22 || c === 0x27) {
      const close = buf.indexOf(c === 0x22 ? '"' : "'", i + 1);
      if (close < 0) return -1;
      i = close;
    }
  }
  return -1;
}

function localName(s: string, from: number, to: number): string {
  let end = from;
  let colon = -1;
  while (end < to) {
    const c = s.charCodeAt(end);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x2f || c === 0x3e) break;
    if (c === 0x3a) colon = end;
    end++;
  }
  return s.slice(colon < 0 ? from : colon + 1, end);
}

/** The decoded value of attribute `name` (without prefix: `r:id` is found as 'id'), or undefined. */
export function attr(tag: string, name: string): string | undefined {
  const out: (string | undefined)[] = [undefined];
  attrs(tag, [name], out);
  return out[0];
}

/**
 * The decoded values of several attributes in one pass over the tag: `out[i]` is `names[i]`'s
 * value, or undefined. A cell's r, s and t are read this way, once for each of a sheet's millions
 * of cells, rather than scanning its tag three times.
 */
export function attrs(tag: string, names: readonly string[], out: (string | undefined)[]): void {
  out.fill(undefined, 0, names.length);
  let i = 0;
  // Skip the element name.
  while (i < tag.length && !isSpace(tag.charCodeAt(i))) i++;
  while (i < tag.length) {
    while (i < tag.length && isSpace(tag.charCodeAt(i))) i++;
    const eq = tag.indexOf('=', i);
    if (eq < 0) return;
    let keyEnd = eq;
    while (keyEnd > i && isSpace(tag.charCodeAt(keyEnd - 1))) keyEnd--;
    let q = eq + 1;
    while (q < tag.length && isSpace(tag.charCodeAt(q))) q++;
    const quote = tag.charCodeAt(q);
    if (quote !== 0x22 && quote !== 0x27) return;
    const close = tag.indexOf(quote === 0x22 ? '"' : "'", q + 1);
    if (close < 0) return;
    // The key's local name, compared in place: no string is made for keys nobody asked for.
    let local = i;
    for (let k = i; k < keyEnd; k++) if (tag.charCodeAt(k) === 0x3a) local = k + 1;
    if (!tag.startsWith('xmlns', i)) {
      for (let n = 0; n < names.length; n++) {
        const want = names[n]!;
        if (keyEnd - local === want.length && tag.startsWith(want, local) && out[n] === undefined) {
          out[n] = decodeXml(tag.slice(q + 1, close));
        }
      }
    }
    i = close + 1;
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Character references decoded; an unknown one is left as written. */
export function decodeXml(raw: string): string {
  if (raw.indexOf('&') < 0) return raw;
  return raw.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref] ?? whole;
    const code = ref[1] === 'x' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/** Excel's own escape for characters XML cannot hold: `_x000D_` is a carriage return. */
export function decodeOoxml(text: string): string {
  if (text.indexOf('_x') < 0) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, hex: string) =>
    String.fromCharCode(Number.parseInt(hex, 16)),
  );
}
