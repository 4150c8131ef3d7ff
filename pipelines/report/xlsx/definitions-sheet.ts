// The definitions sheet: what every column of the report means (from the data dictionary,
// transforms/dictionary.yaml) and the normative definition of every indicator family, read
// from the header of its SQL file — the same text `impact indicators` prints, so there is one
// source for it.
import type { WorkSheet } from 'xlsx';
import { describeColumn } from '../../steps/dictionary.ts';
import { layerModels } from '../../steps/transform.ts';
import type { ReportData } from '../report-data.ts';
import { SheetBuilder } from './sheet-builder.ts';

export function definitionsSheet(d: ReportData): WorkSheet {
  const s = new SheetBuilder(110);
  s.line('Definities');
  s.line(
    'Wat de kolommen betekenen. De omschrijvingen komen uit het datawoordenboek van het warehouse (Engels).',
  );
  s.blank();
  const rows = d.families.flatMap((f) =>
    [...f.family.keys, ...f.columns].map((c) => [
      f.family.sheet,
      c.label,
      `${f.family.table}.${c.field ?? c.name}`,
      describeColumn(f.family.table, c.field ?? c.name) ?? '',
    ]),
  );
  s.table(['Blad', 'Kolom', 'Veld in de gepubliceerde data', 'Betekenis'], rows);
  s.blank();
  s.line(
    'Definities van de indicatoren, zoals in de SQL van het warehouse (Engels; ook: impact indicators).',
  );
  const shownTables = new Set<string>(d.families.map((f) => f.family.table));
  for (const model of layerModels('indicators').filter((m) => shownTables.has(m.name))) {
    s.blank().line(model.name);
    for (const text of model.header.split('\n')) s.line('', text);
  }
  return s.width(1, 34).width(3, 110).build();
}
