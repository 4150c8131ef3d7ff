import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../../lib/config.ts';
import { planSources } from '../../../sources/define-source.ts';
import { isIdentifierHeader } from '../../../sql/land/contract.ts';
import { landFile } from '../../../sql/land/land-file.ts';
import { Warehouse } from '../../../sql/warehouse.ts';
import { sheet, workbookBytes } from '../../sources/formats/xlsx/workbooks.ts';

// A resource's schema contract decides what an export's unmapped columns mean — the same for
// CSV, workbooks and JSON: discard (ignored, recorded), evolve (recorded, values kept aside in
// land.extra_value) or freeze (the file is refused, naming them). A column that looks like a
// personal identifier is never kept. A mapped column that is missing refuses the file.
let dir: string;
let wh: Warehouse;
let run = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'impact-contract-'));
  wh = await Warehouse.open({ path: ':memory:' });
});
afterAll(async () => {
  await wh.close();
  rmSync(dir, { recursive: true, force: true });
});

type Format = 'csv' | 'xlsx' | 'json';
type Contract = 'discard' | 'evolve' | 'freeze';

/** The same two contacts in each format: mapped Nr, Client, Datum; unmapped Opmerking and BSN. */
const header = ['Nr', 'Client', 'Datum', 'Opmerking', 'BSN'];
const records = [
  ['K1', '101', '03-02-2025', 'belt terug', '123456782'],
  ['K2', '102', '31-02-2025', '', ''],
];

function exportFile(format: Format, rows = records, cols = header): string | Buffer {
  if (format === 'csv') return [cols, ...rows].map((r) => r.join(';')).join('\n');
  if (format === 'xlsx') return workbookBytes({ Contacten: sheet([cols, ...rows]) });
  return JSON.stringify(
    rows.map((r) => Object.fromEntries(cols.map((c, i) => [c, r[i]]).filter(([, v]) => v))),
  );
}

async function land(format: Format, contract: Contract, content = exportFile(format)) {
  // Each landing is its own resource: the same content twice would be skipped as delivered before.
  const name = `contacten-${++run}.${format}`;
  const path = join(dir, name);
  writeFileSync(path, content);
  const yaml = `
sources:
  - name: regicare
    location: { directory: . }
    resources:
      contacts_${run}:
        entity: contact
        files: "${name}"
        contract: { new_columns: ${contract} }
        columns:
          source_contact_id: Nr
          source_client_id: Client
          contact_date: Datum
`;
  const plan = planSources(parseConfig(parse(yaml), join(dir, 'impact.yaml')))[0]!;
  const result = await landFile(
    wh,
    plan,
    { path, name, bytes: statSync(path).size, modifiedAt: new Date('2025-03-01') },
    {
      runId: run,
      tempDir: join(dir, 'tmp'),
      timezone: 'UTC',
      xlsxLimits: { maxBytes: 1e6, maxRows: 1e3, timeoutMs: 10_000 },
    },
  );
  const columns = await wh.json<{ column: string; action: string }>(
    `SELECT "column", action FROM land.new_column WHERE _load_id = ${run}`,
  );
  const kept = await wh.json<{ sheet: string | null; row: string; column: string; value: string }>(
    `SELECT _sheet AS sheet, _row AS row, "column", "value" FROM land.extra_value WHERE _load_id = ${run} ORDER BY _row, "column"`,
  );
  const landed = await wh.json<{ id: string; date: string | null; errors: string }>(
    `SELECT source_contact_id AS id, contact_date::VARCHAR AS date,
            array_to_string(list_transform(_errors, e -> e.column || ': ' || e.reason), '; ') AS errors
     FROM land.contact WHERE _load_id = ${run} ORDER BY _row`,
  );
  return { result, columns: columns.map((c) => `${c.column}: ${c.action}`), kept, landed };
}

// Where each format puts K1: line 2 of the CSV, sheet row 2, the first JSON record.
const k1 = {
  csv: { sheet: null, row: '2' },
  xlsx: { sheet: 'Contacten', row: '2' },
  json: { sheet: null, row: '1' },
};

