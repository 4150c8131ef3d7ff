// One sheet per indicator family: the municipality's rows for the period, one per service (and
// per instrument × domain or outcome where the family has that grain), under Dutch column
// labels, with hidden cells marked and what the marks mean written beneath.
import type { WorkSheet } from 'xlsx';
import { nlDate } from '../dutch.ts';
import { shown } from '../families.ts';
import type { Period } from '../period.ts';
import type { FamilyRows, ReportData } from '../report-data.ts';
import { type Cell, figureCell } from './cells.ts';
import { SheetBuilder } from './sheet-builder.ts';

export const HEADER_ROW = 4; // 1-based row of the table header on every family sheet

export function familySheet(d: ReportData, f: FamilyRows): WorkSheet {
  const s = new SheetBuilder();
  s.line(`${f.family.title} — ${d.municipality.name} (${d.municipality.code}) — ${f.period.labelNl}`);
  s.line(periodLine(f.period, d.period));
  s.blank();
  const header = [
    'Werksoort',
    'Code',
    ...f.family.keys.map((k) => k.label),
    ...f.columns.map((c) => c.label),
  ];
  const rows: Cell[][] = f.rows.map((row) => [
    String(row.service_name ?? row.service_code),
    String(row.service_code),
    ...f.family.keys.map((k) =>
      row[k.name] === null || row[k.name] === undefined ? undefined : String(row[k.name]),
    ),
    ...f.columns.map((c) => figureCell(shown(row, c), c.kind)),
  ]);
  s.table(header, rows);
  if (!rows.length) s.line('Geen gegevens voor deze gemeente en periode.');
  s.blank();
  s.line(
    `verborgen: een aantal van 1 tot ${d.minCell}, een aantal dat verborgen is zodat zo'n klein aantal niet uit de totalen terug te rekenen is, of een cijfer dat daarvan is afgeleid. Nul wordt wel getoond.`,
  );
  s.line('Leeg: niet van toepassing.');
  if (f.family.note) s.line(f.family.note);
  s.line('De definities staan op het blad Definities.');
  return s.build();
}

function periodLine(own: Period, asked: Period): string {
  const range = `${nlDate(own.start)} t/m ${nlDate(own.end)}`;
  if (own.type === asked.type && own.start === asked.start) return `Periode: ${range}`;
  return `Periode: ${range} — dit cijfer bestaat alleen per jaar; het jaar van ${asked.labelNl}.`;
}
