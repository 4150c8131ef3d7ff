import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeDocs } from '../../../bin/commands/docs.ts';
import { printIndicators } from '../../../bin/commands/indicators.ts';
import type { Config } from '../../../lib/config.ts';
import { writeSnapshot } from '../../../pipelines/steps/snapshot.ts';
import { layerModels } from '../../../pipelines/steps/transform.ts';
import { type TestWarehouse, testWarehouse } from '../../helpers/test-warehouse.ts';

// Issue 6: `impact indicators` lists every indicator with its definition, and the same text is
// in the data dictionary. Both come from the header of the indicator's SQL file: the command
// prints it, each run makes it the table's comment, and `impact docs` writes that comment.
let t: TestWarehouse;
let dir: string;
let dictionary: string;
let printed: string;
const indicators = layerModels('indicators');

beforeAll(async () => {
  t = await testWarehouse();
  dir = mkdtempSync(join(tmpdir(), 'impact-definitions-'));
  const snapshot = join(dir, 'analyst.duckdb');
  await writeSnapshot(t.wh, snapshot);
  const [file] = await writeDocs({ publish: { snapshot } } as Config, join(dir, 'docs'));
  dictionary = readFileSync(file!, 'utf8');
  const log = vi.spyOn(console, 'log').mockImplementation(() => {});
  printIndicators({});
  printed = log.mock.calls.map((c) => String(c[0])).join('\n');
  log.mockRestore();
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('indicator definitions', () => {
  it.each(indicators.map((m) => [m.name, m]))(
    '%s: one text in the SQL, the command and the dictionary',
    (name, m) => {
      const definition = m.header.replace(/^[a-z_]+ — /, '').trim();
      expect(definition.length).toBeGreaterThan(40);
      expect(printed).toContain(`${name}\n${'─'.repeat(name.length)}\n${definition}`);
      expect(dictionary).toContain(`## ${name}\n\n\`\`\`\n${m.header.trim()}\n\`\`\``);
    },
  );

  it('states the grain of every indicator', () => {
    expect(indicators.filter((m) => !/grain/i.test(m.header)).map((m) => m.name)).toEqual([]);
  });

  it('speak of change, never of an effect caused by the work (there is no comparison group)', () => {
    const causal = /\b(effect of|caused by|because of the (work|service|trajectory)|thanks to|leads? to)\b/i;
    expect(indicators.filter((m) => causal.test(m.header)).map((m) => m.name)).toEqual([]);
  });
});
