// What the demo exports look like on disk: the files, their encoding, their header lines,
// the register snapshots and determinism — the contract the pipeline's sources are built on.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { passesElfproef } from '../../../bench/generate/people.ts';
import { demoIdentifiers } from '../../../bench/generate/write-demo-exports.ts';
import {
  contactFiles,
  type Demo,
  generateDemo,
  listFiles,
  readBytes,
  readCsv,
  removeDemos,
} from './read-export.ts';

const CLIENT_HEADER =
  'Cliëntnummer;BSN;Voorletters;Voornaam;Tussenvoegsel;Achternaam;Geboortedatum;Geslacht;Straat;Huisnummer;Postcode;Woonplaats;Gemeente;Telefoonnummer;E-mailadres;Inschrijfdatum';
const TRAJECTORY_HEADER =
  'Trajectnummer;Cliëntnummer;Werksoort;Gemeente;Team;Startdatum;Einddatum;Reden afsluiting;Verwijzer';
const CONTACT_HEADER =
  'Contactnummer;Cliëntnummer;Trajectnummer;Werksoort;Datum;Duur (uren);Soort contact;Medewerker;Opmerking';
const SNAPSHOTS = ['regicare/clienten_2025-06-30.csv', 'regicare/clienten_2026-10-31.csv'];

let demo: Demo;
let again: Demo;
let other: Demo;

beforeAll(async () => {
  [demo, again, other] = await Promise.all([
    generateDemo({ seed: 11, clients: 300 }),
    generateDemo({ seed: 11, clients: 300 }),
    generateDemo({ seed: 12, clients: 300 }),
  ]);
});

afterAll(removeDemos);

async function hashes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const file of await listFiles(dir)) {
    out[file] = createHash('sha256')
      .update(await readFile(join(dir, file)))
      .digest('hex');
  }
  return out;
}

describe('the demo exports', () => {
  it('are the files a RegiCare organisation delivers, one contact file per month', async () => {
    const files = await listFiles(demo.dir);
    expect(files).toContain('regicare/trajecten.csv');
    expect(files).toEqual(expect.arrayContaining(SNAPSHOTS));
    expect(files).toEqual(
      expect.arrayContaining([
        'zrm/zrm_metingen.xlsx',
        'activiteiten/aanwezigheid.xlsx',
        'financien/begroting.csv',
      ]),
    );
    expect(contactFiles(demo)).toHaveLength(34); // 2024-01 … 2026-10
    expect(contactFiles(demo)[0]).toBe('regicare/contacten_2024-01.csv');
    expect(files).toEqual(demo.summary.files.map((f) => f.path).sort());
  });

  it('are byte-identical for the same seed and differ for another', async () => {
    const [a, b, c] = await Promise.all([hashes(demo.dir), hashes(again.dir), hashes(other.dir)]);
    expect(b).toEqual(a);
    for (const file of Object.keys(a)) expect(c[file], file).not.toBe(a[file]);
  });

  it('are Windows-1252 with CRLF: € is 0x80, ë is 0xEB, and there is no UTF-8 in them', async () => {
    const csvs = demo.summary.files.map((f) => f.path).filter((p) => p.endsWith('.csv'));
    const all = Buffer.concat(await Promise.all(csvs.map((p) => readBytes(demo, p))));
    expect(all.includes(0x80)).toBe(true);
    expect(all.includes(0xeb)).toBe(true);
    expect(all.includes(0x93)).toBe(true); // “ in a remark
    expect(/[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}/.test(all.toString('latin1'))).toBe(false);
    expect(/[^\r]\n/.test(all.toString('latin1'))).toBe(false);
    const budget = await readBytes(demo, 'financien/begroting.csv');
    expect(budget.includes(Buffer.from([0x80, 0x20]))).toBe(true); // '€ 1.234,00'
  });

  it('start with the header lines the source presets expect', async () => {
    const snapshot = await readCsv(demo, SNAPSHOTS[0]!);
    expect(snapshot.slice(0, 3).map((r) => r.raw)).toEqual([
      'Export RegiCare - cliënten - peildatum 30-06-2025',
      '',
      CLIENT_HEADER,
    ]);
    expect((await readCsv(demo, SNAPSHOTS[1]!))[0]!.raw).toBe(
      'Export RegiCare - cliënten - peildatum 31-10-2026',
    );
    expect((await readCsv(demo, 'regicare/trajecten.csv'))[0]!.raw).toBe(TRAJECTORY_HEADER);
    const march = await readCsv(demo, 'regicare/contacten_2025-03.csv');
    expect(march.slice(0, 2).map((r) => r.raw)).toEqual([
      'RegiCare export contactregistratie maart 2025',
      CONTACT_HEADER,
    ]);
    expect((await readCsv(demo, 'financien/begroting.csv'))[0]!.raw).toBe('Jaar;Gemeente;Werksoort;Kosten');
  });

  it('end each contact file with a totals row of the hours and a note row', async () => {
    for (const path of contactFiles(demo)) {
      const records = await readCsv(demo, path);
      const [totals, note] = records.slice(-2);
      const hours = records
        .slice(2, -2)
        .map((r) => Number(r.fields[5]!.replace(',', '.')))
        .filter(Number.isFinite)
        .reduce((a, b) => a + b, 0);
      expect(totals!.raw).toMatch(/^Totaal;;;;;\d+(,\d+)?;;;$/);
      expect(Number(totals!.fields[5]!.replace(',', '.'))).toBeCloseTo(hours, 6);
      expect(note!.raw).toBe('Gegenereerd door RegiCare 8.4;;;;;;;;');
    }
  });

  it('count data rows in the summary, without title, header, totals or note rows', async () => {
    for (const { path, rows } of demo.summary.files.filter((f) => f.path.endsWith('.csv'))) {
      const records = await readCsv(demo, path);
      const overhead = path.includes('clienten_') ? 3 : path.includes('contacten_') ? 4 : 1;
      expect(records.length - overhead, path).toBe(rows);
    }
  });
});

