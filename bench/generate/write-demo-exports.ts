// Entry point of the demo generator (`impact demo`, and the benchmarks): writes, under `dir`,
// the exports a Dutch welfare organisation's registration system and teams really produce —
// RegiCare CSVs in cp1252, the ZRM and attendance workbooks, the budget — realistic and messy,
// deterministic from the seed. Clients stream through one at a time, so 20 M contacts fit in
// a flat few hundred MiB. demoIdentifiers lists every direct identifier for privacy tests.

import { writeAttendance } from './attendance-workbook.ts';
import { BudgetTally } from './budget-csv.ts';
import { makePerson } from './people.ts';
import { type DemoOptions, type DemoSummary, makePlan } from './plan.ts';
import { ClientRegisterExport } from './regicare-clients-csv.ts';
import { RegicareExport } from './regicare-csv.ts';
import { makeCare, Numbering } from './registrations.ts';
import { makeStaff } from './staff.ts';
import { writeStories } from './stories-csv.ts';
import { makeMeasurements } from './zrm-scores.ts';
import { ZrmWorkbook } from './zrm-workbook.ts';

export { passesElfproef } from './people.ts';
export type { DefectKind, DemoOptions, DemoSummary, PlantedDefect } from './plan.ts';

export const ORGANISATION = 'Welzijn Utrecht-Midden (demo)';
/** Clients per batch between flushes and progress reports. */
const BATCH = 2000;

export async function writeDemoExports(opts: DemoOptions): Promise<DemoSummary> {
  const plan = makePlan(opts);
  const staff = makeStaff(plan);
  const numbering = new Numbering();
  const register = await ClientRegisterExport.open(plan);
  const regicare = await RegicareExport.open(plan);
  const zrm = await ZrmWorkbook.open(plan, ORGANISATION);
  const budget = new BudgetTally();
  for (let start = 0; start < plan.clients; start += BATCH) {
    const end = Math.min(plan.clients, start + BATCH);
    for (let index = start; index < end; index++) {
      const person = makePerson(plan, index);
      const care = makeCare(plan, person, staff, numbering);
      register.add(person);
      regicare.add(person, care);
      await zrm.add(makeMeasurements(plan, person, care));
      budget.add(person, care);
    }
    await Promise.all([register.flush(), regicare.flush(), zrm.flush()]);
    opts.onProgress?.(end, plan.clients);
  }
  const files = [...(await register.close()), ...(await regicare.close()), await zrm.close()];
  const attendance = await writeAttendance(plan);
  files.push({ path: attendance.path, rows: attendance.rows });
  files.push(await budget.write(plan, attendance.sessions));
  files.push(await writeStories(plan));
  return { files, defects: [...regicare.defects, ...zrm.defects] };
}

/**
 * Every direct identifier the exports contain, regenerated from the person stream alone:
 * BSNs; names as they stand in a cell (first names, surnames without tussenvoegsel, staff
 * full names — the ZRM sheet is sometimes signed with a first name only, which is not listed);
 * street names; phone numbers and e-mail addresses exactly as written (both
 * before and after a move). Short names are common words, so match whole cells or words.
 * Pass the same from/to as to writeDemoExports when it was not run with the default window
 * (registration dates, and so ages, first names and moves, depend on the window).
 */
export function demoIdentifiers(
  seed: number,
  clients: number,
  window: { from?: string; to?: string } = {},
): { bsn: string[]; names: string[]; streets: string[]; phones: string[]; emails: string[] } {
  const plan = makePlan({ dir: '', seed, clients, ...window });
  const bsn: string[] = [];
  const names = new Set<string>(makeStaff(plan).all);
  const streets = new Set<string>();
  const phones = new Set<string>();
  const emails = new Set<string>();
  for (let index = 0; index < clients; index++) {
    const p = makePerson(plan, index);
    bsn.push(p.bsn);
    if (p.firstName) names.add(p.firstName);
    names.add(p.surname);
    if (p.email) emails.add(p.email);
    for (const a of p.move ? [p.address, p.move.address] : [p.address]) {
      streets.add(a.street);
      if (a.phone) phones.add(a.phone);
    }
  }
  return { bsn, names: [...names], streets: [...streets], phones: [...phones], emails: [...emails] };
}
