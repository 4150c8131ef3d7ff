// The indicator families as a municipality reads them: which published columns, under which
// Dutch label, in which unit, and which counts each derived figure rests on. One list for the
// XLSX report and the dashboard, so a figure is named and hidden the same way in both.
import type { MunicipalTable } from './published.ts';
import type { Row } from './queries.ts';

export type Kind =
  | 'count' // people or events; NULL means suppressed (shown as "< min_cell")
  | 'rate' // fraction 0–1, shown as a percentage
  | 'decimal' // a mean or other figure with decimals
  | 'hours'
  | 'days'
  | 'eur'
  | 'ratio' // euros of benefit per euro of cost
  | 'int' // a plain whole number that is not about people (years)
  | 'date'
  | 'text';

export interface Column {
  name: string;
  label: string;
  kind: Kind;
  /** The counts this figure is derived from: hidden when any of them is hidden. */
  base?: string[];
  /** For a label added by the report query: the published column it names. */
  field?: string;
  /** Left out of the dashboard's tables, to keep them readable (the XLSX has every column). */
  detail?: boolean;
}

export interface Family {
  key: 'reach' | 'trajectory' | 'activity' | 'outcome' | 'social_return';
  table: MunicipalTable;
  /** The report query in pipelines/report/queries/. */
  query: string;
  sheet: string;
  title: string;
  /** Key columns shown before the figures (besides the service). */
  keys: Column[];
  columns: Column[];
  note?: string;
}