describe('the client register', () => {
  it('holds valid, unique BSNs (elfproef) and client numbers from 100001', async () => {
    const rows = (await readCsv(demo, SNAPSHOTS[1]!)).slice(3).map((r) => r.fields);
    expect(rows).toHaveLength(300);
    expect(rows.every((r) => passesElfproef(r[1]!))).toBe(true);
    expect(new Set(rows.map((r) => r[1])).size).toBe(300);
    expect(rows.map((r) => Number(r[0]))).toEqual(Array.from({ length: 300 }, (_, i) => 100_001 + i));
  });

  it('writes Dutch dates, postcodes and municipalities the way the register does', async () => {
    const rows = (await readCsv(demo, SNAPSHOTS[1]!)).slice(3).map((r) => r.fields);
    for (const r of rows) {
      expect(r[6]).toMatch(/^\d\d-\d\d-\d{4}$/);
      expect(r[15]).toMatch(/^\d\d-\d\d-\d{4}$/);
      expect(r[10]).toMatch(/^\d{4} ?[A-Za-z]{2}$/);
      expect(['Man', 'Vrouw', 'X', 'Onbekend', '']).toContain(r[7]);
    }
    const municipalities = rows.map((r) => r[12]);
    expect(municipalities.filter((m) => m === 'Utrecht').length).toBeGreaterThan(rows.length * 0.35);
    expect(new Set(municipalities).size).toBeGreaterThanOrEqual(6);
    expect(rows.some((r) => /^\d{4}[A-Z]{2}$/.test(r[10]!))).toBe(true);
    expect(rows.some((r) => r[4] !== '')).toBe(true);
  });

  it('shows, in the second snapshot, another postcode for the clients who moved', async () => {
    const first = new Map((await readCsv(demo, SNAPSHOTS[0]!)).slice(3).map((r) => [r.fields[0], r.fields]));
    const second = (await readCsv(demo, SNAPSHOTS[1]!)).slice(3).map((r) => r.fields);
    expect(first.size).toBeLessThan(second.length);
    for (const r of first.values()) expect(r[15]!.split('-').reverse().join('-') <= '2025-06-30').toBe(true);
    const moved = second.filter((r) => first.has(r[0]) && first.get(r[0])![10] !== r[10]);
    expect(moved.length).toBeGreaterThanOrEqual(5);
    expect(moved.length).toBeLessThan(second.length * 0.15);
    expect(moved.every((r) => first.get(r[0])![1] === r[1])).toBe(true); // same person, same BSN
  });
});

describe('demoIdentifiers', () => {
  it('lists the BSNs, names, streets, phones and e-mails that literally appear in the exports', async () => {
    const ids = demoIdentifiers(11, 300);
    const register = (await readCsv(demo, SNAPSHOTS[1]!)).slice(3).map((r) => r.fields);
    expect(ids.bsn).toEqual(register.map((r) => r[1]));
    const zrm = XLSX.read(await readBytes(demo, 'zrm/zrm_metingen.xlsx')).Sheets['ZRM-scores']!;
    const signatures = XLSX.utils.sheet_to_json<unknown[]>(zrm, { header: 1 }).map((r) => String(r[17]));
    const cells = new Set([
      ...signatures,
      ...register.flat(),
      ...(await readCsv(demo, SNAPSHOTS[0]!)).flatMap((r) => r.fields),
      ...(await Promise.all(contactFiles(demo).map((p) => readCsv(demo, p)))).flat().map((r) => r.fields[7]),
    ]);
    for (const list of [ids.names, ids.streets, ids.phones, ids.emails]) {
      expect(list.length).toBeGreaterThan(0);
      expect(list.filter((value) => !cells.has(value))).toEqual([]);
    }
  });
});
