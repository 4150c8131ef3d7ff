// The two workbooks the teams keep: the ZRM scores and the attendance of collective
// activities. They must open in SheetJS with the sheets and headers the source presets expect,
// and hold what a hand-kept sheet holds: real date cells and typed dates, blanks, n.v.t.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { type Demo, generateDemo, readBytes, readCsv, removeDemos } from './read-export.ts';

const ZRM_HEADER = [
  'Cliëntnummer',
  'Trajectnummer',
  'Datum meting',
  'Moment',
  'Financiën',
  'Werk & opleiding',
  'Tijdsbesteding',
  'Huisvesting',
  'Huiselijke relaties',
  'Geestelijke gezondheid',
  'Lichamelijke gezondheid',
  'Middelengebruik',
  'Basale ADL',
  'Instrumentele ADL',
  'Sociaal netwerk',
  'Maatschappelijke participatie',
  'Justitie',
  'Ingevuld door',
];
const ATTENDANCE_HEADER = [
  'Datum',
  'Activiteit',
  'Werksoort',
  'Wijk',
  'Gemeente',
  'Deelnemers',
  'Vrijwilligers',
  'Vrijwilligersuren',
];

let demo: Demo;
beforeAll(async () => {
  demo = await generateDemo({ seed: 31, clients: 800 });
});

afterAll(removeDemos);

/** A date cell (serial number) or a typed 'dd-mm-jjjj' as 'jjjj-mm-dd'. */
function isoDate(value: unknown): string {
  if (typeof value !== 'number') return String(value).split('-').reverse().join('-');
  const { y, m, d } = XLSX.SSF.parse_date_code(value);
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

const rowsOf = (sheet: XLSX.WorkSheet) =>
  XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, defval: null });

describe('the ZRM workbook', () => {
  let sheet: XLSX.WorkSheet;
  let rows: unknown[][];
  beforeAll(async () => {
    const workbook = XLSX.read(await readBytes(demo, 'zrm/zrm_metingen.xlsx'));
    expect(workbook.SheetNames).toEqual(['ZRM-scores']);
    sheet = workbook.Sheets['ZRM-scores']!;
    rows = rowsOf(sheet);
  });

  it('has a title, an empty row and the header, then one row per measurement', () => {
    expect(rows[0]![0]).toBe('ZRM metingen Welzijn Utrecht-Midden (demo)');
    expect(rows[1]!.every((v) => v === null)).toBe(true);
    expect(rows[2]).toEqual(ZRM_HEADER);
    const summary = demo.summary.files.find((f) => f.path === 'zrm/zrm_metingen.xlsx')!;
    expect(rows.length - 3).toBe(summary.rows);
  });

  it('stores most dates as date cells shown dd-mm-jjjj, about one in ten typed as text', () => {
    const cells = rows.slice(3).map((_, i) => sheet[`C${i + 4}`]!);
    const dates = cells.filter((c) => c.t === 'n');
    const texts = cells.filter((c) => c.t === 's');
    expect(dates.length + texts.length).toBe(cells.length);
    expect(texts.length / cells.length).toBeGreaterThan(0.05);
    expect(texts.length / cells.length).toBeLessThan(0.15);
    expect(dates.every((c) => /^\d\d-\d\d-\d{4}$/.test(c.w!))).toBe(true);
    expect(texts.every((c) => /^\d\d-\d\d-\d{4}$/.test(String(c.v)))).toBe(true);
  });

  it('holds scores 1–5, blanks and n.v.t., and invalid cells only where planted', () => {
    const planted = new Set(
      demo.summary.defects.filter((d) => d.kind === 'invalid_score').map((d) => `${d.line}|${d.column}`),
    );
    const valid = new Set([null, 1, 2, 3, 4, 5, 'n.v.t.']);
    const moments = new Set(['Intake', 'Tussenmeting', 'Evaluatie', 'Eindmeting']);
    const seen = new Map<string, number>();
    const unexpected: string[] = [];
    rows.slice(3).forEach((row, i) => {
      for (let c = 4; c < 17; c++) {
        const v = row[c];
        const key = v === null ? 'blank' : String(v);
        seen.set(key, (seen.get(key) ?? 0) + 1);
        if (!valid.has(v as never) && !planted.has(`${i + 4}|${ZRM_HEADER[c]}`))
          unexpected.push(`${i + 4}: ${v}`);
      }
      if (!moments.has(row[3] as string) || !row[17]) unexpected.push(`${i + 4}: ${row[3]} ${row[17]}`);
    });
    expect(unexpected).toEqual([]);
    expect(seen.get('blank')).toBeGreaterThan(seen.get('3')!);
    expect(seen.get('n.v.t.')).toBeGreaterThan(0);
  });

  it('measures a client at most once a day, except the planted double entries', () => {
    const doubles = new Set(
      demo.summary.defects
        .filter(
          (d) =>
            d.file.endsWith('.xlsx') && (d.kind === 'duplicate_row' || d.kind === 'conflicting_duplicate'),
        )
        .map((d) => d.line),
    );
    const seen = new Map<string, number>();
    const clashes: number[] = [];
    rows.slice(3).forEach((r, i) => {
      const key = `${r[0]}|${isoDate(r[2])}`;
      if (seen.has(key) && !doubles.has(i + 4)) clashes.push(i + 4);
      seen.set(key, i + 4);
    });
    expect(clashes).toEqual([]);
  });

  it('belongs to real clients and, where filled in, to their own trajectories', async () => {
    const trajectories = new Map(
      (await readCsv(demo, 'regicare/trajecten.csv'))
        .slice(1)
        .map((r) => [Number(r.fields[0]), Number(r.fields[1])]),
    );
    const blank = rows.slice(3).filter((r) => r[1] === null).length;
    expect(blank).toBeGreaterThan(0);
    for (const r of rows.slice(3).filter((r) => r[1] !== null))
      expect(trajectories.get(r[1] as number)).toBe(r[0]);
  });

  it('shows debt clients lower on Financiën at intake than youth work clients, and about 0.7 gained when goals were met', async () => {
    const records = (await readCsv(demo, 'regicare/trajecten.csv')).slice(1).map((r) => r.fields);
    const service = new Map(records.map((r) => [Number(r[0]), r[2]]));
    const goalsMet = new Set(records.filter((r) => /^doel/i.test(r[7]!)).map((r) => Number(r[0])));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const measured = rows.slice(3).filter((r) => typeof r[1] === 'number');
    const intakeFinance = (name: string) =>
      measured
        .filter((r) => r[3] === 'Intake' && service.get(r[1] as number) === name)
        .map((r) => r[4])
        .filter((v): v is number => typeof v === 'number' && v >= 1 && v <= 5);
    expect(mean(intakeFinance('Schuldhulpverlening'))).toBeLessThan(
      mean(intakeFinance('Jongerenwerk')) - 0.8,
    );
    const deltas: number[] = [];
    const byTrajectory = new Map<number, unknown[][]>();
    for (const r of measured)
      byTrajectory.set(r[1] as number, [...(byTrajectory.get(r[1] as number) ?? []), r]);
    for (const [t, ms] of byTrajectory) {
      const intake = ms.find((m) => m[3] === 'Intake');
      const exit = ms.find((m) => m[3] === 'Eindmeting');
      if (!goalsMet.has(t) || !intake || !exit) continue;
      for (let c = 4; c < 17; c++) {
        const [a, b] = [intake[c], exit[c]];
        if (typeof a === 'number' && typeof b === 'number' && a >= 1 && a <= 5 && b >= 1 && b <= 5)
          deltas.push(b - a);
      }
    }
    expect(deltas.length).toBeGreaterThan(200);
    expect(mean(deltas)).toBeGreaterThan(0.45);
    expect(mean(deltas)).toBeLessThan(0.95);
    expect(deltas.some((d) => d < 0)).toBe(true);
  });
});

