// The people in the client register: BSN (valid by the elfproef and unique), names, birth date,
// gender, address, phone, e-mail, registration date and, for some, a move between the two
// snapshots. A person depends only on (seed, client index), drawn from the person stream, so
// demoIdentifiers can list every direct identifier without generating any care data.
import { addYears, partsOf } from './dates.ts';
import {
  asciiLower,
  firstNames,
  initialsOf,
  SECOND_NAMES,
  type Sex,
  SURNAMES,
  type Surname,
} from './names.ts';
import {
  E_MAIL_DOMAINS,
  FORBIDDEN_LETTERS,
  MUNICIPALITIES,
  MUNICIPALITY_WEIGHTS,
  type Municipality,
} from './places.ts';
import { MAX_CLIENTS, type Plan, registrationBase } from './plan.ts';
import { mixSeed, Rng, Stream, WeightedTable } from './random.ts';
import { SERVICE_WEIGHTS, type Service } from './services.ts';

export interface Address {
  municipality: Municipality;
  street: string;
  houseNumber: string;
  /** As written in the export: '3511 AB', '3511AB' or '3511 ab'. */
  postcode: string;
  pc4: number;
  place: string;
  /** Landline or mobile number, '' when unknown. */
  phone: string;
}

export interface Person {
  index: number;
  clientNumber: number;
  bsn: string;
  initials: string;
  firstName: string;
  prefix: string;
  surname: string;
  birthDay: number;
  gender: string;
  email: string;
  registeredOn: number;
  /** The first service the person came for; decides age and the first trajectory. */
  service: Service;
  address: Address;
  /** Set when the person moved after the first snapshot: the day and the new address. */
  move?: { on: number; address: Address };
}

const surnameTable = new WeightedTable<Surname>(SURNAMES);
const serviceTable = new WeightedTable(SERVICE_WEIGHTS);
const municipalityTable = new WeightedTable(MUNICIPALITY_WEIGHTS);
const domainTable = new WeightedTable(E_MAIL_DOMAINS);
const GENDERS: readonly (readonly [string, number])[] = [
  ['Man', 46],
  ['Vrouw', 50],
  ['X', 0.8],
  ['Onbekend', 2.7],
  ['', 0.5],
];
const CARER_GENDERS: readonly (readonly [string, number])[] = [
  ['Man', 31],
  ['Vrouw', 65],
  ['X', 0.8],
  ['Onbekend', 2.7],
  ['', 0.5],
];
const LETTERS = [...'ABCDEFGHJKLMNPRSTVWXZ'];

export function makePerson(plan: Plan, index: number): Person {
  const rng = Rng.for(plan.seed, index, Stream.person);
  const service = serviceTable.pick(rng);
  const registeredOn = Math.min(plan.to, registrationBase(plan, index) + rng.int(0, 3));
  const [mean, sd, min, max] = service.age;
  const age = Math.round(Math.min(max, Math.max(min, rng.normal(mean, sd))));
  const birthDay = addYears(registeredOn, -age) - rng.int(0, 364);
  const gender = rng.weighted(service.code === 'mz' ? CARER_GENDERS : GENDERS);
  const sex: Sex =
    gender === 'Man' ? 'male' : gender === 'Vrouw' ? 'female' : rng.chance(0.5) ? 'male' : 'female';
  const birthYear = partsOf(birthDay).year;
  const firstName = rng.pick(firstNames(birthYear, sex));
  const { prefix, name: surname } = surnameTable.pick(rng);
  const address = makeAddress(rng, municipalityTable.pick(rng), age);
  const person: Person = {
    index,
    clientNumber: 100_001 + index,
    bsn: bsnFor(plan.seed, index, rng),
    initials: initialsFor(rng, firstName, birthYear),
    firstName: rng.chance(0.01) ? '' : firstName,
    prefix,
    surname,
    birthDay,
    gender,
    email: emailFor(rng, firstName, prefix, surname, birthYear, age),
    registeredOn,
    service,
    address,
  };
  if (registeredOn <= plan.firstSnapshot && rng.chance(plan.moveChance)) {
    const on = rng.int(Math.max(registeredOn, plan.firstSnapshot) + 1, plan.to - 1);
    const municipality = rng.chance(0.7) ? address.municipality : municipalityTable.pick(rng);
    const moved = makeAddress(rng, municipality, age);
    // a mobile number moves along; a landline does not
    if (address.phone.startsWith('06') || address.phone.startsWith('+31')) moved.phone = address.phone;
    if (on < plan.to) person.move = { on, address: moved };
  }
  return person;
}

/** The address valid on `day`. */
export function addressOn(person: Person, day: number): Address {
  return person.move && day >= person.move.on ? person.move.address : person.address;
}

/**
 * A unique BSN that passes the elfproef: the first seven digits are a permutation of the client
 * index (so no two clients share them), the eighth is random and the ninth is the check digit.
 */
export function bsnFor(seed: number, index: number, rng: Rng): string {
  if (index >= MAX_CLIENTS) throw new Error(`At most ${MAX_CLIENTS} demo clients have a BSN.`);
  const permuted = (2_654_443 * index + (mixSeed(seed, 0xb5) % MAX_CLIENTS)) % MAX_CLIENTS;
  const digits = String(1_000_000 + permuted)
    .split('')
    .map(Number);
  let weighted = 0;
  for (let i = 0; i < 7; i++) weighted += (9 - i) * digits[i]!;
  let eighth = rng.int(0, 9);
  while ((weighted + 2 * eighth) % 11 === 10) eighth = (eighth + 1) % 10;
  return `${digits.join('')}${eighth}${(weighted + 2 * eighth) % 11}`;
}

