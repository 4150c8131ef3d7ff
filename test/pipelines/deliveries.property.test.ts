import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { runPipeline } from '../../pipelines/run-pipeline.ts';
import { Warehouse } from '../../sql/warehouse.ts';
import { crlf, regicareYaml, testProject } from '../helpers/project.ts';

// DESIGN.md §5: loads are incremental and idempotent. Whatever sequence of deliveries arrives —
// new contacts, corrections of earlier ones, byte-identical re-deliveries — spread over any
// number of runs, the warehouse ends as one clean load of the final data gives: for each
// contact the values of its latest delivery.
interface Contact {
  id: string;
  day: number;
  hours: string;
}

const contact = fc.record({
  id: fc.constantFrom('K1', 'K2', 'K3', 'K4', 'K5'),
  day: fc.integer({ min: 1, max: 28 }),
  hours: fc.constantFrom('0,5', '1', '1,25', '2'),
});
/** One delivery: a file of contacts, no contact twice in it. */
const delivery = fc.uniqueArray(contact, { minLength: 1, maxLength: 4, selector: (c) => c.id });
/** A sequence of deliveries, each either a new file or a byte-identical re-delivery of an earlier one. */
const scenario = fc.record({
  deliveries: fc.array(fc.oneof(delivery, fc.nat({ max: 5 })), { minLength: 1, maxLength: 5 }),
  runAfter: fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }),
});

const lines = (rows: Contact[]) =>
  crlf([
    'Contactnummer;Cliëntnummer;Trajectnummer;Werksoort;Datum;Duur (uren)',
    ...rows.map((c) => `${c.id};7;;AMW;${String(c.day).padStart(2, '0')}-03-2025;${c.hours}`),
  ]);

async function warehouseAfter(files: string[], runAfter: boolean[]) {
  const p = testProject(regicareYaml());
  try {
    p.write(
      'exports/trajecten.csv',
      crlf(['Trajectnummer;Cliëntnummer;Werksoort;Gemeente;Startdatum;Einddatum;Reden afsluiting']),
    );
    p.write(
      'exports/clienten_2025-01-31.csv',
      crlf(['Cliëntnummer;Geboortedatum;Geslacht;Postcode;Gemeente', '7;01-01-1980;Vrouw;3511 AB;Utrecht']),
    );
    for (const [i, content] of files.entries()) {
      p.write(`exports/contacten_${String(i).padStart(2, '0')}.csv`, content);
      if (runAfter[i] || i === files.length - 1) await runPipeline(p.config, { trigger: 'test' });
    }
    const wh = await Warehouse.open({ path: p.config.warehouse.path, readOnly: true });
    const rows = await wh.json(
      `SELECT source_contact_id, contact_date, duration_min FROM fct_contact ORDER BY 1;`,
    );
    const reach = await wh.json(`SELECT period_type, contacts, contact_hours FROM ind_reach ORDER BY 1`);
    await wh.close();
    return { rows, reach };
  } finally {
    p.remove();
  }
}

describe('any sequence of deliveries', () => {
  it('ends in the warehouse one clean load of the final data gives', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ deliveries, runAfter }) => {
        const files: string[] = [];
        const latest = new Map<string, Contact>();
        for (const d of deliveries) {
          // a number re-delivers an earlier file byte for byte (as a copy under a new name)
          const rows = typeof d === 'number' ? undefined : d;
          const content = typeof d === 'number' ? files[d % Math.max(1, files.length)] : lines(d);
          if (content === undefined) continue;
          files.push(content);
          for (const c of rows ?? []) latest.set(c.id, c);
        }
        if (!files.length) return;
        const delivered = await warehouseAfter(files, runAfter);
        const clean = await warehouseAfter([lines([...latest.values()])], [true]);
        expect(delivered).toEqual(clean);
      }),
      { numRuns: 6, seed: 20261123, endOnFailure: true },
    );
  }, 180_000);
});
