import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../../lib/config.ts';
import { runPipeline } from '../../../pipelines/run-pipeline.ts';
import { planSources } from '../../../sources/define-source.ts';
import { landFile } from '../../../sql/land/land-file.ts';
import { Warehouse } from '../../../sql/warehouse.ts';
import { testProject } from '../../helpers/project.ts';

// JSON and JSON Lines exports land like CSV: DuckDB reads them, every mapped value arrives as
// text and is parsed by the same mapping, and a bad value is named by file, record and column.
let dir: string;
let wh: Warehouse;
let run = 0;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'impact-json-'));
  wh = await Warehouse.open({ path: ':memory:' });
});
afterAll(async () => {
  await wh.close();
  rmSync(dir, { recursive: true, force: true });
});

const contacts = (name: string, extra: string) => `
sources:
  - name: schuldhulp
    location: { directory: . }
    resources:
      contacts:
        entity: contact
        files: "${name}"
        ${extra}
        columns:
          source_contact_id: id
          source_client_id: client.nummer
          contact_date: { column: datum, date: yyyy-mm-dd }
          duration_min: minuten
`;

async function land(name: string, content: string | Buffer, extra = '') {
  const path = join(dir, name);
  writeFileSync(path, content);
  const cfg = parseConfig(parse(contacts(name, extra)), join(dir, 'impact.yaml'));
  const plan = planSources(cfg)[0]!;
  const file = { path, name, bytes: statSync(path).size, modifiedAt: new Date('2025-03-01') };
  const result = await landFile(wh, plan, file, {
    runId: ++run,
    tempDir: join(dir, 'tmp'),
    timezone: 'UTC',
    xlsxLimits: { maxBytes: 1e6, maxRows: 1e3, timeoutMs: 10_000 },
  });
  const rows = await wh.json<{
    row: string;
    id: string;
    client: string;
    date: string;
    min: number;
    errors: string;
  }>(
    `SELECT _row AS row, source_contact_id AS id, source_client_id AS client, contact_date::VARCHAR AS date,
            duration_min AS min, '[' || array_to_string(list_transform(_errors, e -> e.column || ': ' || e.reason), '; ') || ']' AS errors
     FROM land.contact WHERE _load_id = ${run} ORDER BY _row`,
  );
  return { result, rows };
}

