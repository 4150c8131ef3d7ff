import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { parse } from 'yaml';
import { printRuns } from '../../bin/commands/runs.ts';
import { parseConfig } from '../../lib/config.ts';
import { codeVersion } from '../../pipelines/code-version.ts';
import { type RunSummary, runPipeline } from '../../pipelines/run-pipeline.ts';
import { configHash } from '../../pipelines/run-record.ts';
import { Warehouse } from '../../sql/warehouse.ts';
import { crlf, regicareYaml, type TestProject, testProject } from '../helpers/project.ts';

// Issue 10, audit: a published figure must be traceable to exactly what made it — the input
// files, the configuration, the code and the published set — from the run record alone.
const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
const root = join(import.meta.dirname, '../..');
let p: TestProject;
let run: RunSummary;
let record: Record<string, unknown> | undefined;
let files: { file: string; sha256: string }[];

beforeAll(async () => {
  p = testProject(regicareYaml());
  p.write(
    'exports/contacten_2025-02.csv',
    crlf([
      'Contactnummer;Cliëntnummer;Trajectnummer;Werksoort;Datum;Duur (uren)',
      'K1;1;;SMW;03-02-2025;1,5',
      'K2;2;;SMW;04-02-2025;0,5',
    ]),
  );
  p.write(
    'exports/contacten_2025-03.csv',
    crlf(['Contactnummer;Cliëntnummer;Trajectnummer;Werksoort;Datum;Duur (uren)', 'K3;1;;SMW;03-03-2025;1']),
  );
  run = await runPipeline(p.config, { trigger: 'test' });
  const wh = await Warehouse.open({ path: p.config.warehouse.path, readOnly: true });
  [record] = await wh.json<Record<string, unknown>>('SELECT * FROM meta.run WHERE run_id = $1', [run.runId]);
  files = await wh.json('SELECT file, sha256 FROM meta.load_file WHERE run_id = $1 ORDER BY file', [
    run.runId,
  ]);
  await wh.close();
}, 60_000);
afterAll(() => p.remove());

describe('the record of a run', () => {
  it('holds the sha256 of every input file', () => {
    expect(run.status).toBe('succeeded');
    expect(files).toEqual(
      ['contacten_2025-02.csv', 'contacten_2025-03.csv'].map((file) => ({
        file,
        sha256: sha256(readFileSync(join(p.dir, 'exports', file))),
      })),
    );
  });

  it('holds the sha256 of the manifest it published', () => {
    expect(record?.manifest_sha256).toBe(sha256(readFileSync(join(p.config.publish.dir, 'manifest.json'))));
  });

  it('holds the hash of the resolved configuration', () => {
    expect(record?.config_hash).toBe(configHash(p.config));
    expect(record?.config_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('holds the code version: package version and git commit', () => {
    const version = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;
    const head = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    expect(record?.code_version).toBe(`${version}+git.${head.slice(0, 12)}`);
  });

  it('is shown by impact runs, and by impact runs --run with every input file', async () => {
    const lines: string[] = [];
    const log = vi.spyOn(console, 'log').mockImplementation((...a) => void lines.push(a.join(' ')));
    const table = vi
      .spyOn(console, 'table')
      .mockImplementation((rows) => void lines.push(JSON.stringify(rows)));
    try {
      await printRuns(p.config, { limit: 5 });
      await printRuns(p.config, { run: run.runId, limit: 5 });
    } finally {
      log.mockRestore();
      table.mockRestore();
    }
    const text = lines.join('\n');
    expect(text).toContain(`"manifest":"${String(record?.manifest_sha256).slice(0, 12)}"`);
    expect(text).toContain(`config    sha256 ${record?.config_hash}`);
    expect(text).toContain(`code      ${record?.code_version}`);
    expect(text).toContain(`manifest  sha256 ${record?.manifest_sha256}`);
    for (const f of files)
      expect(text).toContain(`input     sha256 ${f.sha256}  regicare/${f.file} (loaded)`);
  });
});

describe('the configuration hash', () => {
  const config = (yaml: string) => configHash(parseConfig(parse(yaml), join(p.dir, 'impact.yaml')));

  it('ignores comments, layout and key order, and the defaults written out', () => {
    const plain = regicareYaml();
    const reordered = `# our nightly export\nprivacy: { min_cell: 10, pseudonym_key_env: IMPACT_TEST_KEY }\n${plain.replace(
      /^privacy:.*$/m,
      'publish: { keep_versions: 3 }',
    )}`;
    expect(config(reordered)).toBe(config(plain));
  });

  it('changes with any setting', () => {
    const plain = regicareYaml();
    expect(config(plain.replace('min_cell: 10', 'min_cell: 5'))).not.toBe(config(plain));
    expect(config(plain.replace('Duur (uren)', 'Duur'))).not.toBe(config(plain));
  });
});

describe('the code version without a git checkout', () => {
  it('is a hash of the source tree that changes when a source file does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'impact-code-'));
    try {
      writeFileSync(join(dir, 'package.json'), '{"version":"1.2.3"}');
      mkdirSync(join(dir, 'transforms/star'), { recursive: true });
      writeFileSync(join(dir, 'transforms/star/fct_contact.sql'), 'select 1');
      const before = codeVersion(dir);
      expect(before).toMatch(/^1\.2\.3\+tree\.[0-9a-f]{12}$/);
      writeFileSync(join(dir, 'transforms/star/fct_contact.sql'), 'select 2');
      expect(codeVersion(dir)).not.toBe(before);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
