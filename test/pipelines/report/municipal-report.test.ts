import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import XLSX from 'xlsx';
import { loadConfig } from '../../../lib/config.ts';
import { type ReportResult, writeMunicipalReport } from '../../../pipelines/report/municipal-report.ts';
import { AT_TITLE, DASH_TEXT, type DemoProject, FORMULA_TITLE, publishedDemo } from './demo-project.ts';

// The XLSX a municipality receives (DESIGN.md §7): built from the published Parquet only, its
// figures equal to the published ones, hidden cells marked, and no text that Excel could run.
let demo: DemoProject;
let report: ReportResult;
let wb: XLSX.WorkBook;
let buffer: Buffer;

beforeAll(async () => {
  demo = await publishedDemo();
  report = await writeMunicipalReport(demo.cfg, {
    municipality: 'GM0344',
    period: '2025-Q1',
    out: join(demo.dir, 'reports'),
    organisation: 'Welzijn Utrecht-Midden (demo)',
  });
  buffer = readFileSync(report.file);
  wb = XLSX.read(buffer, { type: 'buffer', cellFormula: true, cellNF: true });
});
afterAll(() => demo?.remove());

/** The rows of a family sheet as objects keyed by the header labels (header on row 4). */
function table(sheet: string, headerRow = 4): Record<string, unknown>[] {
  const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[sheet]!, {
    header: 1,
    blankrows: true,
    defval: null,
  });
  const header = rows[headerRow - 1] as string[];
  const out: Record<string, unknown>[] = [];
  for (const r of rows.slice(headerRow)) {
    if (!r[0] || !r[1]) break; // the blank row under the table
    out.push(Object.fromEntries(header.map((h, i) => [h, r[i]])));
  }
  return out;
}

