// The budget file finance keeps: one row per year × municipality × service, with the annual
// cost in euros written the Dutch way ('€ 1.234.500,00'). Costs follow the work actually done
// (contact hours, collective sessions) at a realistic integral rate, scaled up to a whole year
// for a year the window only partly covers, so the return ratio lands in a plausible range.
import { CsvFile } from './csv-file.ts';
import { dayOf, partsOf } from './dates.ts';
import { addressOn, type Person } from './people.ts';
import type { Plan } from './plan.ts';
import { Rng, Stream } from './random.ts';
import type { Care } from './registrations.ts';

export const BUDGET_PATH = 'financien/begroting.csv';
/** Integral cost of one hour of client contact (including travel, admin and overhead). */
const HOURLY = 92 * 2.2;
/** Integral cost of one collective session (space, staff, materials). */
const SESSION = 480;

export class BudgetTally {
  private readonly hours = new Map<string, number>();

  add(person: Person, care: Care): void {
    for (const c of care.contacts) {
      const municipality = c.trajectory?.municipality ?? addressOn(person, c.day).municipality.name;
      const key = `${partsOf(c.day).year}|${municipality}|${c.service.name}`;
      this.hours.set(key, (this.hours.get(key) ?? 0) + c.hours);
    }
  }

  async write(plan: Plan, sessions: ReadonlyMap<string, number>): Promise<{ path: string; rows: number }> {
    const rng = Rng.for(plan.seed, 0, Stream.budget);
    const cost = new Map<string, number>();
    for (const [key, h] of this.hours) cost.set(key, h * HOURLY);
    for (const [key, n] of sessions) cost.set(key, (cost.get(key) ?? 0) + n * SESSION);
    const file = await CsvFile.create(`${plan.dir}/${BUDGET_PATH}`);
    file.record(['Jaar', 'Gemeente', 'Werksoort', 'Kosten']);
    for (const key of [...cost.keys()].sort()) {
      const [year, municipality, service] = key.split('|') as [string, string, string];
      const annual = (cost.get(key)! * 365) / daysCovered(plan, Number(year));
      const rounding = annual > 50_000 && rng.chance(0.3) ? 1000 : 100;
      const euros = Math.max(1000, Math.round((annual * rng.normal(1, 0.05)) / rounding) * rounding);
      file.record([year, municipality, service, euroText(euros)]);
      file.rows++;
    }
    await file.close();
    return { path: BUDGET_PATH, rows: file.rows };
  }
}

function daysCovered(plan: Plan, year: number): number {
  const first = Math.max(plan.from, dayOf(year, 1, 1));
  const last = Math.min(plan.to, dayOf(year, 12, 31));
  return Math.max(1, last - first + 1);
}

/** 1234500 → '€ 1.234.500,00' */
export function euroText(euros: number): string {
  const whole = String(Math.round(euros)).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `€ ${whole},00`;
}
