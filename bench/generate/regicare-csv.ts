// RegiCare's trajectory export and its monthly contact exports, with the faults real exports
// have planted at fixed low rates: impossible and future dates, an unknown or negative
// duration, a missing client number, a line exported twice. Each planted fault is recorded
// (file, physical line, column) so tests can check the pipeline quarantines exactly those.
import { CsvFile } from './csv-file.ts';
import { dutchDay, monthIndexOf, monthKey, monthTitle, partsOf } from './dates.ts';
import type { Person } from './people.ts';
import type { DefectKind, Plan, PlantedDefect } from './plan.ts';
import type { Care, Contact } from './registrations.ts';

export const TRAJECTORY_HEADER = [
  'Trajectnummer',
  'Cliëntnummer',
  'Werksoort',
  'Gemeente',
  'Team',
  'Startdatum',
  'Einddatum',
  'Reden afsluiting',
  'Verwijzer',
] as const;

export const CONTACT_HEADER = [
  'Contactnummer',
  'Cliëntnummer',
  'Trajectnummer',
  'Werksoort',
  'Datum',
  'Duur (uren)',
  'Soort contact',
  'Medewerker',
  'Opmerking',
] as const;

/** Every PERIOD-th contact carries a fault; each kind has its own offset (≈ 0.17 % each). */
const PERIOD = 600;
const FAULTS: readonly (readonly [number, DefectKind])[] = [
  [41, 'impossible_date'],
  [139, 'unknown_duration'],
  [233, 'negative_duration'],
  [331, 'missing_client'],
  [433, 'duplicate_row'],
  [521, 'future_date'],
];
const FAULT_AT = new Map(FAULTS);

export function hoursText(hours: number): string {
  return String(hours).replace('.', ',');
}

interface MonthFile {
  path: string;
  file: CsvFile;
  /** Sum of the hours in the file, in quarter hours (exact). */
  quarters: number;
}

export class RegicareExport {
  readonly defects: PlantedDefect[] = [];
  private contactNumber = 1_000_001;
  private seen = 0;

  private constructor(
    private readonly plan: Plan,
    private readonly trajectories: CsvFile,
    private readonly months: Map<number, MonthFile>,
  ) {}

  static async open(plan: Plan): Promise<RegicareExport> {
    const trajectories = await CsvFile.create(`${plan.dir}/regicare/trajecten.csv`);
    trajectories.record(TRAJECTORY_HEADER);
    const months = new Map<number, MonthFile>();
    for (let m = monthIndexOf(plan.from); m <= monthIndexOf(plan.to); m++) {
      const path = `regicare/contacten_${monthKey(m)}.csv`;
      const file = await CsvFile.create(`${plan.dir}/${path}`);
      file.line(`RegiCare export contactregistratie ${monthTitle(m)}`);
      file.record(CONTACT_HEADER);
      months.set(m, { path, file, quarters: 0 });
    }
    return new RegicareExport(plan, trajectories, months);
  }

  add(person: Person, care: Care): void {
    for (const t of care.trajectories) {
      this.trajectories.record([
        String(t.number),
        String(person.clientNumber),
        t.service.name,
        t.municipality,
        t.team,
        dutchDay(t.start),
        t.end === null ? '' : dutchDay(t.end),
        t.reason,
        t.referrer,
      ]);
      this.trajectories.rows++;
    }
    for (const c of care.contacts) this.addContact(person, c);
  }

  private addContact(person: Person, c: Contact): void {
    const month = this.months.get(monthIndexOf(c.day))!;
    const fault = c.remark.includes('\n') ? undefined : FAULT_AT.get(this.seen++ % PERIOD);
    const row = [
      String(this.contactNumber++),
      String(person.clientNumber),
      c.trajectory ? String(c.trajectory.number) : '',
      c.service.name,
      dutchDay(c.day),
      hoursText(c.hours),
      c.type,
      c.worker,
      c.remark,
    ];
    let column = '';
    if (fault === 'impossible_date') [column, row[4]] = ['Datum', impossibleDate(c.day)];
    if (fault === 'future_date') [column, row[4]] = ['Datum', futureDate(c.day, this.plan.to)];
    if (fault === 'unknown_duration') [column, row[5]] = ['Duur (uren)', 'onbekend'];
    if (fault === 'negative_duration') [column, row[5]] = ['Duur (uren)', `-${hoursText(c.hours)}`];
    if (fault === 'missing_client') [column, row[1]] = ['Cliëntnummer', ''];
    const line = month.file.record(row);
    month.file.rows++;
    month.quarters += quarters(row[5]!);
    if (fault === 'duplicate_row') {
      const copy = month.file.record(row);
      month.file.rows++;
      month.quarters += quarters(row[5]!);
      this.defects.push({ file: month.path, line: copy, column: '*', kind: fault, value: '' });
    } else if (fault) {
      const value = column === 'Datum' ? row[4]! : column === 'Duur (uren)' ? row[5]! : row[1]!;
      this.defects.push({ file: month.path, line, column, kind: fault, value });
    }
  }

  async flush(): Promise<void> {
    await Promise.all([this.trajectories.flush(), ...[...this.months.values()].map((m) => m.file.flush())]);
  }

  async close(): Promise<{ path: string; rows: number }[]> {
    await this.trajectories.close();
    const files = [{ path: 'regicare/trajecten.csv', rows: this.trajectories.rows }];
    for (const m of this.months.values()) {
      m.file.line(`Totaal;;;;;${hoursText(m.quarters / 4)};;;`);
      m.file.line('Gegenereerd door RegiCare 8.4;;;;;;;;');
      await m.file.close();
      files.push({ path: m.path, rows: m.file.rows });
    }
    return files;
  }
}

/** '31-04-2025' in a month of 30 days (or February), '00-00-0000' otherwise. */
function impossibleDate(day: number): string {
  const { year, month } = partsOf(day);
  if ([2, 4, 6, 9, 11].includes(month)) return `31-${String(month).padStart(2, '0')}-${year}`;
  return '00-00-0000';
}

/** A typo in the year that puts the contact decades ahead: 2025 → 2052, 2026 → 2062. */
function futureDate(day: number, to: number): string {
  const text = dutchDay(day);
  const year = Number(text.slice(6));
  const swapped = Math.floor(year / 100) * 100 + (year % 10) * 10 + (Math.floor(year / 10) % 10);
  return `${text.slice(0, 6)}${swapped > partsOf(to).year ? swapped : year + 100}`;
}

function quarters(hours: string): number {
  const value = Number(hours.replace(',', '.'));
  return Number.isFinite(value) ? Math.round(value * 4) : 0;
}