describe('impact report', () => {
  it('writes one workbook: cover, a sheet per indicator family, chart tables, stories, definitions', () => {
    expect(report.file).toBe(join(demo.dir, 'reports', 'impact-GM0344-2025-Q1.xlsx'));
    expect(wb.SheetNames).toEqual([
      'Voorblad',
      'Bereik',
      'Trajecten',
      'Verandering',
      'Rendement',
      'Activiteiten',
      'Grafiekdata',
      'Verhalen',
      'Definities',
    ]);
    const cover = XLSX.utils.sheet_to_csv(wb.Sheets.Voorblad!);
    expect(cover).toContain('Welzijn Utrecht-Midden (demo)');
    expect(cover).toContain('Utrecht (GM0344)');
    expect(cover).toContain('1e kwartaal 2025: 1-1-2025 t/m 31-3-2025');
    expect(cover).toContain('laad-id (run) 1');
    expect(cover).toContain('min_cell = 10');
    expect(cover).toContain('verandering, geen effect');
    expect(cover).not.toMatch(/dankzij|effect van|veroorzaakt|leidt tot/i);
  });

  it('shows the published figures: Utrecht, AMW, 1st quarter of 2025', async () => {
    const [published] = await demo.parquet<Record<string, number | null>>(
      'ind_reach',
      "municipality_code = 'GM0344' AND service_code = 'AMW' AND period_type = 'quarter' AND period_start = DATE '2025-01-01'",
    );
    const amw = table('Bereik').find((r) => r.Code === 'AMW')!;
    // 20 clients with 78 contacts: 78 / 20 = 3.9 contacts per client.
    expect(amw).toMatchObject({
      Werksoort: 'Algemeen maatschappelijk werk',
      'Bereikte cliënten': 20,
      Contacten: 78,
      'Contacten per cliënt': 3.9,
    });
    expect(amw['Bereikte cliënten']).toBe(published!.reached_clients);
    expect(amw.Contacturen).toBe(published!.contact_hours);
    // new_clients is suppressed in the Parquet (NULL); the report says so instead of 0.
    expect(published!.new_clients).toBeNull();
    expect(amw['Nieuwe cliënten']).toBe('verborgen');
    const jw = table('Bereik').find((r) => r.Code === 'JW')!;
    expect(jw).toMatchObject({ 'Bereikte cliënten': 'verborgen', Contacturen: 'verborgen' });
  });

  it('keeps every cell plain: no formulas, and formula-like text stays text', () => {
    for (const name of wb.SheetNames) {
      for (const [ref, cell] of Object.entries(wb.Sheets[name]!)) {
        if (ref.startsWith('!')) continue;
        expect(cell.f, `${name}!${ref}`).toBeUndefined();
      }
    }
    const stories = wb.Sheets.Verhalen!;
    const cells = Object.entries(stories).filter(([ref]) => !ref.startsWith('!'));
    for (const text of [FORMULA_TITLE, DASH_TEXT, AT_TITLE]) {
      const hit = cells.find(([, c]) => c.v === text);
      expect(hit, text).toBeDefined();
      expect(hit![1]).toMatchObject({ t: 's', v: text, z: '@' }); // a string with the Text format
    }
    // In the file itself: no <f> element anywhere, the formula text only as a shared string.
    const zip = XLSX.CFB.read(buffer, { type: 'buffer' });
    const xml = (path: string) =>
      Buffer.from(XLSX.CFB.find(zip, path)!.content as Uint8Array).toString('utf8');
    const sheets = zip.FullPaths.filter((p: string) => /xl\/worksheets\/sheet\d+\.xml$/.test(p));
    expect(sheets).toHaveLength(wb.SheetNames.length);
    for (const p of sheets) expect(xml(p)).not.toMatch(/<f[ >]/);
    expect(xml('/xl/sharedStrings.xml')).toContain('=HYPERLINK(&quot;https://voorbeeld.invalid/?x=1&quot;');
  });

  it('has a chart table of reach over the 8 quarters up to the period, hidden values left empty', () => {
    const rows = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets.Grafiekdata!, {
      header: 1,
      blankrows: true,
      defval: null,
    });
    const top = rows.findIndex((r) => r[0] === 'Kwartaal');
    const header = rows[top] as string[];
    const quarters = rows.slice(top + 1, top + 9);
    expect(quarters.map((r) => r[0])).toEqual([
      '2023 K2',
      '2023 K3',
      '2023 K4',
      '2024 K1',
      '2024 K2',
      '2024 K3',
      '2024 K4',
      '2025 K1',
    ]);
    const amw = header.indexOf('Algemeen maatschappelijk werk');
    expect(quarters.at(-1)![amw]).toBe(20);
    expect(quarters.flat().filter((v) => typeof v === 'string' && v.startsWith('<'))).toEqual([]);
  });

  it('lists the definitions from the indicators’ SQL headers and the data dictionary', () => {
    const text = XLSX.utils.sheet_to_csv(wb.Sheets.Definities!);
    expect(text).toContain('ind_reach.reached_clients');
    expect(text).toContain('distinct clients with at least one contact in the period');
    expect(text).toContain('ind_trajectory — trajectories started, closed and running');
  });

  it('puts the consented stories of the period on their sheet', () => {
    const titles = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets.Verhalen!, { header: 1 }).map((r) => r[2]);
    expect(titles).toEqual(
      expect.arrayContaining(['Het taalcafé', 'Een eigen plek', FORMULA_TITLE, AT_TITLE]),
    );
  });

  it('leaves out the families a publish does not have yet', async () => {
    const cfg = demo.without('ind_outcome_change', 'ind_social_return');
    const r = await writeMunicipalReport(cfg, {
      municipality: 'GM0344',
      period: '2025-Q1',
      out: join(demo.dir, 'older'),
    });
    expect(r.sheets).toEqual([
      'Voorblad',
      'Bereik',
      'Trajecten',
      'Activiteiten',
      'Grafiekdata',
      'Verhalen',
      'Definities',
    ]);
  });

  it('says what is wrong with a municipality, a period or a missing publish', async () => {
    const report = (municipality: string, period: string, cfg = demo.cfg) =>
      writeMunicipalReport(cfg, { municipality, period, out: join(demo.dir, 'reports') });
    await expect(report('GM9999', '2025-Q1')).rejects.toMatchObject({
      message: "'GM9999' is not a municipality in the published data.",
      hint: expect.stringContaining('GM0344 Utrecht'),
    });
    await expect(report('Utrecht', '2031-Q2')).rejects.toMatchObject({
      message: 'No published figures for Utrecht (GM0344) in 2031-Q2.',
      hint: expect.stringMatching(/2023-Q1 … 2026-Q4/), // trajectories running since 2023
    });
    await expect(report('GM0344', 'Q1')).rejects.toThrow("'Q1' is not a period.");
    const empty = mkdtempSync(join(tmpdir(), 'impact-empty-'));
    try {
      writeFileSync(join(empty, 'impact.yaml'), readFileSync(join(demo.dir, 'impact.yaml')));
      await expect(report('GM0344', '2025', loadConfig(join(empty, 'impact.yaml')))).rejects.toMatchObject({
        message: expect.stringContaining('Nothing has been published yet'),
        hint: expect.stringContaining('impact run'),
      });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
