// ZRM (Zelfredzaamheid-Matrix) measurements as teams record them: an intake near the start of
// a trajectory, sometimes a midway one, an exit measurement near the end. Scores run from
// 1 (acuut) to 5 (volledig zelfredzaam); at intake the service's own domains are low, and at
// exit they rise about 0.7 on average when goals were met, hardly when the client dropped out.
// Many domains are not assessed (blank) or marked n.v.t.
import type { Person } from './people.ts';
import type { Plan } from './plan.ts';
import { Rng, Stream } from './random.ts';
import type { Care, Trajectory } from './registrations.ts';

export const ZRM_DOMAINS = [
  'Financiën',
  'Werk & opleiding',
  'Tijdsbesteding',
  'Huisvesting',
  'Huiselijke relaties',
  'Geestelijke gezondheid',
  'Lichamelijke gezondheid',
  'Middelengebruik',
  'Basale ADL',
  'Instrumentele ADL',
  'Sociaal netwerk',
  'Maatschappelijke participatie',
  'Justitie',
] as const;

export type Moment = 'Intake' | 'Tussenmeting' | 'Evaluatie' | 'Eindmeting';

/** A score cell: a number, 'n.v.t.', or null (blank: not assessed). */
export type ScoreCell = number | 'n.v.t.' | null;

export interface Measurement {
  clientNumber: number;
  /** null when the team did not fill in the trajectory. */
  trajectoryNumber: number | null;
  day: number;
  moment: Moment;
  scores: ScoreCell[];
  by: string;
}

/** Domains a youth worker rarely scores, and ones that are n.v.t. for the young or the old. */
const YOUTH_SKIP = new Set(['Basale ADL', 'Instrumentele ADL', 'Huiselijke relaties']);
const ELDERLY_NVT = new Set(['Werk & opleiding', 'Justitie']);

export function makeMeasurements(plan: Plan, person: Person, care: Care): Measurement[] {
  const rng = Rng.for(plan.seed, person.index, Stream.zrm);
  const out: Measurement[] = [];
  for (const t of care.trajectories) {
    // At coverage 1 the product is the demo's own rate exactly, so its output stays byte-for-byte.
    if (!t.service.zrm || !rng.chance((t.end === null ? 0.75 : 0.82) * plan.scoreCoverage)) continue;
    measure(plan, rng, person, t, out);
  }
  // Scores belong to the client: two trajectories measured on one day would be one conflicting
  // measurement, a fault the teams do make but that is planted (and recorded) elsewhere.
  const days = new Set<number>();
  return out
    .sort((a, b) => a.day - b.day)
    .filter((m) => {
      if (days.has(m.day)) return false;
      days.add(m.day);
      return true;
    });
}

function measure(plan: Plan, rng: Rng, person: Person, t: Trajectory, out: Measurement[]): void {
  const age = (t.start - person.birthDay) / 365.25;
  const focus = new Set(t.service.focus);
  const assessed = ZRM_DOMAINS.map((d) => {
    if (focus.has(d)) return rng.chance(0.95);
    if (age < 24 && YOUTH_SKIP.has(d)) return rng.chance(0.15);
    return rng.chance(0.55);
  });
  const notApplicable = ZRM_DOMAINS.map(
    (d) => (age >= 67 || age < 16) && ELDERLY_NVT.has(d) && rng.chance(0.6),
  );
  const intake = ZRM_DOMAINS.map((d) => {
    const base = focus.has(d) ? 2.0 : 3.6;
    return clamp(Math.round(rng.normal(base, 0.8)));
  });
  const shift =
    t.closure === 'goals_met' ? 0.75 : t.closure === 'no_contact' || t.closure === 'client_stopped' ? 0 : 0.3;
  const exit = intake.map((score, i) => {
    const extra = focus.has(ZRM_DOMAINS[i]!) ? 0.25 : -0.15;
    return clamp(Math.round(score + rng.normal(shift + extra, 0.75)));
  });
  const cells = (values: number[], drift: number): ScoreCell[] =>
    values.map((v, i) => {
      if (notApplicable[i]) return 'n.v.t.';
      const keep = assessed[i]! ? !rng.chance(drift) : rng.chance(drift);
      return keep ? v : null;
    });
  const last = Math.min(plan.to, t.end ?? t.plannedEnd);
  const intakeDay = Math.min(last, t.start + rng.int(0, 21));
  const trajectoryNumber = rng.chance(0.07) ? null : t.number;
  const by = rng.chance(0.9) ? t.worker : t.worker.split(' ')[0]!;
  const add = (day: number, moment: Moment, scores: ScoreCell[]): void => {
    if (day <= plan.to)
      out.push({ clientNumber: person.clientNumber, trajectoryNumber, day, moment, scores, by });
  };
  const onlyExit = t.end !== null && rng.chance(0.04);
  if (!onlyExit) add(intakeDay, 'Intake', cells(intake, 0));
  const length = last - t.start;
  if (length > 160 && rng.chance(0.35)) {
    const mid = intake.map((v, i) => clamp(Math.round((v + exit[i]!) / 2 + rng.normal(0, 0.3))));
    add(t.start + Math.floor(length / 2), rng.chance(0.8) ? 'Tussenmeting' : 'Evaluatie', cells(mid, 0.05));
  }
  if (t.end !== null && (onlyExit || !rng.chance(0.12))) {
    const exitDay = t.end + (rng.chance(0.8) ? -rng.int(0, 14) : rng.int(1, 10));
    add(Math.max(intakeDay + 1, exitDay), 'Eindmeting', cells(exit, 0.08));
  }
}

function clamp(score: number): number {
  return Math.min(5, Math.max(1, score));
}
