// The building blocks of the demo generator: the cp1252 encoder, the BSN elfproef and the
// determinism of the random streams.
import { describe, expect, it } from 'vitest';
import { decodeCp1252, encodeCp1252, isCp1252 } from '../../../bench/generate/cp1252.ts';
import { csvField } from '../../../bench/generate/csv-file.ts';
import { firstNames, SURNAMES } from '../../../bench/generate/names.ts';
import { bsnFor, makePerson, passesElfproef } from '../../../bench/generate/people.ts';
import { makePlan } from '../../../bench/generate/plan.ts';
import { Rng } from '../../../bench/generate/random.ts';

describe('cp1252', () => {
  it('puts €, curly quotes and dashes in 0x80–0x9F and Latin-1 letters at their own code', () => {
    expect([...encodeCp1252('€“”‘’–—')]).toEqual([0x80, 0x93, 0x94, 0x91, 0x92, 0x96, 0x97]);
    expect([...encodeCp1252('ëÖç')]).toEqual([0xeb, 0xd6, 0xe7]);
  });

  it("writes '?' for what cp1252 cannot hold, one per character", () => {
    expect(encodeCp1252('Bahadır 😊').toString('latin1')).toBe('Bahad?r ?');
    expect(isCp1252('Bahadır')).toBe(false);
    expect(isCp1252('Zoë Özdemir-Çelik')).toBe(true);
  });

  it('round-trips every cp1252 character', () => {
    const all = Buffer.from(
      Array.from({ length: 256 }, (_, i) => i).filter((b) => ![0x81, 0x8d, 0x8f, 0x90, 0x9d].includes(b)),
    );
    expect([...encodeCp1252(decodeCp1252(all))]).toEqual([...all]);
  });

  it('quotes a field only when it holds ; or " or a line break, doubling the quotes', () => {
    expect(csvField('Team Noord')).toBe('Team Noord');
    expect(csvField('Team Zuid; Oost')).toBe('"Team Zuid; Oost"');
    expect(csvField('heeft "geen zin"')).toBe('"heeft ""geen zin"""');
  });
});

describe('names', () => {
  it('hold only characters cp1252 can write, so no name turns into ?', () => {
    const all = [
      ...[1950, 1980, 2005].flatMap((y) => [...firstNames(y, 'female'), ...firstNames(y, 'male')]),
      ...SURNAMES.map(([s]) => `${s.prefix} ${s.name}`),
    ];
    expect(all.filter((n) => !isCp1252(n))).toEqual([]);
  });
});

describe('BSN', () => {
  it('recognises the elfproef', () => {
    expect(passesElfproef('111222333')).toBe(true);
    expect(passesElfproef('111222334')).toBe(false);
    expect(passesElfproef('11122233')).toBe(false);
  });

  it('is valid and unique for 50,000 clients', () => {
    const seen = new Set<string>();
    const invalid: string[] = [];
    for (let i = 0; i < 50_000; i++) {
      const bsn = bsnFor(7, i, new Rng(i));
      if (!passesElfproef(bsn)) invalid.push(bsn);
      seen.add(bsn);
    }
    expect(invalid).toEqual([]);
    expect(seen.size).toBe(50_000);
  });
});

describe('people', () => {
  it('depend only on seed and client index', () => {
    const plan = makePlan({ dir: '', seed: 3, clients: 1000 });
    expect(makePerson(plan, 417)).toEqual(makePerson(plan, 417));
    expect(makePerson(plan, 417).bsn).not.toBe(
      makePerson(makePlan({ dir: '', seed: 4, clients: 1000 }), 417).bsn,
    );
  });

  it('are 12 to 90 years old when they register, youth work clients young', () => {
    const plan = makePlan({ dir: '', seed: 5, clients: 5000 });
    const people = Array.from({ length: 5000 }, (_, i) => makePerson(plan, i));
    const age = (p: (typeof people)[number]) => (p.registeredOn - p.birthDay) / 365.25;
    expect(people.filter((p) => age(p) < 12 || age(p) >= 91)).toEqual([]);
    expect(people.filter((p) => p.service.code === 'jw' && age(p) >= 24)).toEqual([]);
  });
});