describe('the attendance workbook', () => {
  let workbook: XLSX.WorkBook;
  beforeAll(async () => {
    workbook = XLSX.read(await readBytes(demo, 'activiteiten/aanwezigheid.xlsx'));
  });

  it('has one sheet per team with a title, the header and weekly sessions', () => {
    expect(workbook.SheetNames).toEqual(['Team Noord', 'Team Zuid', 'Team Oost']);
    for (const name of workbook.SheetNames) {
      const rows = rowsOf(workbook.Sheets[name]!);
      expect(String(rows[0]![0])).toContain(name);
      expect(rows[2]).toEqual(ATTENDANCE_HEADER);
      const sessions = rows.slice(3, -1);
      expect(sessions.length).toBeGreaterThan(300);
      for (const s of sessions) {
        expect([
          'Koffie-ochtend',
          'Taalcafé',
          'Jongereninloop',
          'Huiswerkbegeleiding',
          'Buurtmaaltijd',
        ]).toContain(s[1]);
        expect(['Buurtwerk', 'Jongerenwerk']).toContain(s[2]);
        expect(Number.isInteger(s[5])).toBe(true);
        expect(isoDate(s[0])).toMatch(/^20\d\d-\d\d-\d\d$/);
      }
      expect(sessions.some((s) => !Number.isInteger(s[7]))).toBe(true); // 7.5 volunteer hours
    }
  });

  it('ends each sheet with a Totaal row of SUM formulas whose cached values are the sums', () => {
    for (const name of workbook.SheetNames) {
      const sheet = workbook.Sheets[name]!;
      const rows = rowsOf(sheet);
      const last = rows.length;
      expect(rows[last - 1]![0]).toBe('Totaal');
      for (const [col, index] of [
        ['F', 5],
        ['G', 6],
        ['H', 7],
      ] as const) {
        const cell = sheet[`${col}${last}`]!;
        expect(cell.f).toBe(`SUM(${col}4:${col}${last - 1})`);
        const sum = rows.slice(3, -1).reduce((a, r) => a + (r[index] as number), 0);
        expect(cell.v).toBeCloseTo(sum, 6);
      }
    }
  });
});
