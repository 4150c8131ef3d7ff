import { createHmac } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../lib/config.ts';
import { createLogger } from '../../lib/logger.ts';
import { runPipeline } from '../../pipelines/run-pipeline.ts';
import { Warehouse } from '../../sql/warehouse.ts';
import { crlf, type TestProject, testProject } from '../helpers/project.ts';

// DESIGN.md §8: one person in two systems (a registration and a debt-help system) may be linked
// through the keyed HMAC of the BSN, only when privacy.link_persons_by_bsn is switched on. The
// BSN is hashed in the statement that lands the row: the number itself is in no table, file or
// log line, and an invalid one is dropped (the row stays, without link) and quarantined unechoed.
const key = 'test-key-that-is-long-enough-0123456789';
const linked = '111222333'; // passes the 11-test
const invalid = '123456789'; // 9 digits, fails the 11-test

const yaml = (opts: { link?: boolean; bsn?: boolean; files?: string } = {}) => `
warehouse: { path: data/warehouse.duckdb }
privacy: { pseudonym_key_env: IMPACT_TEST_KEY${opts.link ? ', link_persons_by_bsn: true' : ''} }
sources:
  - name: regicare
    location: { directory: exports/regicare }
    defaults: { csv: { delimiter: ";", encoding: utf-8 }, date_format: dd-mm-jjjj }
    resources:
      clients:
        entity: client
        files: "${opts.files ?? 'clienten*.csv'}"
        columns:
          source_client_id: Cliëntnummer
          postcode: Postcode${opts.bsn ? '\n          bsn: BSN' : ''}
  - name: debt_help
    location: { directory: exports/debt_help }
    defaults: { csv: { delimiter: ";", encoding: utf-8 }, date_format: dd-mm-jjjj }
    resources:
      clients:
        entity: client
        files: "klanten*.csv"
        columns:
          source_client_id: Klantnummer
          postcode: Postcode${opts.bsn ? '\n          bsn: Burgerservicenummer' : ''}
`;

function writeExports(p: TestProject) {
  p.write(
    'exports/regicare/clienten.csv',
    crlf(['Cliëntnummer;Postcode;BSN', `7;3511 AB;${linked}`, `8;3512 CD;${invalid}`, '9;3513 EF;']),
    'utf-8',
  );
  // The same person, written the way another system writes a BSN.
  p.write(
    'exports/debt_help/klanten.csv',
    crlf(['Klantnummer;Postcode;Burgerservicenummer', 'K-41;3511 AB;111.222.333']),
    'utf-8',
  );
}

async function run(p: TestProject, logFile?: string) {
  const logger = logFile ? createLogger({ level: 'debug', destination: logFile }) : undefined;
  const summary = await runPipeline(p.config, { trigger: 'test', ...(logger ? { logger } : {}) });
  expect(summary.status).toBe('succeeded');
  return Warehouse.open({ path: p.config.warehouse.path, readOnly: true });
}

interface ClientRow {
  source_system: string;
  client_pid: string;
  person_pid: string | null;
}

const clientsSql = 'SELECT source_system, client_pid, person_pid FROM dim_client ORDER BY source_system, pc4';