/** The elfproef: 9·d1 + 8·d2 + … + 2·d8 − d9 is divisible by 11. */
export function passesElfproef(bsn: string): boolean {
  if (!/^\d{9}$/.test(bsn)) return false;
  let sum = 0;
  for (let i = 0; i < 8; i++) sum += (9 - i) * Number(bsn[i]);
  return (sum - Number(bsn[8])) % 11 === 0;
}

function initialsFor(rng: Rng, firstName: string, birthYear: number): string {
  const given = [firstName];
  if (birthYear < 1990 && rng.chance(0.5)) given.unshift(rng.pick(SECOND_NAMES));
  if (birthYear < 1960 && rng.chance(0.3)) given.push(rng.pick(SECOND_NAMES));
  const initials = initialsOf(given);
  if (rng.chance(0.03)) return initials.replaceAll('.', '');
  if (rng.chance(0.02)) return initials.replaceAll('.', '. ').trim();
  return initials;
}

export function makeAddress(rng: Rng, municipality: Municipality, age: number): Address {
  const pc4 = rng.int(municipality.pc4[0], municipality.pc4[1]);
  let letters = '';
  do letters = rng.pick(LETTERS) + rng.pick(LETTERS);
  while (FORBIDDEN_LETTERS.has(letters));
  const style = rng.next();
  const postcode =
    style < 0.82
      ? `${pc4} ${letters}`
      : style < 0.95
        ? `${pc4}${letters}`
        : `${pc4} ${letters.toLowerCase()}`;
  let place = rng.weighted(municipality.places);
  if (rng.chance(0.03)) place = place.toUpperCase();
  return {
    municipality,
    street: rng.pick(municipality.streets),
    houseNumber: houseNumber(rng),
    postcode,
    pc4,
    place,
    phone: phoneFor(rng, municipality, age),
  };
}

function houseNumber(rng: Rng): string {
  const n = rng.chance(0.7) ? rng.int(1, 80) : rng.int(81, 350);
  const style = rng.next();
  if (style < 0.84) return String(n);
  if (style < 0.9) return `${n}${rng.pick(['A', 'B', 'C', 'a', 'b'])}`;
  if (style < 0.94) return `${n}-${rng.pick(['I', 'II', 'III', '1', '2', '3'])}`;
  if (style < 0.97) return `${n} ${rng.pick(['bis', 'hs', 'A', 'zw'])}`;
  return `${n}-${rng.int(1, 40)}`;
}

const digits = (rng: Rng, count: number): string => {
  let out = '';
  for (let i = 0; i < count; i++) out += String(rng.int(0, 9));
  return out;
};

function phoneFor(rng: Rng, municipality: Municipality, age: number): string {
  if (rng.chance(0.08)) return '';
  if (rng.chance(age >= 70 ? 0.55 : 0.12)) {
    const area = municipality.areaCode;
    const local = String(rng.int(2, 6)) + digits(rng, 9 - area.length);
    const style = rng.next();
    if (area.length === 3) {
      if (style < 0.5) return `${area} ${local.slice(0, 3)} ${local.slice(3)}`;
      return style < 0.85 ? `${area}-${local}` : `${area}${local}`;
    }
    return style < 0.6 ? `${area}-${local}` : `${area} ${local.slice(0, 3)} ${local.slice(3)}`;
  }
  const rest = String(rng.int(1, 6)) + digits(rng, 7);
  const style = rng.next();
  if (style < 0.45) return `06-${rest}`;
  if (style < 0.7) return `06${rest}`;
  if (style < 0.8) return `06 ${rest.slice(0, 2)} ${rest.slice(2, 4)} ${rest.slice(4, 6)} ${rest.slice(6)}`;
  if (style < 0.92) return `+31 6 ${rest}`;
  return `+316${rest}`;
}

function emailFor(
  rng: Rng,
  first: string,
  prefix: string,
  surname: string,
  year: number,
  age: number,
): string {
  if (rng.chance(age >= 70 ? 0.6 : age < 16 ? 0.45 : 0.2)) return '';
  const f = asciiLower(first);
  const s = asciiLower(prefix + surname);
  const yy = String(year % 100).padStart(2, '0');
  const local = rng.weighted<string>([
    [`${f}.${s}`, 30],
    [`${f}${s}`, 15],
    [`${f.charAt(0)}.${s}`, 15],
    [`${f}${s}${yy}`, 10],
    [`${f}_${s}`, 5],
    [`${s}.${f}`, 5],
    [`${f}${rng.int(1, 999)}`, 10],
    [`${f}.${s}${rng.int(1, 99)}`, 10],
  ]);
  const address = `${local}@${domainTable.pick(rng)}`;
  return rng.chance(0.02) ? address.charAt(0).toUpperCase() + address.slice(1) : address;
}

/** Every municipality by name, for the writers that meet one as text. */
export const MUNICIPALITY_NAMES = MUNICIPALITIES.map((m) => m.name);
