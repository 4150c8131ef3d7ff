// What happened to one client, as the registration system records it: trajectories (one per
// request for help, with start, end, closure reason, team, caseworker) and contacts (many per
// trajectory, denser at the start; some without a trajectory). Generated per client from the
// client's own care stream, so the export writers can stream client after client.
import { addressOn, type Person } from './people.ts';
import { MUNICIPALITY_WEIGHTS } from './places.ts';
import type { Plan } from './plan.ts';
import { Rng, Stream, WeightedTable } from './random.ts';
import {
  CLOSURE_WEIGHTS,
  CLOSURE_WORDING,
  type ClosureCode,
  CONTACT_HOURS,
  type ContactType,
  type Service,
  serviceByCode,
} from './services.ts';
import type { Staff } from './staff.ts';

export interface Trajectory {
  number: number;
  service: Service;
  /** Commissioning municipality. */
  municipality: string;
  team: string;
  worker: string;
  start: number;
  /** null while open in the system (including the ones nobody closed). */
  end: number | null;
  /** The day help really stopped; past `to` for trajectories still running. */
  plannedEnd: number;
  closure: ClosureCode | null;
  /** The wording in the export, '' while open. */
  reason: string;
  referrer: string;
}

export interface Contact {
  trajectory: Trajectory | null;
  service: Service;
  day: number;
  hours: number;
  type: ContactType;
  worker: string;
  remark: string;
}

export interface Care {
  trajectories: Trajectory[];
  /** Contacts from `from` to `to`, by date. */
  contacts: Contact[];
}

const municipalityTable = new WeightedTable(MUNICIPALITY_WEIGHTS);

/** Hands out trajectory numbers in generation order (client by client). */
export class Numbering {
  next = 500_001;
}

export function makeCare(plan: Plan, person: Person, staff: Staff, numbering: Numbering): Care {
  const rng = Rng.for(plan.seed, person.index, Stream.care);
  const trajectories: Trajectory[] = [];
  if (!rng.chance(0.03)) {
    const first = startTrajectory(
      plan,
      rng,
      person,
      person.service,
      person.registeredOn + rng.int(0, 14),
      staff,
    );
    trajectories.push(first);
    if (rng.chance(0.25)) {
      const other = secondService(rng, person, first.start);
      if (other) {
        const start = first.start + rng.int(7, 240);
        if (start <= plan.to) trajectories.push(startTrajectory(plan, rng, person, other, start, staff));
      }
    }
    for (let i = 0; i < trajectories.length && trajectories.length < 4; i++) {
      const done = trajectories[i]!;
      if (done.end === null || done.closure === 'deceased' || !rng.chance(0.15)) continue;
      const start = done.end + rng.int(30, 420);
      if (start <= plan.to) trajectories.push(startTrajectory(plan, rng, person, done.service, start, staff));
    }
  }
  const died = trajectories.find((t) => t.closure === 'deceased')?.end ?? Number.POSITIVE_INFINITY;
  const lived = trajectories.filter((t) => t.start <= died).sort((a, b) => a.start - b.start);
  for (const t of lived) {
    t.number = numbering.next++;
    if (t.end !== null && t.end > died) {
      t.end = died;
      t.closure = 'deceased';
      t.reason = 'Overleden';
    }
  }
  const contacts: Contact[] = [];
  for (const t of lived) addTrajectoryContacts(plan, rng, person, t, staff, contacts);
  addLooseContacts(plan, rng, person, lived, staff, contacts);
  const alive = contacts.filter((c) => c.day <= died).sort((a, b) => a.day - b.day);
  return { trajectories: lived, contacts: alive };
}

function startTrajectory(
  plan: Plan,
  rng: Rng,
  person: Person,
  service: Service,
  start: number,
  staff: Staff,
): Trajectory {
  const day = Math.min(start, plan.to);
  const address = addressOn(person, day);
  const duration = Math.round(
    Math.min(800, Math.max(14, rng.logNormal(service.durationDays, service.durationSpread))),
  );
  const plannedEnd = day + duration;
  let municipality = address.municipality.name;
  if (rng.chance(0.025)) municipality = municipalityTable.pick(rng).name;
  const team = service.team ?? address.municipality.teams[address.pc4 % address.municipality.teams.length]!;
  let closure: ClosureCode | null = null;
  let end: number | null = null;
  if (plannedEnd <= plan.to && !rng.chance(0.04)) {
    end = plannedEnd;
    const movedDuring = person.move && person.move.on > day && person.move.on <= plannedEnd;
    closure = movedDuring && rng.chance(0.6) ? 'moved' : rng.weighted(CLOSURE_WEIGHTS);
    const age = (day - person.birthDay) / 365.25;
    if (closure === 'deceased' && age < 60 && rng.chance(0.85)) closure = 'other';
  }
  return {
    number: 0,
    service,
    municipality,
    team,
    worker: pickWorker(rng, staff, team),
    start: day,
    end,
    plannedEnd,
    closure,
    reason: closure ? rng.weighted(CLOSURE_WORDING[closure]) : '',
    referrer: rng.chance(0.03) ? '' : rng.weighted(service.referrers),
  };
}

/** Youth get youth work or school social work next to their first service; adults other help. */
function secondService(rng: Rng, person: Person, day: number): Service | null {
  const age = (day - person.birthDay) / 365.25;
  const codes =
    age < 18
      ? (['jw', 'smw', 'amw'] as const)
      : age < 24
        ? (['jw', 'amw', 'shv'] as const)
        : (['amw', 'shv', 'mz'] as const);
  const options = codes.map(serviceByCode).filter((s) => s !== person.service);
  return options.length > 0 ? rng.pick(options) : null;
}