describe.each(['csv', 'xlsx', 'json'] as const)('the schema contract of a %s export', (format) => {
  it('discard: lands the mapped columns, records the new ones, keeps none of their values', async () => {
    const { result, columns, kept, landed } = await land(format, 'discard');
    expect(result).toMatchObject({ status: 'loaded', rowsReceived: 2, rowsRejected: 1 });
    expect(result.newColumns).toEqual([
      { column: 'Opmerking', action: 'ignored' },
      { column: 'BSN', action: 'ignored: personal identifier' },
    ]);
    expect(columns).toEqual(['Opmerking: ignored', 'BSN: ignored: personal identifier']);
    expect(kept).toEqual([]);
    expect(landed).toEqual([
      { id: 'K1', date: '2025-02-03', errors: '' },
      { id: 'K2', date: null, errors: 'Datum: not a date (expected dd-mm-jjjj)' },
    ]);
  });

  it('evolve: keeps the new column’s values aside by row, but never the BSN', async () => {
    const { result, columns, kept, landed } = await land(format, 'evolve');
    expect(result).toMatchObject({ status: 'loaded', rowsReceived: 2, rowsRejected: 1 });
    expect(columns).toEqual(['Opmerking: kept', 'BSN: ignored: personal identifier']);
    expect(kept).toEqual([{ ...k1[format], column: 'Opmerking', value: 'belt terug' }]);
    expect(landed.map((r) => r.id)).toEqual(['K1', 'K2']);
  });

  it('freeze: refuses the file, naming the new columns, and lands nothing', async () => {
    const { result, columns, landed } = await land(format, 'freeze');
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(
      /regicare · contacten-\d+\.\w+( · sheet Contacten)?: new columns 'Opmerking', 'BSN' \(the contract of sources\[0\]\.resources\.contacts_\d+ is freeze\)\./,
    );
    expect(columns).toEqual([]);
    expect(landed).toEqual([]);
  });

  it('freeze: loads an export that brings exactly the mapped columns', async () => {
    const mapped = exportFile(
      format,
      records.map((r) => r.slice(0, 3)),
      header.slice(0, 3),
    );
    const { result, columns } = await land(format, 'freeze', mapped);
    expect(result).toMatchObject({ status: 'loaded', rowsReceived: 2 });
    expect(result.newColumns).toBeUndefined();
    expect(columns).toEqual([]);
  });

  it('refuses a file without a mapped required column, naming it, whatever the contract', async () => {
    const noDate = exportFile(
      format,
      records.map((r) => [r[0]!, r[1]!, r[3]!]),
      ['Nr', 'Client', 'Opmerking'],
    );
    const { result, landed } = await land(format, 'evolve', noDate);
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/Datum/);
    expect(landed).toEqual([]);
  });
});

describe('the schema contract of a JSON export with nested objects', () => {
  it('names new fields by their dotted path, and keeps none that identify a person', async () => {
    const nested = JSON.stringify([
      { Nr: 'J1', Client: 7, Datum: '01-03-2025', contact: { kanaal: 'telefoon', email: 'a@b.nl' } },
      { Nr: 'J2', Client: 8, Datum: '02-03-2025', contact: { kanaal: 'bezoek', adres: { straat: 'Markt' } } },
    ]);
    const { columns, kept } = await land('json', 'evolve', nested);
    expect(columns.sort()).toEqual([
      'contact.adres.straat: ignored: personal identifier',
      'contact.email: ignored: personal identifier',
      'contact.kanaal: kept',
    ]);
    expect(kept).toEqual([
      { sheet: null, row: '1', column: 'contact.kanaal', value: 'telefoon' },
      { sheet: null, row: '2', column: 'contact.kanaal', value: 'bezoek' },
    ]);
  });
});

describe('a header that looks like a personal identifier', () => {
  it('is recognised inside Dutch compounds and abbreviations, also a worker’s name', () => {
    const identifiers = ['BSN', 'Cliëntnaam', 'Achternaam', 'E-mailadres', 'Telefoonnr', 'Tel.', 'Mobiel nr'];
    const more = ['Woonadres', 'Postcode', 'Huisnummer', 'Geboortedatum', 'IBAN', 'client.e_mail'];
    const workers = ['Medewerker', 'Ingevuld door', 'Contactpersoon'];
    expect([...identifiers, ...more, ...workers].filter((h) => !isIdentifierHeader(h))).toEqual([]);
  });

  it('leaves ordinary columns alone', () => {
    const ordinary = ['Opmerking', 'Werksoort', 'Kanaal', 'Hotel', 'Teller', 'Datum', 'Contactnummer'];
    expect(ordinary.filter(isIdentifierHeader)).toEqual([]);
  });
});
