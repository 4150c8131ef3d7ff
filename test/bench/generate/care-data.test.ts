// The shape of the care data in the RegiCare exports: how many trajectories and contacts,
// how many open, repeat requests, contacts inside their trajectory, closure wordings, teams,
// and a budget row for every municipality × service × year with work in it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contactFiles, type Demo, generateDemo, readCsv, removeDemos } from './read-export.ts';

const SERVICES = [
  'Algemeen maatschappelijk werk',
  'Schuldhulpverlening',
  'Jongerenwerk',
  'Schoolmaatschappelijk werk',
  'Mantelzorgondersteuning',
];
const REASONS = [
  'Doelen bereikt',
  'doelen bereikt',
  'Doel(en) behaald',
  'Verwezen naar andere instantie',
  'Doorverwezen',
  'Cliënt gestopt',
  'Client heeft hulp beëindigd',
  'Geen contact meer',
  'Uit beeld',
  'Verhuisd',
  'Overleden',
  'Anders',
];
const REFERRERS = ['Huisarts', 'Wijkteam', 'Zelfmelder', 'School', 'Woningcorporatie', 'Gemeente', ''];

const day = (dutch: string) => dutch.split('-').reverse().join('-');

let demo: Demo;
let trajectories: string[][];
let contacts: string[][];
let planted: Set<string>;

beforeAll(async () => {
  demo = await generateDemo({ seed: 41, clients: 600 });
  trajectories = (await readCsv(demo, 'regicare/trajecten.csv')).slice(1).map((r) => r.fields);
  planted = new Set(demo.summary.defects.map((d) => `${d.file}:${d.line}`));
  contacts = [];
  for (const path of contactFiles(demo)) {
    for (const r of (await readCsv(demo, path)).slice(2, -2)) {
      if (!planted.has(`${path}:${r.line}`)) contacts.push(r.fields);
    }
  }
});

afterAll(removeDemos);

describe('trajectories', () => {
  it('number about 1.3 per client, a quarter of them still open', () => {
    expect(trajectories.length / 600).toBeGreaterThan(1.2);
    expect(trajectories.length / 600).toBeLessThan(1.4);
    const open = trajectories.filter((t) => t[6] === '');
    expect(open.length / trajectories.length).toBeGreaterThan(0.18);
    expect(open.length / trajectories.length).toBeLessThan(0.32);
    expect(open.every((t) => t[7] === '')).toBe(true);
  });

  it('use the Werksoorten, closure wordings, referrers and teams of the organisation', () => {
    const odd = trajectories.filter(
      (t) =>
        !SERVICES.includes(t[2]!) ||
        (t[6] !== '' && !REASONS.includes(t[7]!)) ||
        !REFERRERS.includes(t[8]!) ||
        !t[4]!.startsWith('Team ') ||
        day(t[6]! || '31-10-2026') < day(t[5]!),
    );
    expect(odd).toEqual([]);
    expect(new Set(trajectories.map((t) => t[7])).size).toBeGreaterThanOrEqual(11);
    expect(trajectories.some((t) => t[4] === 'Team Zuid; Oost')).toBe(true);
  });

  it('include repeat requests: the same client and service again after the first closed', () => {
    const repeats = trajectories.filter((t) =>
      trajectories.some((p) => p[1] === t[1] && p[2] === t[2] && p[6] !== '' && day(t[5]!) > day(p[6]!)),
    );
    expect(repeats.length).toBeGreaterThan(10);
  });
});

describe('contacts', () => {
  it('number about ten per trajectory, some 8 % without a trajectory', () => {
    expect(contacts.length / trajectories.length).toBeGreaterThan(8);
    expect(contacts.length / trajectories.length).toBeLessThan(13);
    const loose = contacts.filter((c) => c[2] === '').length / contacts.length;
    expect(loose).toBeGreaterThan(0.05);
    expect(loose).toBeLessThan(0.11);
  });

  it('lie within their trajectory, for its client and Werksoort', () => {
    const byNumber = new Map(trajectories.map((t) => [t[0], t]));
    const outside = contacts.filter((c) => {
      if (c[2] === '') return false;
      const t = byNumber.get(c[2])!;
      return (
        t[1] !== c[1] || t[2] !== c[3] || day(c[4]!) < day(t[5]!) || (t[6] !== '' && day(c[4]!) > day(t[6]!))
      );
    });
    expect(outside).toEqual([]);
  });

  it('carry staff names, contact kinds and now and then a remark with € or curly quotes', () => {
    const kinds = new Set(contacts.map((c) => c[6]));
    expect([...kinds].sort()).toEqual(
      ['Beeldbellen', 'E-mail', 'Face-to-face', 'Groepsgesprek', 'Huisbezoek', 'Telefonisch'].sort(),
    );
    expect(contacts.every((c) => /^\S+ .+/.test(c[7]!))).toBe(true);
    const remarks = contacts.filter((c) => c[8] !== '');
    expect(remarks.length / contacts.length).toBeGreaterThan(0.05);
    expect(remarks.length / contacts.length).toBeLessThan(0.25);
    expect(remarks.some((c) => c[8]!.includes('€'))).toBe(true);
    expect(remarks.some((c) => c[8]!.includes('“'))).toBe(true);
  });
});

describe('the budget', () => {
  it('has one row per year × municipality × service with work, in Dutch euro notation', async () => {
    const rows = (await readCsv(demo, 'financien/begroting.csv')).slice(1).map((r) => r.fields);
    const keys = new Set(rows.map((r) => `${r[0]}|${r[1]}|${r[2]}`));
    expect(keys.size).toBe(rows.length);
    expect(rows.filter((r) => !/^€ \d{1,3}(\.\d{3})*,00$/.test(r[3]!))).toEqual([]);
    const byNumber = new Map(trajectories.map((t) => [t[0], t]));
    const missing = new Set<string>();
    for (const c of contacts.filter((c) => c[2] !== '')) {
      const t = byNumber.get(c[2])!;
      const key = `${c[4]!.slice(6)}|${t[3]}|${t[2]}`;
      if (!keys.has(key)) missing.add(key);
    }
    expect([...missing]).toEqual([]);
    expect([...keys].some((k) => k.endsWith('|Buurtwerk'))).toBe(true);
  });
});
