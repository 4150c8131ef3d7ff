// The benchmark's data, written once per size under bench/.data/<size>/ (gitignored) and reused
// while its recipe is unchanged:
// - project/: impact.yaml and the demo exports at the size's scale, except that the last day of
//   the last month is held back from that month's contact export;
// - nightly/: that month's full export, the nightly delivery RegiCare re-sends with one day more
//   (write: replace-period, so it replaces the month);
// - plain/zrm_metingen.csv: the ZRM sheet saved as CSV (';', the same cells as text), because
//   neither plain DuckDB (its Excel extension is not installed offline) nor pandas without
//   openpyxl reads the workbook — the comparators read every other export as delivered;
// - xlsx/: a project whose only export is a ZRM workbook of `xlsxRows` rows, for the XLSX step.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import XLSX from 'xlsx';
import { dutchDay } from './generate/dates.ts';
import { demoConfigYaml } from './generate/impact-yaml.ts';
import { makePerson } from './generate/people.ts';
import { makePlan } from './generate/plan.ts';
import { makeCare, Numbering } from './generate/registrations.ts';
import { makeStaff } from './generate/staff.ts';
import { ORGANISATION, writeDemoExports } from './generate/write-demo-exports.ts';
import { makeMeasurements } from './generate/zrm-scores.ts';
import { ZRM_PATH, ZrmWorkbook } from './generate/zrm-workbook.ts';

export interface SizeSpec {
  clients: number;
  /** Share of the demo's ZRM measurements (see DemoOptions.scoreCoverage). */
  scoreCoverage: number;
  /** Sheet rows of the workbook the XLSX step loads. */
  xlsxRows: number;
}

/** 100,000 demo clients give 1.36 M contacts, so 1.476 M give ~20 M; 0.14 of the scores ~2 M. */
export const SIZES: Record<'small' | 'large', SizeSpec> = {
  small: { clients: 1000, scoreCoverage: 1, xlsxRows: 20_000 },
  large: { clients: 1_476_000, scoreCoverage: 0.14, xlsxRows: 1_000_000 },
};

export const SEED = 9;

export interface BenchData {
  root: string;
  project: string;
  /** Path in project/ of the held-back month, and its full version in nightly/. */
  nightly: { target: string; full: string; held: string };
  plainScores: string;
  xlsxProject: string;
  generated: { seconds: number; files: number; rows: number } | null;
}

/** The bench projects' config: the demo's, with spreadsheet limits raised for the 1 M-row sheet. */
export const benchYaml = `${demoConfigYaml}
limits:
  spreadsheet_max_bytes: 2GB
  spreadsheet_max_rows: 1100000
  spreadsheet_timeout_seconds: 1800
`;

export async function prepareData(
  dataDir: string,
  size: keyof typeof SIZES,
  log: (line: string) => void,
): Promise<BenchData> {
  const spec = SIZES[size];
  const root = join(dataDir, size);
  // The config is rewritten every time rather than being part of the recipe: it follows the
  // demo's impact.yaml as that evolves, and regenerating 20 M contacts for it would cost minutes.
  const recipe = JSON.stringify({ ...spec, seed: SEED });
  const project = join(root, 'project');
  const data: BenchData = {
    root,
    project,
    nightly: { target: '', full: '', held: '' },
    plainScores: join(root, 'plain', 'zrm_metingen.csv'),
    xlsxProject: join(root, 'xlsx'),
    generated: null,
  };
  const recipeFile = join(root, 'recipe.json');
  const done = existsSync(recipeFile) && readFileSync(recipeFile, 'utf8') === recipe;
  if (!done) {
    rmSync(root, { recursive: true, force: true });
    const started = performance.now();
    log(`generating ${size}: ${spec.clients.toLocaleString('en')} clients …`);
    const summary = await writeDemoExports({
      dir: join(project, 'exports'),
      seed: SEED,
      clients: spec.clients,
      scoreCoverage: spec.scoreCoverage,
      onProgress: (n, total) => {
        if (n % 200_000 === 0) log(`  ${n.toLocaleString('en')} / ${total.toLocaleString('en')} clients`);
      },
    });
    holdBackLastDay(root, project);
    sheetToCsv(join(project, 'exports', ZRM_PATH), data.plainScores);
    await writeBigWorkbook(data.xlsxProject, spec.xlsxRows);
    data.generated = {
      seconds: (performance.now() - started) / 1000,
      files: summary.files.length,
      rows: summary.files.reduce((n, f) => n + f.rows, 0),
    };
    writeFileSync(join(root, 'generated.json'), JSON.stringify(data.generated));
    writeFileSync(recipeFile, recipe);
  } else if (existsSync(join(root, 'generated.json'))) {
    data.generated = JSON.parse(readFileSync(join(root, 'generated.json'), 'utf8'));
  }
  writeFileSync(join(project, 'impact.yaml'), benchYaml);
  writeFileSync(join(data.xlsxProject, 'impact.yaml'), benchYaml);
  const month = readdirSync(join(root, 'nightly')).find((f) => f.startsWith('contacten_'))!;
  data.nightly = {
    target: join(project, 'exports', 'regicare', month),
    full: join(root, 'nightly', month),
    held: join(root, 'nightly', `held-back.${month}`),
  };
  return data;
}

