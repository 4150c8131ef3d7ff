// Assembles the municipal workbook — cover, one sheet per indicator family, chart tables,
// stories, definitions — and writes it. Strings go to the shared-string table (bookSST), the
// plain-text store of an XLSX; no cell is ever written with a formula.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import XLSX from 'xlsx';
import { writeAtomically } from '../../steps/publish.ts';
import type { ReportData } from '../report-data.ts';
import { chartSheet } from './chart-sheet.ts';
import { coverSheet } from './cover-sheet.ts';
import { definitionsSheet } from './definitions-sheet.ts';
import { familySheet } from './family-sheet.ts';
import { storiesSheet } from './stories-sheet.ts';

export function buildWorkbook(d: ReportData, builtAt: Date, timeZone: string): XLSX.WorkBook {
  const contents: [string, string][] = [
    ...d.families.map((f): [string, string] => [f.family.sheet, f.family.title]),
    [
      'Grafiekdata',
      'tabellen om grafieken van te maken (bereik over 8 kwartalen, doelrealisatie, verandering, rendement)',
    ],
    ['Verhalen', 'verhalen van cliënten (met toestemming) uit deze periode'],
    ['Definities', 'wat elke kolom en elke indicator betekent'],
  ];
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, coverSheet(d, contents, builtAt, timeZone), 'Voorblad');
  for (const f of d.families) XLSX.utils.book_append_sheet(wb, familySheet(d, f), f.family.sheet);
  XLSX.utils.book_append_sheet(wb, chartSheet(d), 'Grafiekdata');
  XLSX.utils.book_append_sheet(wb, storiesSheet(d), 'Verhalen');
  XLSX.utils.book_append_sheet(wb, definitionsSheet(d), 'Definities');
  wb.Props = {
    Title: `Impactrapportage ${d.municipality.name} ${d.period.label}`,
    Subject: `load_id ${d.loadId}`,
    Author: d.organisation ?? 'impact-warehouse',
    CreatedDate: builtAt,
  };
  return wb;
}

export function writeWorkbook(wb: XLSX.WorkBook, file: string): number {
  const buffer = XLSX.write(wb, {
    type: 'buffer',
    bookType: 'xlsx',
    bookSST: true,
    compression: true,
  }) as Buffer;
  mkdirSync(dirname(file), { recursive: true });
  // Whoever has the previous report open or is mailing it never gets half a workbook.
  writeAtomically(file, buffer);
  return buffer.length;
}
