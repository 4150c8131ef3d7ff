// The cover sheet: whose figures, which period, from which publish, and the three things a
// reader must know before reading any number — small cells are hidden, outcome change is change
// and not effect, and the societal return is a valuation with proxies.
import type { WorkSheet } from 'xlsx';
import { nlDate, nlDateTime } from '../dutch.ts';
import type { ReportData } from '../report-data.ts';
import { SheetBuilder } from './sheet-builder.ts';

export function coverSheet(
  d: ReportData,
  contents: [string, string][],
  builtAt: Date,
  timeZone: string,
): WorkSheet {
  const s = new SheetBuilder(110);
  const m = d.minCell;
  s.line(`Impactrapportage ${d.municipality.name} — ${d.period.labelNl}`).blank();
  if (d.organisation) s.line('Organisatie', d.organisation);
  s.line('Gemeente', `${d.municipality.name} (${d.municipality.code})`)
    .line('Periode', `${d.period.labelNl}: ${nlDate(d.period.start)} t/m ${nlDate(d.period.end)}`)
    .line('Gemaakt op', `${nlDateTime(builtAt, timeZone)} (${timeZone})`)
    .line('Gegevens', `gepubliceerd op ${nlDateTime(d.publishedAt, timeZone)}, laad-id (run) ${d.loadId}`)
    .blank()
    .line('Om te weten')
    .line(
      'Kleine aantallen',
      `Aantallen van 1 tot ${m} (min_cell = ${m}) zijn verborgen om herleidbaarheid naar personen te voorkomen, en waar nodig ook een groter aantal, ` +
        'zodat een verborgen aantal niet uit de totalen terug te rekenen is (bijvoorbeeld een kwartaal min de andere maanden). ' +
        `Ze staan als "verborgen", net als de cijfers die daarvan zijn afgeleid (uren, gemiddelden, percentages). Nul wordt wel getoond. ` +
        'Een lege cel betekent: niet van toepassing (bijvoorbeeld een percentage als er niets is afgesloten).',
    )
    .line(
      'Verandering, geen effect',
      'De cijfers over verandering vergelijken de eerste en de laatste meting van cliënten in afgesloten trajecten. ' +
        'Ze beschrijven verandering, geen effect: er is geen vergelijkingsgroep, dus ze zeggen niet waardoor de verandering kwam.',
    )
    .line(
      'Maatschappelijk rendement',
      'Een waardering met proxy’s (vaste bedragen per uitkomst, met correcties voor wat ook zonder hulp was gebeurd), ' +
        'geen gemeten effect. Alle invoer staat naast de uitkomst, zodat iedereen de berekening kan nagaan. Alleen per jaar.',
    )
    .blank()
    .line('Inhoud');
  for (const [sheet, what] of contents) s.line(sheet, what);
  return s.width(0, 26).width(1, 110).build();
}