export const families: Family[] = [
  {
    key: 'reach',
    table: 'ind_reach',
    query: 'reach',
    sheet: 'Bereik',
    title: 'Bereik',
    keys: [],
    columns: [
      { name: 'reached_clients', label: 'Bereikte cliënten', kind: 'count' },
      { name: 'new_clients', label: 'Nieuwe cliënten', kind: 'count' },
      { name: 'contacts', label: 'Contacten', kind: 'count' },
      { name: 'contact_hours', label: 'Contacturen', kind: 'hours', base: ['reached_clients', 'contacts'] },
      {
        name: 'contacts_per_client',
        label: 'Contacten per cliënt',
        kind: 'decimal',
        base: ['reached_clients', 'contacts'],
      },
    ],
  },
  {
    key: 'trajectory',
    table: 'ind_trajectory',
    query: 'trajectory',
    sheet: 'Trajecten',
    title: 'Trajecten en doelrealisatie',
    keys: [],
    columns: [
      { name: 'started', label: 'Gestart', kind: 'count' },
      { name: 'closed', label: 'Afgesloten', kind: 'count' },
      { name: 'active_at_end', label: 'Lopend aan het eind', kind: 'count' },
      { name: 'closed_goals_met', label: 'Afgesloten, doelen bereikt', kind: 'count', detail: true },
      { name: 'closed_dropout', label: 'Afgesloten, uitval', kind: 'count', detail: true },
      {
        name: 'closed_with_repeat',
        label: 'Afgesloten, nieuwe hulpvraag ≤ 1 jaar',
        kind: 'count',
        detail: true,
      },
      {
        name: 'goal_attainment_rate',
        label: 'Doelrealisatie',
        kind: 'rate',
        base: ['closed', 'closed_goals_met'],
      },
      { name: 'dropout_rate', label: 'Uitval', kind: 'rate', base: ['closed', 'closed_dropout'] },
      {
        name: 'repeat_request_rate',
        label: 'Herhaalde hulpvraag',
        kind: 'rate',
        base: ['closed', 'closed_with_repeat'],
      },
      { name: 'median_duration_days', label: 'Mediane duur (dagen)', kind: 'days', base: ['closed'] },
    ],
  },
  {
    key: 'outcome',
    table: 'ind_outcome_change',
    query: 'outcome-change',
    sheet: 'Verandering',
    title: 'Verandering in scores over afgesloten trajecten',
    keys: [
      { name: 'instrument_name', label: 'Instrument', kind: 'text', field: 'instrument' },
      { name: 'domain_label', label: 'Domein', kind: 'text', field: 'domain_code' },
    ],
    columns: [
      { name: 'closed_trajectories', label: 'Afgesloten trajecten', kind: 'count' },
      { name: 'paired_trajectories', label: 'Met begin- en eindmeting', kind: 'count' },
      {
        name: 'coverage',
        label: 'Dekking',
        kind: 'rate',
        base: ['closed_trajectories', 'paired_trajectories'],
      },
      { name: 'pairs', label: 'Paren', kind: 'count' },
      { name: 'improved', label: 'Vooruit', kind: 'count' },
      { name: 'stable', label: 'Gelijk', kind: 'count' },
      { name: 'declined', label: 'Achteruit', kind: 'count' },
      { name: 'share_improved', label: 'Aandeel vooruit', kind: 'rate', base: ['pairs', 'improved'] },
      { name: 'share_stable', label: 'Aandeel gelijk', kind: 'rate', base: ['pairs', 'stable'] },
      { name: 'share_declined', label: 'Aandeel achteruit', kind: 'rate', base: ['pairs', 'declined'] },
      { name: 'mean_delta', label: 'Gemiddelde verandering (punten)', kind: 'decimal', base: ['pairs'] },
      { name: 'ci95_low', label: '95%-interval, onder', kind: 'decimal', base: ['pairs'] },
      { name: 'ci95_high', label: '95%-interval, boven', kind: 'decimal', base: ['pairs'] },
      { name: 'sd_delta', label: 'Standaardafwijking', kind: 'decimal', base: ['pairs'], detail: true },
      {
        name: 'effect_size_dz',
        label: 'Gestandaardiseerde verandering (dz)',
        kind: 'decimal',
        base: ['pairs'],
      },
    ],
    note: 'Dit is verandering, geen effect: zonder vergelijkingsgroep zegt een verbetering niet waardoor ze kwam.',
  },
  {
    key: 'social_return',
    table: 'ind_social_return',
    query: 'social-return',
    sheet: 'Rendement',
    title: 'Maatschappelijk rendement (per jaar)',
    keys: [
      { name: 'outcome_label', label: 'Uitkomst', kind: 'text', field: 'outcome' },
      { name: 'outcome_description', label: 'Wat telt als geval', kind: 'text' },
    ],
    columns: [
      { name: 'cases', label: 'Gevallen', kind: 'count' },
      { name: 'value_eur', label: 'Waarde per geval per jaar (€)', kind: 'eur' },
      { name: 'deadweight', label: 'Deadweight', kind: 'rate' },
      { name: 'attribution', label: 'Attributie', kind: 'rate' },
      { name: 'displacement', label: 'Verplaatsing', kind: 'rate' },
      { name: 'drop_off', label: 'Drop-off per jaar', kind: 'rate' },
      { name: 'benefit_years', label: 'Jaren baat', kind: 'int' },
      { name: 'value_per_case_eur', label: 'Waarde per geval (€)', kind: 'eur' },
      { name: 'benefit_eur', label: 'Baten (€)', kind: 'eur', base: ['cases'] },
      { name: 'cost_eur', label: 'Kosten (€)', kind: 'eur' },
      { name: 'return_ratio', label: 'Baten per € 1 kosten', kind: 'ratio', base: ['cases'] },
      { name: 'data_through', label: 'Gegevens t/m', kind: 'date' },
      { name: 'proxy_status', label: 'Status proxy’s', kind: 'text' },
      { name: 'proxy_source', label: 'Bron proxy', kind: 'text' },
    ],
    note: 'Een waardering met proxy’s, geen gemeten effect. Baten = gevallen × waarde per geval; rendement = baten ÷ kosten.',
  },
  {
    key: 'activity',
    table: 'ind_activity',
    query: 'activity',
    sheet: 'Activiteiten',
    title: 'Collectieve activiteiten',
    keys: [],
    columns: [
      { name: 'sessions', label: 'Bijeenkomsten', kind: 'int' },
      { name: 'participants', label: 'Deelnames', kind: 'count' },
      {
        name: 'avg_participants',
        label: 'Gem. deelnemers per bijeenkomst',
        kind: 'decimal',
        base: ['participants'],
      },
      { name: 'volunteers', label: 'Vrijwilligers (som per bijeenkomst)', kind: 'count' },
      { name: 'volunteer_hours', label: 'Vrijwilligersuren', kind: 'hours', base: ['volunteers'] },
    ],
  },
];

export type Shown = { state: 'value'; value: number | string } | { state: 'hidden' } | { state: 'none' };

/**
 * What a cell shows. NULL in a count is always suppression. NULL in a derived figure is
 * suppression when one of its counts is hidden, and otherwise "not applicable" (a rate over
 * nothing closed, an SD of one pair) — hiding those as "< 10" would say something untrue.
 */
export function shown(row: Row, column: Column): Shown {
  const v = row[column.name];
  if (v !== null && v !== undefined) return { state: 'value', value: v as number | string };
  if (column.kind === 'count') return { state: 'hidden' };
  if (column.base?.some((b) => row[b] === null)) return { state: 'hidden' };
  return { state: 'none' };
}

/** The columns of a family that the published table has (new tables may lack some). */
export function presentColumns(family: Family, available: string[]): Column[] {
  return family.columns.filter((c) => available.includes(c.name));
}
