// The stories sheet ("tellen én vertellen"): consented stories of the municipality in the
// period, beside the numbers. Titles and texts are people's words, so every cell goes through
// the neutralising text cell.
import type { WorkSheet } from 'xlsx';
import type { ReportData } from '../report-data.ts';
import { dateCell } from './cells.ts';
import { SheetBuilder } from './sheet-builder.ts';

export function storiesSheet(d: ReportData): WorkSheet {
  const s = new SheetBuilder(100);
  s.line(`Verhalen — ${d.municipality.name} (${d.municipality.code}) — ${d.period.labelNl}`);
  s.line('Alleen verhalen waarvoor de cliënt toestemming gaf; zonder namen of cliëntnummers.');
  s.blank();
  s.table(
    ['Datum', 'Werksoort', 'Titel', 'Verhaal', 'Domeinen'],
    d.stories.map((r) => [
      dateCell(String(r.story_date)),
      String(r.service_name ?? ''),
      String(r.title ?? ''),
      String(r.text ?? ''),
      String(r.domains ?? ''),
    ]),
  );
  if (!d.stories.length) s.line('Geen verhalen in deze periode.');
  return s.width(0, 11).width(3, 100).build();
}
