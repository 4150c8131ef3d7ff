// The two snapshot exports of RegiCare's client register: one on the first snapshot date
// (clients registered by then, with the address they had then) and one on the last day of the
// window (every client, with the address after any move). Between the two, some clients moved,
// which must start a new client version in the warehouse.
import { CsvFile } from './csv-file.ts';
import { dutchDay, isoDay } from './dates.ts';
import type { Address, Person } from './people.ts';
import type { Plan } from './plan.ts';

export const CLIENT_HEADER = [
  'Cliëntnummer',
  'BSN',
  'Voorletters',
  'Voornaam',
  'Tussenvoegsel',
  'Achternaam',
  'Geboortedatum',
  'Geslacht',
  'Straat',
  'Huisnummer',
  'Postcode',
  'Woonplaats',
  'Gemeente',
  'Telefoonnummer',
  'E-mailadres',
  'Inschrijfdatum',
] as const;

interface Snapshot {
  day: number;
  file: CsvFile;
  path: string;
}

export class ClientRegisterExport {
  private constructor(private readonly snapshots: Snapshot[]) {}

  static async open(plan: Plan): Promise<ClientRegisterExport> {
    const snapshots: Snapshot[] = [];
    for (const day of [plan.firstSnapshot, plan.to]) {
      const path = `regicare/clienten_${isoDay(day)}.csv`;
      const file = await CsvFile.create(`${plan.dir}/${path}`);
      file.line(`Export RegiCare - cliënten - peildatum ${dutchDay(day)}`);
      file.line('');
      file.record(CLIENT_HEADER);
      snapshots.push({ day, file, path });
    }
    return new ClientRegisterExport(snapshots);
  }

  add(person: Person): void {
    for (const { day, file } of this.snapshots) {
      if (person.registeredOn > day) continue;
      const address = person.move && person.move.on <= day ? person.move.address : person.address;
      file.record(clientRow(person, address));
      file.rows++;
    }
  }

  async flush(): Promise<void> {
    for (const s of this.snapshots) await s.file.flush();
  }

  async close(): Promise<{ path: string; rows: number }[]> {
    for (const s of this.snapshots) await s.file.close();
    return this.snapshots.map((s) => ({ path: s.path, rows: s.file.rows }));
  }
}

function clientRow(p: Person, a: Address): string[] {
  return [
    String(p.clientNumber),
    p.bsn,
    p.initials,
    p.firstName,
    p.prefix,
    p.surname,
    dutchDay(p.birthDay),
    p.gender,
    a.street,
    a.houseNumber,
    a.postcode,
    a.place,
    a.municipality.name,
    a.phone,
    p.email,
    dutchDay(p.registeredOn),
  ];
}
