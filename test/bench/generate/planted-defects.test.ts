// The faults planted in the demo exports: each kind is present at a low, fixed rate in every
// run of at least 200 clients, and each is exactly where the summary says, so a pipeline test
// can check that precisely these rows (or cells) are quarantined or dropped.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import type { DefectKind, PlantedDefect } from '../../../bench/generate/write-demo-exports.ts';
import {
  type CsvRecord,
  contactFiles,
  type Demo,
  generateDemo,
  readBytes,
  readCsv,
  removeDemos,
} from './read-export.ts';

const CSV_KINDS: DefectKind[] = [
  'impossible_date',
  'future_date',
  'unknown_duration',
  'negative_duration',
  'missing_client',
  'duplicate_row',
];
const CONTACT_COLUMNS = [
  'Contactnummer',
  'Cliëntnummer',
  'Trajectnummer',
  'Werksoort',
  'Datum',
  'Duur (uren)',
];

let demo: Demo;

beforeAll(async () => {
  demo = await generateDemo({ seed: 21, clients: 300 });
});

afterAll(removeDemos);

function isRealDate(text: string): boolean {
  const m = /^(\d\d)-(\d\d)-(\d{4})$/.exec(text);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[3]), Number(m[2]) - 1, Number(m[1])));
  return date.getUTCDate() === Number(m[1]) && date.getUTCMonth() === Number(m[2]) - 1;
}

describe('planted defects in the contact exports', () => {
  it('include every kind, each at 0.1–0.5 % of the contacts', () => {
    const contacts = demo.summary.files
      .filter((f) => f.path.includes('contacten_'))
      .reduce((a, f) => a + f.rows, 0);
    for (const kind of CSV_KINDS) {
      const found = demo.summary.defects.filter((d) => d.kind === kind && d.file.endsWith('.csv')).length;
      expect(found, kind).toBeGreaterThanOrEqual(1);
      expect(found / contacts, kind).toBeGreaterThanOrEqual(0.001);
      expect(found / contacts, kind).toBeLessThanOrEqual(0.005);
    }
  });

  it('are at the physical line and column the summary gives', async () => {
    const files = new Map<string, CsvRecord[]>();
    for (const path of contactFiles(demo)) files.set(path, await readCsv(demo, path));
    const csvDefects = demo.summary.defects.filter((d) => d.file.endsWith('.csv'));
    for (const d of csvDefects) {
      const records = files.get(d.file)!;
      const at = records.findIndex((r) => r.line === d.line);
      expect(at, `${d.file}:${d.line}`).toBeGreaterThan(1);
      const { fields, raw } = records[at]!;
      if (d.kind === 'duplicate_row') {
        expect(d.column).toBe('*');
        expect(raw).toBe(records[at - 1]!.raw);
        continue;
      }
      expect(fields[CONTACT_COLUMNS.indexOf(d.column)]).toBe(d.value);
      if (d.kind === 'impossible_date') expect(isRealDate(d.value)).toBe(false);
      if (d.kind === 'future_date') expect(Number(d.value.slice(6))).toBeGreaterThan(2026);
      if (d.kind === 'unknown_duration') expect(d.value).toBe('onbekend');
      if (d.kind === 'negative_duration') expect(d.value).toMatch(/^-\d+(,\d+)?$/);
      if (d.kind === 'missing_client') expect(d.value).toBe('');
    }
  });

  it('are the only faulty contact rows: every other row has a client, a real date and a duration', async () => {
    const planted = new Set(demo.summary.defects.map((d) => `${d.file}:${d.line}`));
    let checked = 0;
    for (const path of contactFiles(demo)) {
      const records = await readCsv(demo, path);
      for (const r of records.slice(2, -2)) {
        if (planted.has(`${path}:${r.line}`)) continue;
        expect(r.fields[1]).toMatch(/^1\d{5}$/);
        expect(isRealDate(r.fields[4]!)).toBe(true);
        expect(r.fields[4]!.slice(3)).toBe(`${path.slice(-6, -4)}-${path.slice(-11, -7)}`);
        expect(r.fields[5]).toMatch(/^(0,25|0,5|0,75|1|1,25|1,5|2|2,5|3)$/);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3000);
  });

  it('appear in every run of 200 clients, whatever the seed', async () => {
    for (const seed of [1, 2, 3]) {
      const small = await generateDemo({ seed, clients: 200 });
      const kinds = new Set(small.summary.defects.map((d) => d.kind));
      expect([...kinds].sort(), `seed ${seed}`).toEqual(
        [...CSV_KINDS, 'invalid_score', 'conflicting_duplicate'].sort(),
      );
      const values = new Set(
        small.summary.defects.filter((d) => d.kind === 'invalid_score').map((d) => d.value),
      );
      expect([...values].sort()).toEqual(['0', '7', 'drie']);
    }
  });
});

describe('planted defects in the ZRM workbook', () => {
  let sheet: XLSX.WorkSheet;
  let header: string[];
  const cell = (d: PlantedDefect) =>
    sheet[XLSX.utils.encode_cell({ r: d.line - 1, c: header.indexOf(d.column) })];
  const row = (line: number) =>
    header.map((_, c) => JSON.stringify(sheet[XLSX.utils.encode_cell({ r: line - 1, c })]?.v ?? null));

  beforeAll(async () => {
    const workbook = XLSX.read(await readBytes(demo, 'zrm/zrm_metingen.xlsx'));
    sheet = workbook.Sheets['ZRM-scores']!;
    header = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1 })[2]!;
  });

  it('put an invalid score (drie, 7, 0) in the cell the summary gives', () => {
    const invalid = demo.summary.defects.filter((d) => d.kind === 'invalid_score');
    expect(invalid.length).toBeGreaterThanOrEqual(3);
    for (const d of invalid) {
      expect(d.sheet).toBe('ZRM-scores');
      expect(String(cell(d)?.v)).toBe(d.value);
    }
  });

  it('enter a measurement twice on the same day: an exact copy, or a copy with one score corrected', () => {
    const copies = demo.summary.defects.filter((d) => d.file.endsWith('.xlsx') && d.kind === 'duplicate_row');
    expect(copies.length).toBeGreaterThanOrEqual(1);
    for (const d of copies) expect(row(d.line)).toEqual(row(d.line - 1));
    const conflicts = demo.summary.defects.filter((d) => d.kind === 'conflicting_duplicate');
    expect(conflicts.length % 2).toBe(0);
    for (let i = 0; i < conflicts.length; i += 2) {
      const [a, b] = [conflicts[i]!, conflicts[i + 1]!];
      expect(b.line).toBe(a.line + 1);
      expect(b.column).toBe(a.column);
      expect(String(cell(a)?.v)).toBe(a.value);
      expect(String(cell(b)?.v)).toBe(b.value);
      expect(a.value).not.toBe(b.value);
      const differing = row(a.line).filter((v, c) => v !== row(b.line)[c]);
      expect(differing).toHaveLength(1);
    }
  });
});