describe('JSON exports', () => {
  it('land an array of records, nested fields by dotted path, numbers and dates as text first', async () => {
    const { result, rows } = await land(
      'contacten.json',
      JSON.stringify([
        { id: 'C1', client: { nummer: 101 }, datum: '2025-02-03', minuten: 45 },
        { id: 'C2', client: { nummer: '102' }, datum: '2025-02-31', minuten: '1,5' },
        { id: 'C3', client: { nummer: 103 }, datum: '2025-02-04', minuten: 'veel' },
      ]),
    );
    expect(result).toMatchObject({ status: 'loaded', rowsReceived: 3, rowsRejected: 2 });
    expect(rows).toEqual([
      { row: '1', id: 'C1', client: '101', date: '2025-02-03', min: 45, errors: '[]' },
      {
        row: '2',
        id: 'C2',
        client: '102',
        date: null,
        min: 1.5,
        errors: '[datum: not a date (expected jjjj-mm-dd)]',
      },
      { row: '3', id: 'C3', client: '103', date: '2025-02-04', min: null, errors: '[minuten: not a number]' },
    ]);
  });

  it('find the records inside an envelope with records:', async () => {
    const { result, rows } = await land(
      'api.json',
      JSON.stringify({
        meta: { total: 2 },
        data: {
          items: [
            { id: 'E1', client: { nummer: 1 }, datum: '2025-01-02' },
            { id: 'E2', client: { nummer: 2 }, datum: '2025-01-03' },
          ],
        },
      }),
      'records: data.items',
    );
    expect(result.status).toBe('loaded');
    expect(rows.map((r) => [r.row, r.id, r.client])).toEqual([
      ['1', 'E1', '1'],
      ['2', 'E2', '2'],
    ]);
  });

  it('number JSON Lines records 1, 2, 3 and quarantine a missing required value', async () => {
    const { result, rows } = await land(
      'contacten.jsonl',
      [
        '{"id":"L1","client":{"nummer":1},"datum":"2025-01-02"}',
        '{"id":"L2","client":{},"datum":"2025-01-03"}',
        '',
      ].join('\n'),
    );
    expect(result).toMatchObject({ status: 'loaded', rowsReceived: 2, rowsRejected: 1 });
    expect(rows.map((r) => `${r.row} ${r.errors}`)).toEqual([
      '1 []',
      '2 [client.nummer: required value missing (source_client_id)]',
    ]);
  });

  it('reject a JSON Lines file with a broken line, naming the file and the line', async () => {
    const { result } = await land(
      'kapot.jsonl',
      '{"id":"L1","client":{"nummer":1},"datum":"2025-01-02"}\n\n{"id": "L2",\n',
    );
    expect(result.status).toBe('failed');
    expect(result.error).toMatch(/^schuldhulp · kapot\.jsonl: is not valid JSON Lines \(line 3/);
  });

  it('reject a document that is not a list, and point to records:', async () => {
    const { result } = await land('object.json', '{"data": {"items": []}}');
    expect(result.error).toBe(
      'schuldhulp · object.json: the JSON is not a list of records (it starts with an object).',
    );
    const wrongPath = await land('envelope.json', '{"data": {"items": {"id": 1}}}', 'records: data.items');
    expect(wrongPath.result.error).toMatch(/records: 'data.items' holds object, not a list of records/);
  });

  it('reject nesting beyond a sane depth before DuckDB parses it', async () => {
    const { result } = await land('diep.json', `[{"id": 1},\n{"id": ${'['.repeat(200)}${']'.repeat(200)}}]`);
    expect(result.error).toMatch(/nests more than 64 levels deep \(record 2, line 2\)/);
    const lines = await land(
      'diep.jsonl',
      `{"id": 1}\n{"id": 2}\n{"id": ${'{"a":'.repeat(100)}1${'}'.repeat(100)}}\n`,
    );
    expect(lines.result.error).toMatch(/nests more than 64 levels deep \(line 3\)/);
  });

  it('take an item of a list by [n], and a list of plain values as one text', async () => {
    const cfg = `
sources:
  - name: schuldhulp
    location: { directory: . }
    resources:
      trajecten:
        entity: trajectory
        files: "trajecten.json"
        columns:
          source_trajectory_id: id
          source_client_id: "clienten[0].nummer"
          service_code: { value: SHV }
          start_date: { column: "periode[0]", date: yyyy-mm-dd }
          team: teams
`;
    const path = join(dir, 'trajecten.json');
    writeFileSync(
      path,
      JSON.stringify([
        {
          id: 'T1',
          clienten: [{ nummer: 5 }, { nummer: 6 }],
          periode: ['2025-01-06', null],
          teams: ['Noord', 'Oost'],
        },
        { id: 'T2', clienten: [], periode: ['2025-02-30'], teams: [] },
      ]),
    );
    const plan = planSources(parseConfig(parse(cfg), join(dir, 'impact.yaml')))[0]!;
    const file = {
      path,
      name: 'trajecten.json',
      bytes: statSync(path).size,
      modifiedAt: new Date('2025-03-01'),
    };
    const result = await landFile(wh, plan, file, {
      runId: ++run,
      tempDir: join(dir, 'tmp'),
      timezone: 'UTC',
      xlsxLimits: { maxBytes: 1e6, maxRows: 1e3, timeoutMs: 10_000 },
    });
    expect(result).toMatchObject({ status: 'loaded', rowsReceived: 2, rowsRejected: 1 });
    expect(
      await wh.json(
        `SELECT source_trajectory_id AS id, source_client_id AS client, start_date::VARCHAR AS start, team,
                array_to_string(list_transform(_errors, e -> e.column || ': ' || e.reason), '; ') AS errors
         FROM land.trajectory WHERE _load_id = ${run} ORDER BY _row`,
      ),
    ).toEqual([
      { id: 'T1', client: '5', start: '2025-01-06', team: 'Noord, Oost', errors: '' },
      {
        id: 'T2',
        client: null,
        start: null,
        team: null,
        errors:
          'periode[0]: not a date (expected jjjj-mm-dd); clienten[0].nummer: required value missing (source_client_id)',
      },
    ]);
  });

  it('reject an empty file, a PDF renamed to .json and a Windows-1252 file, each with its reason', async () => {
    expect((await land('leeg.json', ' \n')).result.error).toBe('schuldhulp · leeg.json: the file is empty.');
    expect((await land('rapport.json', '%PDF-1.4\n%âãÏÓ')).result.error).toBe(
      'schuldhulp · rapport.json: is not a JSON list of records (it does not start with [).',
    );
    const latin1 = Buffer.concat([Buffer.from('[{"id": "'), Buffer.from([0xe9]), Buffer.from('"}]')]);
    expect((await land('latin1.json', latin1)).result.error).toBe(
      'schuldhulp · latin1.json: is not valid JSON (invalid UTF-8 encoding in string).',
    );
  });

  it('reject a list of plain values: records are objects', async () => {
    const { result } = await land('getallen.json', '[1, 2, 3]');
    expect(result.error).toBe(
      'schuldhulp · getallen.json: the records are ubigint values, not objects with fields.',
    );
  });

  it('reject a document nested 10,000 deep with a message, not a crash', async () => {
    const { result } = await land('bom.json', `${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    expect(result).toMatchObject({ status: 'failed', rowsReceived: 0 });
    expect(result.error).toMatch(
      /^schuldhulp · bom\.json: the JSON nests more than 64 levels deep \(record 1, line 1\)/,
    );
  });

  it('reject a file where no record has a mapped field, naming it', async () => {
    const { result } = await land(
      'andere.json',
      JSON.stringify([{ id: 'X', klant: 1, datum: '2025-01-01' }]),
    );
    expect(result.error).toBe("schuldhulp · andere.json: column 'client.nummer' not found in any record.");
  });

  it('through the whole pipeline: a bad record in quarantine by file, record and column, the rest in the star', async () => {
    const p = testProject(`
privacy: { pseudonym_key_env: IMPACT_TEST_KEY }
sources:
  - name: schuldhulp
    location: { directory: exports }
    resources:
      contacts:
        entity: contact
        files: "gesprekken_*.jsonl"
        columns:
          source_contact_id: id
          source_client_id: client.nummer
          contact_date: datum
          duration_min: minuten
`);
    try {
      p.write(
        'exports/gesprekken_1.jsonl',
        [
          '{"id": "G1", "client": {"nummer": "A1"}, "datum": "2025-03-03", "minuten": 30}',
          '{"id": "G2", "client": {"nummer": "A2"}, "datum": "2025-03-32", "minuten": 45}',
          '{"id": "G3", "client": {"nummer": "A1"}, "datum": "2025-03-04", "minuten": "lang"}',
        ].join('\n'),
        'utf-8',
      );
      const summary = await runPipeline(p.config, { trigger: 'test' });
      expect(summary.status).toBe('succeeded');
      const out = await Warehouse.open({ path: p.config.warehouse.path, readOnly: true });
      try {
        expect(
          await out.json(
            `SELECT file, row, "column", value, reason, action FROM staging.quarantine ORDER BY row`,
          ),
        ).toEqual([
          {
            file: 'gesprekken_1.jsonl',
            row: '2',
            column: 'datum',
            value: '2025-03-32',
            reason: 'not a date (expected dd-mm-jjjj)',
            action: 'row rejected',
          },
          {
            file: 'gesprekken_1.jsonl',
            row: '3',
            column: 'minuten',
            value: 'lang',
            reason: 'not a number',
            action: 'value dropped',
          },
        ]);
        expect(
          await out.json('SELECT source_contact_id AS id, duration_min AS min FROM fct_contact ORDER BY 1'),
        ).toEqual([
          { id: 'G1', min: 30 },
          { id: 'G3', min: null },
        ]);
      } finally {
        await out.close();
      }
    } finally {
      p.remove();
    }
  }, 60_000);
});