/**
 * Splits the last month's contact export: project/ keeps every record but those dated on the
 * month's last day; nightly/ gets the full file; nightly/held-back.<file> the shortened one, so
 * the project can be reset after a nightly run. Records with a quoted line break span lines.
 */
function holdBackLastDay(root: string, project: string): void {
  const dir = join(project, 'exports', 'regicare');
  const { last, lastDay } = lastContactMonth(dir);
  const text = readFileSync(join(dir, last), 'latin1');
  const kept = dropRecordsDated(text, lastDay);
  mkdirSync(join(root, 'nightly'), { recursive: true });
  writeFileSync(join(root, 'nightly', last), text, 'latin1');
  writeFileSync(join(root, 'nightly', `held-back.${last}`), kept, 'latin1');
  writeFileSync(join(dir, last), kept, 'latin1');
}

/** The last month's contact export in a regicare/ directory, and that month's last day as dated there. */
export function lastContactMonth(dir: string): { last: string; lastDay: string } {
  const last = readdirSync(dir)
    .filter((f) => /^contacten_\d{4}-\d{2}\.csv$/.test(f))
    .sort()
    .at(-1)!;
  const [, year, month] = /(\d{4})-(\d{2})/.exec(last)!;
  return { last, lastDay: dutchDay(Math.floor(Date.UTC(Number(year), Number(month), 0) / 86_400_000)) };
}

/** The CSV text without the records whose fifth field (Datum) is `day`; quote-aware. */
export function dropRecordsDated(text: string, day: string): string {
  const out: string[] = [];
  let dropping = false;
  let open = false;
  for (const line of text.split('\r\n')) {
    if (!open) dropping = line.split(';')[4] === day;
    if (!dropping) out.push(line);
    for (let i = line.indexOf('"'); i >= 0; i = line.indexOf('"', i + 1)) open = !open;
  }
  return out.join('\r\n');
}

/** Every sheet of the workbook as one ';'-separated CSV (header once), cells as displayed. */
function sheetToCsv(workbook: string, out: string): void {
  const book = XLSX.readFile(workbook, { dense: true });
  const parts: string[] = [];
  book.SheetNames.forEach((name, i) => {
    const csv = XLSX.utils.sheet_to_csv(book.Sheets[name]!, { FS: ';', blankrows: false });
    const lines = csv.split('\n').slice(1); // the title row; the header stays on the first sheet
    parts.push((i === 0 ? lines : lines.slice(1)).join('\n'));
  });
  mkdirSync(join(out, '..'), { recursive: true });
  writeFileSync(out, `${parts.join('\n')}\n`);
}

/** A ZRM workbook of `rows` measurements (fewer only if the clients run out), streamed client by
 * client like the demo; returns how many it wrote. */
export async function writeBigWorkbook(dir: string, rows: number): Promise<number> {
  const clients = Math.ceil(rows / 0.9);
  const plan = makePlan({ dir: join(dir, 'exports'), seed: SEED + 1, clients });
  const staff = makeStaff(plan);
  const numbering = new Numbering();
  const zrm = await ZrmWorkbook.open(plan, ORGANISATION);
  let written = 0;
  for (let index = 0; index < clients && written < rows; index++) {
    const person = makePerson(plan, index);
    const measurements = makeMeasurements(plan, person, makeCare(plan, person, staff, numbering));
    const room = measurements.slice(0, rows - written);
    await zrm.add(room);
    written += room.length;
    if (index % 2000 === 1999) await zrm.flush();
  }
  await zrm.close();
  // The workbook project loads only the ZRM source.
  for (const other of ['regicare', 'activiteiten', 'financien', 'verhalen'])
    mkdirSync(join(dir, 'exports', other), { recursive: true });
  return written;
}
