import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { printRunSummary } from '../../bin/commands/summary.ts';
import { runPipeline } from '../../pipelines/run-pipeline.ts';
import { Warehouse } from '../../sql/warehouse.ts';
import { crlf, oneClientProject, regicareYaml, type TestProject, testProject } from '../helpers/project.ts';

// cursor: an export that always holds the whole history. Only contacts dated after the highest
// contact date landed before land; older rows count as skipped, and a correction to an old row
// is not taken (that is what merge or replace-period are for).
const head = 'Contactnummer;Cliëntnummer;Trajectnummer;Werksoort;Datum;Duur (uren)';
let p: TestProject;

const state = async () => {
  const wh = await Warehouse.open({ path: p.config.warehouse.path, readOnly: true });
  const contacts = await wh.json<{ id: string; minutes: number }>(
    'SELECT source_contact_id AS id, duration_min AS minutes FROM fct_contact ORDER BY 1',
  );
  const cursor = await wh.value<string | undefined>(
    `SELECT last_value FROM meta.resource_cursor WHERE source = 'regicare' AND resource = 'contacts'`,
  );
  const files = await wh.json<{ file: string; status: string; received: number; skipped: number }>(
    `SELECT file, status, rows_received::INTEGER AS received, rows_skipped::INTEGER AS skipped
     FROM meta.load_file WHERE resource = 'contacts' ORDER BY file_id`,
  );
  await wh.close();
  return { contacts: contacts.map((c) => `${c.id}:${c.minutes}`), cursor, files };
};

beforeAll(() => {
  p = oneClientProject(
    regicareYaml().replace(
      '        files: "contacten_*.csv"\n',
      '        files: "contacten_*.csv"\n        cursor: { field: contact_date, initial_value: 2025-01-31 }\n',
    ),
  );
});
afterAll(() => p.remove());

describe('cursor', () => {
  it('lands rows after initial_value only, and keeps the highest date', async () => {
    p.write(
      'exports/contacten_1.csv',
      crlf([head, 'K0;7;;AMW;20-01-2025;1', 'K1;7;;AMW;03-02-2025;1', 'K2;7;;AMW;10-02-2025;1']),
    );
    await runPipeline(p.config, { trigger: 'test' });
    const s = await state();
    expect(s.contacts).toEqual(['K1:60', 'K2:60']);
    expect(s.cursor).toBe('2025-02-10');
    expect(s.files).toEqual([{ file: 'contacten_1.csv', status: 'loaded', received: 2, skipped: 1 }]);
  });

  it('skips the old rows of the next full-history export and lands the new ones', async () => {
    p.write(
      'exports/contacten_2.csv',
      crlf([
        head,
        'K0;7;;AMW;20-01-2025;1',
        'K1;7;;AMW;03-02-2025;0,5',
        'K2;7;;AMW;10-02-2025;1',
        'K3;7;;AMW;17-02-2025;1',
      ]),
    );
    const run = await runPipeline(p.config, { trigger: 'test' });
    const s = await state();
    expect(s.contacts).toEqual(['K1:60', 'K2:60', 'K3:60']);
    // the summary says why 3 rows were skipped: not only title, total or note rows
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    await printRunSummary(p.config, run);
    const printed = log.mock.calls.map((c) => String(c[0])).join('\n');
    log.mockRestore();
    expect(printed).toContain(', 3 title/total/note rows or rows a cursor had passed skipped');
    expect(s.cursor).toBe('2025-02-17');
    expect(s.files.at(-1)).toEqual({ file: 'contacten_2.csv', status: 'loaded', received: 1, skipped: 3 });
  });

  it('changes nothing when run again', async () => {
    const before = await state();
    await runPipeline(p.config, { trigger: 'test' });
    const after = await state();
    expect(after.contacts).toEqual(before.contacts);
    expect(after.cursor).toBe(before.cursor);
    expect(after.files.slice(before.files.length).map((f) => f.status)).toEqual(['skipped', 'skipped']);
  });

  it('does not move when the file that would move it fails to land', async () => {
    // a later contact, but the export lost its duration column: the file is refused whole
    p.write(
      'exports/contacten_3.csv',
      crlf(['Contactnummer;Cliëntnummer;Trajectnummer;Werksoort;Datum', 'K4;7;;AMW;24-02-2025']),
    );
    const run = await runPipeline(p.config, { trigger: 'test' });
    expect(run.status).toBe('failed');
    const s = await state();
    expect(s.files.at(-1)).toMatchObject({ file: 'contacten_3.csv', status: 'failed' });
    expect(s.cursor).toBe('2025-02-17');

    // the corrected export lands K4, as it would have without the failure
    rmSync(join(p.dir, 'exports/contacten_3.csv'));
    p.write(
      'exports/contacten_4.csv',
      crlf([head, 'K1;7;;AMW;03-02-2025;1', 'K3;7;;AMW;17-02-2025;1', 'K4;7;;AMW;24-02-2025;1']),
    );
    expect((await runPipeline(p.config, { trigger: 'test' })).status).toBe('succeeded');
    const t = await state();
    expect(t.contacts).toEqual(['K1:60', 'K2:60', 'K3:60', 'K4:60']);
    expect(t.cursor).toBe('2025-02-24');
  });

  it('is not carried past real rows by a date in the future or a row that cannot load', async () => {
    // 2062 is a typo staging rejects; K6's date cannot be read: neither may move the cursor,
    // or the real contact of 10 March, still to come in the next export, would be skipped
    p.write(
      'exports/contacten_5.csv',
      crlf([head, 'K5;7;;AMW;03-03-2025;1', 'K9;7;;AMW;03-03-2062;1', 'K6;7;;AMW;31-13-2025;1']),
    );
    await runPipeline(p.config, { trigger: 'test' });
    expect((await state()).cursor).toBe('2025-03-03');
    p.write('exports/contacten_6.csv', crlf([head, 'K5;7;;AMW;03-03-2025;1', 'K7;7;;AMW;10-03-2025;1']));
    await runPipeline(p.config, { trigger: 'test' });
    const s = await state();
    expect(s.contacts).toEqual(['K1:60', 'K2:60', 'K3:60', 'K4:60', 'K5:60', 'K7:60']);
    expect(s.cursor).toBe('2025-03-10');
  });

  it('refuses a cursor on a field the resource does not map', async () => {
    const project = testProject(
      regicareYaml().replace(
        '        files: "contacten_*.csv"\n',
        '        files: "contacten_*.csv"\n        cursor: { field: Datum }\n',
      ),
    );
    try {
      await expect(runPipeline(project.config)).rejects.toThrow(
        "sources[0].resources.contacts.cursor.field: 'Datum' is not a field mapped to a column of this resource.",
      );
    } finally {
      project.remove();
    }
  });
});
