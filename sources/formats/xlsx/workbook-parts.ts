// sources/formats/xlsx/workbook-parts.ts — the small parts of an .xlsx package that a sheet needs
// before its rows can be read: which part is the workbook, its sheets (names → parts), the 1904
// date flag, the number formats that make a cell a date, and the shared-strings table. These are
// kept in memory; the sheets themselves are streamed (sheet-rows.ts).
import { formatCode, isDateFormat } from './number-format.ts';
import { attr, decodeOoxml, decodeXml, type XmlHandler, XmlScanner } from './xml-scanner.ts';
import type { UnpackedBudget, ZipEntries } from './zip-entries.ts';

/** More text than the worker may hold in memory; reported as running out of memory. */
export class HoldLimit extends Error {}

export interface SheetPart {
  name: string;
  /** The worksheet's part in the zip; undefined for chart sheets and other sheets without cells. */
  part?: string;
}

export interface Styles {
  /** Per cell style (the `s` of a cell): its number format code when it is a date format. */
  dateFormats: (string | undefined)[];
}

export interface WorkbookParts {
  sheets: SheetPart[];
  date1904: boolean;
  stylesPart?: string;
  sharedStringsPart?: string;
}

const OFFICE_DOCUMENT = /\/officeDocument$/;

/** The workbook part named by the package's root relationships, or undefined when there is none. */
export async function findWorkbook(zip: ZipEntries, budget: UnpackedBudget): Promise<string | undefined> {
  const rootRels = zip.part('_rels/.rels');
  if (rootRels) {
    const rels = await relationships(zip, rootRels.name, '', budget);
    const main = rels.find((r) => OFFICE_DOCUMENT.test(r.type));
    if (main && zip.has(main.target)) return main.target;
  }
  return zip.has('xl/workbook.xml') ? 'xl/workbook.xml' : undefined;
}

export async function readWorkbook(
  zip: ZipEntries,
  path: string,
  budget: UnpackedBudget,
): Promise<WorkbookParts> {
  const listed: { name: string; id?: string }[] = [];
  let date1904 = false;
  await scanPart(zip, path, budget, {
    open(name, tag) {
      if (name === 'sheet') listed.push({ name: attr(tag, 'name') ?? '', id: attr(tag, 'id') });
      else if (name === 'workbookPr') date1904 = /^(1|true)$/i.test(attr(tag, 'date1904') ?? '');
    },
    close() {},
    text() {},
  });
  const dir = path.slice(0, path.lastIndexOf('/') + 1);
  const relsPath = `${dir}_rels/${path.slice(dir.length)}.rels`;
  const rels = zip.has(relsPath) ? await relationships(zip, relsPath, dir, budget) : [];
  const byId = new Map(rels.map((r) => [r.id, r]));
  const target = (suffix: RegExp) => rels.find((r) => suffix.test(r.type) && zip.has(r.target))?.target;
  return {
    sheets: listed.map(({ name, id }) => {
      const rel = id === undefined ? undefined : byId.get(id);
      const isWorksheet = rel !== undefined && /\/worksheet$/.test(rel.type) && zip.has(rel.target);
      return isWorksheet ? { name, part: rel.target } : { name };
    }),
    date1904,
    stylesPart: target(/\/styles$/),
    sharedStringsPart: target(/\/sharedStrings$/),
  };
}

export async function readStyles(
  zip: ZipEntries,
  path: string | undefined,
  budget: UnpackedBudget,
): Promise<Styles> {
  const custom = new Map<number, string>();
  const xfFormats: number[] = [];
  let inCellXfs = false;
  if (path) {
    await scanPart(zip, path, budget, {
      open(name, tag, selfClosing) {
        if (name === 'numFmt') custom.set(Number(attr(tag, 'numFmtId')), attr(tag, 'formatCode') ?? '');
        else if (name === 'cellXfs') inCellXfs = !selfClosing;
        else if (name === 'xf' && inCellXfs) xfFormats.push(Number(attr(tag, 'numFmtId') ?? 0));
      },
      close(name) {
        if (name === 'cellXfs') inCellXfs = false;
      },
      text() {},
    });
  }
  return {
    dateFormats: xfFormats.map((id) => {
      const code = formatCode(id, custom);
      return code !== undefined && isDateFormat(code) ? code : undefined;
    }),
  };
}

/**
 * The shared-strings table, each string trimmed (null when blank), as the cells will show it.
 * Rich text is the runs' text joined; phonetic guides (<rPh>) are left out. `maxChars` caps what
 * is held, so a crafted table stops with a clear error before the worker's heap runs out.
 */
export async function readSharedStrings(
  zip: ZipEntries,
  path: string | undefined,
  budget: UnpackedBudget,
  maxChars: number,
): Promise<(string | null)[]> {
  const strings: (string | null)[] = [];
  if (!path) return strings;
  let held = 0;
  let inItem = false;
  let phonetic = 0;
  let text = '';
  const scanner: XmlScanner = new XmlScanner({
    open(name, _tag, selfClosing) {
      if (selfClosing) return;
      if (name === 'si') {
        inItem = true;
        text = '';
      } else if (name === 'rPh') phonetic++;
      else if (name === 't' && inItem && phonetic === 0) scanner.wantText = true;
    },
    close(name) {
      if (name === 't') scanner.wantText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si') {
        inItem = false;
        const value = decodeOoxml(decodeXml(text)).trim();
        held += value.length + 16;
        if (held > maxChars) {
          throw new HoldLimit(`the shared strings hold more than ${maxChars} characters`);
        }
        strings.push(value === '' ? null : value);
      }
    },
    text(raw) {
      text += raw;
      if (text.length > maxChars)
        throw new HoldLimit(`a shared string is longer than ${maxChars} characters`);
    },
  });
  await feedPart(zip, path, budget, scanner);
  return strings;
}

interface Relationship {
  id: string;
  type: string;
  target: string;
}

async function relationships(
  zip: ZipEntries,
  path: string,
  dir: string,
  budget: UnpackedBudget,
): Promise<Relationship[]> {
  const rels: Relationship[] = [];
  await scanPart(zip, path, budget, {
    open(name, tag) {
      if (name !== 'Relationship' || attr(tag, 'TargetMode') === 'External') return;
      const target = attr(tag, 'Target') ?? '';
      rels.push({ id: attr(tag, 'Id') ?? '', type: attr(tag, 'Type') ?? '', target: resolve(dir, target) });
    },
    close() {},
    text() {},
  });
  return rels;
}

/** A relationship target as a path in the zip: relative to the part's folder unless it starts with '/'. */
function resolve(dir: string, target: string): string {
  const parts = (target.startsWith('/') ? target.slice(1) : dir + target).split('/');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '..') out.pop();
    else if (part !== '.' && part !== '') out.push(part);
  }
  return out.join('/');
}

function scanPart(zip: ZipEntries, path: string, budget: UnpackedBudget, handler: XmlHandler) {
  return feedPart(zip, path, budget, new XmlScanner(handler));
}

/** Streams one part through a scanner; a part that is not in the zip is read as empty. */
export async function feedPart(
  zip: ZipEntries,
  path: string,
  budget: UnpackedBudget | undefined,
  scanner: XmlScanner,
): Promise<void> {
  const part = zip.part(path);
  if (!part) return;
  for await (const chunk of zip.text(part, budget)) scanner.feed(chunk);
  scanner.end();
}
