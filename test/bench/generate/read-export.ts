// Test helpers for the demo exports: generate a demo into a temporary directory, and read the
// cp1252 CSVs back as records that remember their physical line (as the defects report it).
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeCp1252 } from '../../../bench/generate/cp1252.ts';
import {
  type DemoOptions,
  type DemoSummary,
  writeDemoExports,
} from '../../../bench/generate/write-demo-exports.ts';

export interface Demo {
  dir: string;
  summary: DemoSummary;
}

const made: string[] = [];

/** Writes a demo into a fresh temporary directory (removed again by removeDemos). */
export async function generateDemo(options: Omit<DemoOptions, 'dir'>): Promise<Demo> {
  const dir = await mkdtemp(join(tmpdir(), 'impact-demo-'));
  made.push(dir);
  return { dir, summary: await writeDemoExports({ ...options, dir }) };
}

export async function removeDemos(): Promise<void> {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
}

export interface CsvRecord {
  /** Physical 1-based line the record starts on. */
  line: number;
  fields: string[];
  /** The record as written, without the final CRLF. */
  raw: string;
}

/** Splits cp1252 CSV text into records: ';' separated, '"' quoted, CRLF ended. */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"') quoted = true;
    else if (c === ';') {
      fields.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      fields.push(field);
      records.push({ line: start, fields, raw: text.slice(from, i) });
      fields = [];
      field = '';
      i++;
      line++;
      start = line;
      from = i + 1;
    } else field += c;
  }
  return records;
}

export async function readBytes(demo: Demo, path: string): Promise<Buffer> {
  return readFile(join(demo.dir, path));
}

export async function readCsv(demo: Demo, path: string): Promise<CsvRecord[]> {
  return parseCsv(decodeCp1252(await readBytes(demo, path)));
}

/** Every file under the demo directory, relative, sorted. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

export const contactFiles = (demo: Demo): string[] =>
  demo.summary.files.map((f) => f.path).filter((p) => p.startsWith('regicare/contacten_'));
