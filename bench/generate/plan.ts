// The public options and summary of the demo generator, and the plan derived from the options:
// the time window, the two register snapshot dates, how registrations spread over time and
// how many staff the organisation has. Everything else reads the plan, never the raw options.
import { dayOf, parseIsoDay } from './dates.ts';

export interface DemoOptions {
  dir: string;
  seed: number;
  clients: number;
  /** First day with contacts, 'jjjj-mm-dd'; default '2024-01-01'. */
  from?: string;
  /** Last day with contacts and the date of the second register snapshot; default '2026-10-31'. */
  to?: string;
  /**
   * Share of the usual ZRM measurements to write, 0–1; default 1. The benchmark's large size
   * needs ~2 M scores next to 20 M contacts, where full coverage would give ~14 M.
   */
  scoreCoverage?: number;
  onProgress?: (done: number, total: number) => void;
}

export type DefectKind =
  | 'impossible_date'
  | 'future_date'
  | 'unknown_duration'
  | 'negative_duration'
  | 'missing_client'
  | 'duplicate_row'
  | 'invalid_score'
  | 'conflicting_duplicate';

/** A fault planted on purpose, for tests that check the pipeline quarantines exactly these. */
export interface PlantedDefect {
  /** Relative to `dir`, with '/' separators. */
  file: string;
  /** Worksheet, for workbooks. */
  sheet?: string;
  /** Physical 1-based line of the file (CSV) or row number of the sheet (XLSX). */
  line: number;
  /** Column header, or '*' for the whole row. */
  column: string;
  kind: DefectKind;
  /** The text as written in the cell ('' for whole-row defects). */
  value: string;
}

export interface DemoSummary {
  /** Every file written; rows = data rows (no title, header, blank, totals or note rows). */
  files: { path: string; rows: number }[];
  defects: PlantedDefect[];
}

export interface Plan {
  dir: string;
  seed: number;
  clients: number;
  from: number;
  to: number;
  /** Date of the first client snapshot: 2025-06-30, or the middle of the window. */
  firstSnapshot: number;
  /** Clients registered before `from` (the caseload the window opens with). */
  earlyClients: number;
  staffCount: number;
  /** Chance that a client in the first snapshot has moved by the second. */
  moveChance: number;
  /** Multiplies the chance that a trajectory is measured with the ZRM (1: the demo's own rate). */
  scoreCoverage: number;
}

/** Registration system limit of the BSN scheme used here (unique 7-digit prefixes). */
export const MAX_CLIENTS = 6_000_000;

export function makePlan(options: DemoOptions): Plan {
  const from = parseIsoDay(options.from ?? '2024-01-01');
  const to = parseIsoDay(options.to ?? '2026-10-31');
  if (to < from + 30)
    throw new Error(`The demo window ${options.from}..${options.to} is shorter than 30 days.`);
  if (!Number.isInteger(options.clients) || options.clients < 1 || options.clients > MAX_CLIENTS) {
    throw new Error(`clients must be a whole number from 1 to ${MAX_CLIENTS}, not ${options.clients}.`);
  }
  const scoreCoverage = options.scoreCoverage ?? 1;
  if (!(scoreCoverage >= 0 && scoreCoverage <= 1))
    throw new Error(`scoreCoverage must be a share from 0 to 1, not ${options.scoreCoverage}.`);
  const fixed = dayOf(2025, 6, 30);
  const firstSnapshot = fixed >= from && fixed < to ? fixed : Math.floor((from + to) / 2);
  const earlyClients = Math.floor(options.clients * 0.1);
  const plan: Plan = {
    dir: options.dir,
    seed: options.seed,
    clients: options.clients,
    from,
    to,
    firstSnapshot,
    earlyClients,
    staffCount: Math.min(3000, Math.max(12, Math.round(options.clients / 120))),
    moveChance: 0,
    scoreCoverage,
  };
  let inFirst = 0;
  const step = Math.max(1, Math.floor(options.clients / 1000));
  for (let i = 0; i < options.clients; i += step) if (registrationBase(plan, i) <= firstSnapshot) inFirst++;
  const share = inFirst / Math.ceil(options.clients / step);
  plan.moveChance = share > 0 ? Math.min(0.5, 0.06 / share) : 0;
  return plan;
}

/**
 * The day client `index` registered, before jitter: client numbers follow registration order.
 * The first 10 % registered in the year before the window, the rest during it.
 */
export function registrationBase(plan: Plan, index: number): number {
  if (index < plan.earlyClients) {
    return plan.from - 365 + Math.floor((index / plan.earlyClients) * 365);
  }
  const later = plan.clients - plan.earlyClients;
  const span = Math.max(1, plan.to - plan.from - 7);
  return plan.from + Math.floor(((index - plan.earlyClients) / later) * span);
}
