import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { printRuns } from '../../../bin/commands/runs.ts';
import { printRunSummary } from '../../../bin/commands/summary.ts';
import { type RunSummary, runPipeline } from '../../../pipelines/run-pipeline.ts';
import { crlf, type TestProject, testProject } from '../../helpers/project.ts';

// A data expert learns that an export grew columns from what `impact run` prints and from
// `impact runs --run N`, which names them per file with what the schema contract did.
const yaml = `
privacy: { pseudonym_key_env: IMPACT_TEST_KEY }
sources:
  - name: regicare
    location: { directory: exports }
    resources:
      contacts:
        entity: contact
        files: "contacten_*.csv"
        contract: { new_columns: evolve }
        columns:
          source_contact_id: Nr
          source_client_id: Client
          contact_date: Datum
`;

let p: TestProject;
let summary: RunSummary;

beforeAll(async () => {
  p = testProject(yaml);
  p.write('exports/contacten_1.csv', crlf(['Nr;Client;Datum', 'K1;1;03-02-2025']));
  p.write(
    'exports/contacten_2.csv',
    crlf(['Nr;Client;Datum;Kanaal;Cliëntnaam', 'K2;2;04-02-2025;telefoon;Jansen']),
  );
  summary = await runPipeline(p.config, { trigger: 'test' });
}, 60_000);
afterAll(() => p.remove());

async function printed(print: () => Promise<void>): Promise<string[]> {
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  vi.spyOn(console, 'table').mockImplementation(() => {});
  try {
    await print();
    return log.mock.calls.flatMap((c) => String(c[0]).split('\n'));
  } finally {
    vi.restoreAllMocks();
  }
}

describe('new columns in what impact says', () => {
  it('the run summary counts them and points to impact runs --run', async () => {
    const lines = await printed(() => printRunSummary(p.config, summary));
    expect(lines.filter((l) => l.includes('columns'))).toEqual([
      '  columns    2 not in the mapping, in 1 file: 1 kept aside, 1 ignored (personal identifiers: 1) · impact runs --run 1',
    ]);
  });

  it('impact runs --run names them per file, with what was done', async () => {
    const lines = await printed(() => printRuns(p.config, { run: 1, limit: 10 }));
    expect(lines.filter((l) => l.startsWith('  columns'))).toEqual([
      "  columns   regicare/contacten_2.csv: 'Kanaal' kept, 'Cliëntnaam' ignored: personal identifier",
    ]);
  });
});