function pickWorker(rng: Rng, staff: Staff, team: string): string {
  const members = staff.byTeam.get(team);
  return members && members.length > 0 ? rng.pick(members) : rng.pick(staff.all);
}

function addTrajectoryContacts(
  plan: Plan,
  rng: Rng,
  person: Person,
  t: Trajectory,
  staff: Staff,
  out: Contact[],
): void {
  const length = t.plannedEnd - t.start;
  const count = Math.max(1, Math.round(rng.logNormal(1.2 + Math.sqrt(length) * 0.7, 0.4)));
  // a client who drops out stops coming well before the file is closed
  const active = t.closure === 'no_contact' || t.closure === 'client_stopped' ? length * 0.6 : length;
  for (let i = 0; i < count; i++) {
    const day = i === 0 ? t.start : t.start + Math.floor(active * rng.next() ** 1.6);
    const ended = t.end !== null && day > t.end;
    if (day < plan.from || day > plan.to || ended) continue;
    const worker = rng.chance(0.88) ? t.worker : pickWorker(rng, staff, t.team);
    out.push(contact(rng, person, t, t.service, day, worker));
  }
}

function addLooseContacts(
  plan: Plan,
  rng: Rng,
  person: Person,
  ts: Trajectory[],
  staff: Staff,
  out: Contact[],
): void {
  if (!rng.chance(0.42)) return;
  const count = rng.int(1, 4);
  const last = Math.min(plan.to, person.registeredOn + 730);
  const team = ts[0]?.team ?? person.service.team ?? person.address.municipality.teams[0]!;
  for (let i = 0; i < count; i++) {
    const day = rng.int(person.registeredOn, last);
    if (day < plan.from) continue;
    const c = contact(rng, person, null, person.service, day, ts[0]?.worker ?? pickWorker(rng, staff, team));
    if (c.type !== 'Telefonisch' && c.type !== 'E-mail' && rng.chance(0.6)) c.type = 'Telefonisch';
    c.hours = c.type === 'E-mail' || rng.chance(0.6) ? 0.25 : 0.5;
    out.push(c);
  }
}

function contact(
  rng: Rng,
  person: Person,
  t: Trajectory | null,
  service: Service,
  day: number,
  worker: string,
): Contact {
  const type = rng.weighted(service.contactTypes);
  return {
    trajectory: t,
    service,
    day,
    hours: rng.weighted(CONTACT_HOURS[type]),
    type,
    worker,
    remark: rng.chance(service.code === 'shv' ? 0.2 : 0.1) ? remark(rng, person, service) : '',
  };
}

const CREDITORS = [
  'Vitens',
  'Eneco',
  'de Belastingdienst',
  'het CJIB',
  'Mitros',
  'Bo-Ex',
  'Portaal',
  'Zilveren Kruis',
  'Vodafone',
];

function amount(rng: Rng, lo: number, hi: number): string {
  const n = rng.int(lo, hi);
  const dotted = n >= 1000 ? `${Math.floor(n / 1000)}.${String(n % 1000).padStart(3, '0')}` : String(n);
  return rng.weighted([
    [`€ ${dotted},-`, 35],
    [`€ ${n}`, 30],
    [`€${n}`, 15],
    [`€ ${dotted},00`, 20],
  ]);
}

/** Free text as caseworkers type it: money, quotes (straight and curly), a first name, a line break. */
function remark(rng: Rng, person: Person, service: Service): string {
  const name = person.firstName || 'cliënt';
  const money = service.code === 'shv' || service.code === 'amw';
  const templates: (readonly [() => string, number])[] = [
    [
      () => `Gesprek over betalingsachterstand van ${amount(rng, 150, 6000)} bij ${rng.pick(CREDITORS)}`,
      money ? 6 : 0,
    ],
    [() => `Budgetplan opgesteld; aflossing ${amount(rng, 25, 150)} per maand`, money ? 4 : 0],
    [() => `Zorgen over schulden (± ${amount(rng, 1000, 25000)})`, money ? 3 : 0],
    [() => `Brief van deurwaarder ontvangen, ${amount(rng, 200, 4000)} openstaand`, money ? 3 : 0],
    [() => `${name} zegt: “ik red het niet meer”`, 3],
    [() => 'Cliënt noemt de situatie thuis “onhoudbaar”', 2],
    [() => `Afspraak verzet op verzoek van ${name}`, 4],
    [() => 'Niet verschenen, nieuwe afspraak gemaakt', 5],
    [() => `Samen met ${name} formulier huurtoeslag ingevuld`, 3],
    [() => 'Kort contact – vraag over toeslagen', 3],
    [() => `Moeder van ${name} was aanwezig`, service.code === 'jw' || service.code === 'smw' ? 4 : 0],
    [
      () => `${name} heeft "geen zin" meer in school`,
      service.code === 'jw' || service.code === 'smw' ? 3 : 0,
    ],
    [() => 'Mantelzorger overbelast, respijtzorg aangevraagd', service.code === 'mz' ? 6 : 0],
    [() => 'Doorverwijzing naar huisarts besproken', 2],
    [() => `Huiswerk samen gemaakt, ${name} was vrolijk 😊`, service.code === 'jw' ? 1 : 0],
    [() => 'Telefonisch contact gehad.\r\nVervolgafspraak volgende week.', 0.4],
  ];
  return rng.weighted(templates)();
}
