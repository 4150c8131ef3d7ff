// The organisation's caseworkers. Their full names appear in the contact export (Medewerker)
// and the ZRM workbook (Ingevuld door), so they are personal data too and part of
// demoIdentifiers. Staff depend only on the seed and the number of clients.
import { firstNames, SURNAMES, type Surname } from './names.ts';
import { MUNICIPALITIES } from './places.ts';
import type { Plan } from './plan.ts';
import { Rng, Stream, WeightedTable } from './random.ts';
import { SERVICES } from './services.ts';

export interface Staff {
  /** Every team, each with its members' full names. */
  byTeam: ReadonlyMap<string, readonly string[]>;
  all: readonly string[];
}

/** Every team name that occurs in the trajectory export, in a fixed order. */
export function allTeams(): string[] {
  const teams = new Set<string>();
  for (const m of MUNICIPALITIES) for (const team of m.teams) teams.add(team);
  for (const s of SERVICES) if (s.team) teams.add(s.team);
  return [...teams];
}

export function makeStaff(plan: Plan): Staff {
  const rng = Rng.for(plan.seed, 0, Stream.staff);
  const surnames = new WeightedTable<Surname>(SURNAMES);
  const teams = allTeams();
  const byTeam = new Map<string, string[]>(teams.map((t) => [t, []]));
  const all: string[] = [];
  const seen = new Set<string>();
  for (let i = 0; all.length < plan.staffCount && i < plan.staffCount * 20; i++) {
    const first = rng.pick(firstNames(rng.int(1965, 1998), rng.chance(0.75) ? 'female' : 'male'));
    const { prefix, name } = surnames.pick(rng);
    const full = [first, prefix, name].filter(Boolean).join(' ');
    if (seen.has(full)) continue;
    seen.add(full);
    all.push(full);
    byTeam.get(teams[all.length % teams.length]!)!.push(full);
  }
  return { byTeam, all };
}