describe('linking persons by BSN, switched on', () => {
  let p: TestProject;
  let wh: Warehouse;
  beforeAll(async () => {
    p = testProject(yaml({ link: true, bsn: true }));
    writeExports(p);
    wh = await run(p, join(p.dir, 'run.log'));
  });
  afterAll(async () => {
    await wh.close();
    p.remove();
  });

  it('gives one person_pid, the keyed HMAC of the BSN, to one person in two systems with two client_pids', async () => {
    const rows = await wh.json<ClientRow>(clientsSql);
    const hmac = createHmac('sha256', key).update(`#bsn:${linked}`).digest('hex');
    expect(rows.map((r) => [r.source_system, r.person_pid])).toEqual([
      ['debt_help', hmac],
      ['regicare', hmac],
      ['regicare', null],
      ['regicare', null],
    ]);
    expect(rows[0]!.client_pid).not.toBe(rows[1]!.client_pid);
  });

  it('keeps the client of an invalid BSN without link, and quarantines the value without showing it', async () => {
    expect(
      await wh.json(
        `SELECT source, row, "column", value, reason, action FROM staging.quarantine WHERE entity = 'client'`,
      ),
    ).toEqual([
      {
        source: 'regicare',
        row: '3',
        column: 'BSN',
        value: null,
        reason: 'not a valid BSN (9 digits that pass the 11-test); the value is not shown',
        action: 'value dropped',
      },
    ]);
  });

  it('stores the BSN nowhere: no table cell, warehouse file, published file, temp file or log line has the digits', async () => {
    const tables = await wh.rows<{ t: string }>(
      `SELECT schema_name || '.' || table_name AS t FROM duckdb_tables() WHERE database_name <> 'temp'
       UNION ALL SELECT schema_name || '.' || view_name FROM duckdb_views() WHERE NOT internal AND database_name <> 'temp'`,
    );
    expect(tables.map((r) => r.t)).toContain('land.client');
    const hits: string[] = [];
    for (const { t } of tables) {
      const n = await wh.value(
        `SELECT count(*) FROM ${t} AS x WHERE regexp_matches(CAST(x AS VARCHAR), '${linked}|${invalid}|111\\.222\\.333')`,
      );
      if (Number(n) > 0) hits.push(t);
    }
    expect(hits).toEqual([]);
    // Files the run wrote (warehouse, snapshot, published Parquet, temp, log) as bytes. Not the
    // exports, nor data/raw: the deliveries as received, archived for replay, names and all.
    const own = (f: string) =>
      !f.startsWith(join(p.dir, 'exports')) && !f.startsWith(join(p.dir, 'data/raw'));
    const files = (readdirSync(p.dir, { recursive: true }) as string[])
      .map((f) => join(p.dir, f))
      .filter((f) => statSync(f).isFile() && own(f));
    expect(files.some((f) => f.endsWith('warehouse.duckdb'))).toBe(true);
    for (const f of files) {
      const bytes = readFileSync(f).toString('latin1');
      expect(bytes.includes(linked) || bytes.includes(invalid) || bytes.includes('111.222.333'), f).toBe(
        false,
      );
    }
  });
});

describe('linking persons by BSN, off by default', () => {
  it('leaves person_pid empty when the switch is off', async () => {
    const p = testProject(yaml());
    writeExports(p);
    const wh = await run(p);
    try {
      const rows = await wh.json<ClientRow>(clientsSql);
      expect(rows).toHaveLength(4);
      expect(rows.every((r) => r.person_pid === null)).toBe(true);
      expect(await wh.value('SELECT count(*) FROM land.client WHERE person_pid IS NOT NULL')).toBe(0);
    } finally {
      await wh.close();
      p.remove();
    }
  });

  it('refuses a config that maps bsn without the switch, and says what to do', () => {
    expect(() => parseConfig(parse(yaml({ bsn: true })), '/x/impact.yaml')).toThrow(
      /sources\[0\]\.resources\.clients\.columns\.bsn: a BSN is only read when privacy\.link_persons_by_bsn is true/,
    );
  });

  it('refuses a BSN from a workbook, where the number would pass a work table in clear', () => {
    expect(() =>
      parseConfig(parse(yaml({ link: true, bsn: true, files: 'clienten*.xlsx' })), '/x/impact.yaml'),
    ).toThrow(/columns\.bsn: a BSN can only be linked from a CSV export, not xlsx/);
  });
});

describe('the 11-test (elfproef)', () => {
  it('accepts valid BSNs with or without separators and a dropped leading zero, nothing else', async () => {
    const wh = await Warehouse.open({ path: ':memory:' });
    try {
      const rows = await wh.json<{ v: string; b: string | null }>(
        `SELECT v, bsn_normal(v) AS b FROM (VALUES
           ('111222333'), (' 111 22 2333 '), ('123-456-782'), ('12345672'), ('123456789'),
           ('000000000'), ('1234567820'), ('12345678a'), ('')) AS t(v)`,
      );
      expect(rows.map((r) => r.b)).toEqual([
        '111222333',
        '111222333',
        '123456782',
        '012345672',
        null,
        null,
        null,
        null,
        null,
      ]);
    } finally {
      await wh.close();
    }
  });
});
