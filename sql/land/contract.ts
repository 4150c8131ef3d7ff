// A resource's schema contract: what happens when an export brings columns the mapping does
// not name. discard (default): ignored, but recorded per file so a data expert sees them;
// evolve: recorded and their values kept in land.extra_value, to be mapped later; freeze: the
// file is rejected naming them. A column whose header looks like a direct identifier is never
// kept, whatever the contract (DESIGN.md §8).
import type { DuckDBAppender } from '@duckdb/node-api';
import { UserError } from '../../lib/errors.ts';
import type { ResourcePlan } from '../../sources/define-source.ts';
import { sourceColumns } from '../../sources/define-source.ts';
import { normaliseHeader } from '../../sources/formats/csv/sniff.ts';
import type { SheetRow } from '../../sources/formats/xlsx/read-xlsx.ts';
import { str } from '../quote.ts';
import type { Warehouse } from '../warehouse.ts';
import type { LandContext } from './land-csv.ts';

// Dutch compounds glue the telling word to others (Cliëntnaam, E-mailadres, Telefoonnr), so
// these match anywhere in the header with separators and accents removed. Erring on the side of
// "identifier" only costs a column's values, never a person's privacy. Columns that name a
// worker (Medewerker, Ingevuld door) are people's names too.
const identifierPart =
  /bsn|burgerservice|sofinummer|naam|name|voorletters|initialen|tussenvoegsel|adres|address|straat|street|huisnummer|housenumber|postcode|zipcode|telefoon|phone|mobiel|mobile|gsm|email|iban|geboortedatum|birthdate|dateofbirth|medewerker|hulpverlener|behandelaar|consulent|contactpersoon|ingevulddoor|employee|caseworker/;
// Too short to match inside other words: only as a word of their own.
const identifierWord = /\b(tel|telnr|mob|dob|mail)\b/;

export function isIdentifierHeader(header: string): boolean {
  const plain = header.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  return (
    identifierPart.test(plain.replace(/[^a-z0-9]/g, '')) || identifierWord.test(plain.replace(/_/g, ' '))
  );
}

/** Export columns the mapping does not use, in the order the file has them. */
export function newColumns(plan: ResourcePlan, headers: string[]): string[] {
  const mapped = new Set(sourceColumns(plan).map(normaliseHeader));
  const seen = new Set<string>();
  return headers.filter((h) => {
    const k = normaliseHeader(h);
    if (!k || mapped.has(k) || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const frozenHint =
  'The file was not loaded. Map the column(s) in impact.yaml, or set contract: { new_columns: discard } (ignore them) or evolve (keep their values aside).';

function frozen(where: string, plan: ResourcePlan, found: string[]): UserError {
  const list = found.map((c) => `'${c}'`).join(', ');
  return new UserError(
    `${where}: new column${found.length > 1 ? 's' : ''} ${list} (the contract of ${plan.key} is freeze).`,
    frozenHint,
  );
}

/**
 * Applies the contract to a file's new columns: throws for freeze, records the columns, and
 * returns those whose values are to be kept (evolve, minus identifiers).
 */
export async function applyContract(
  wh: Warehouse,
  plan: ResourcePlan,
  ctx: LandContext,
  fileName: string,
  found: string[],
): Promise<string[]> {
  if (found.length === 0) return [];
  if (plan.contract === 'freeze') throw frozen(ctx.where, plan, found);
  const keep = plan.contract === 'evolve' ? found.filter((c) => !isIdentifierHeader(c)) : [];
  const rows = found.map((c) => {
    const action = keep.includes(c)
      ? 'kept'
      : isIdentifierHeader(c)
        ? 'ignored: personal identifier'
        : 'ignored';
    return `(${ctx.runId}, ${ctx.fileId}, ${str(plan.source)}, ${str(plan.resource)}, ${str(fileName)}, ${str(c)}, ${str(action)})`;
  });
  await wh.run(`INSERT INTO land.new_column VALUES ${rows.join(', ')}`);
  return keep;
}

/**
 * Keeps the values of evolve's columns: `from` yields _sheet, _row and one text cell per kept
 * export column, in `keep`'s order, named by `column(i)`.
 */
export async function keepExtraValues(
  wh: Warehouse,
  plan: ResourcePlan,
  ctx: LandContext,
  fileName: string,
  keep: string[],
  from: string,
  column: (i: number) => string,
): Promise<void> {
  if (keep.length === 0) return;
  const cells = keep.map((c, i) => `{'c': ${str(c)}, 'v': ${column(i)}}`).join(', ');
  await insertExtra(
    wh,
    plan,
    ctx,
    fileName,
    `SELECT _sheet, _row, _x.c AS c, _x.v AS v FROM (SELECT _sheet, _row, unnest([${cells}]) AS _x FROM (${from}))`,
  );
}

/** `cells` yields _sheet, _row, c (the column) and v (the cell's text). */
function insertExtra(wh: Warehouse, plan: ResourcePlan, ctx: LandContext, fileName: string, cells: string) {
  return wh.run(
    `INSERT INTO land.extra_value
     SELECT ${ctx.runId}, ${ctx.fileId}, ${str(plan.source)}, ${str(plan.resource)}, ${str(fileName)}, _sheet, _row, c, v
     FROM (${cells})
     WHERE v IS NOT NULL AND trim(v) <> ''`,
  );
}

export interface WorkbookContract {
  /** A sheet's header row was found: throws for freeze, notes the sheet's new columns. */
  header(sheet: string, cells: (string | null)[]): void;
  /** A data row: under evolve, its cells in kept columns are set aside. */
  row(r: SheetRow): void;
  /** After the rows landed: records the new columns and keeps the values set aside. */
  finish(): Promise<void>;
  /** Always, also after an error: releases the Appender. */
  close(): void;
}

/**
 * The contract for a workbook, whose header is known only while its rows stream past: each
 * sheet's new columns are gathered when its header is found, and under evolve their cells go
 * through a second Appender into a scratch table of (sheet, row, column, value).
 */
export async function workbookContract(
  wh: Warehouse,
  plan: ResourcePlan,
  ctx: LandContext,
  fileName: string,
): Promise<WorkbookContract> {
  const found: string[] = [];
  const kept = new Map<string, { at: number; column: string }[]>();
  const table = `extra_${ctx.fileId}`;
  let appender: DuckDBAppender | undefined;
  let open = false;
  if (plan.contract === 'evolve') {
    await wh.run(
      `CREATE OR REPLACE TABLE scratch.${table} (_sheet VARCHAR, _row BIGINT, c VARCHAR, v VARCHAR)`,
    );
    appender = await wh.appender(table, 'scratch');
    open = true;
  }
  const close = () => {
    if (open) appender?.closeSync();
    open = false;
  };
  return {
    header(sheet, cells) {
      const names = cells.map((c) => c ?? '');
      const fresh = newColumns(plan, names);
      if (plan.contract === 'freeze' && fresh.length)
        throw frozen(`${ctx.where} · sheet ${sheet}`, plan, fresh);
      for (const c of fresh) if (!found.includes(c)) found.push(c);
      const keep = appender ? fresh.filter((c) => !isIdentifierHeader(c)) : [];
      kept.set(
        sheet,
        keep.map((column) => ({ at: names.indexOf(column), column })),
      );
    },
    row(r) {
      const cells = kept.get(r.sheet);
      if (!appender || !cells?.length) return;
      for (const { at, column } of cells) {
        const v = r.cells[at];
        if (v === null || v === undefined || v.trim() === '') continue;
        appender.appendVarchar(r.sheet);
        appender.appendBigInt(BigInt(r.row));
        appender.appendVarchar(column);
        appender.appendVarchar(v);
        appender.endRow();
      }
    },
    async finish() {
      close();
      const keep = await applyContract(wh, plan, ctx, fileName, found);
      if (!appender) return;
      if (keep.length) await insertExtra(wh, plan, ctx, fileName, `SELECT * FROM scratch.${table}`);
      await wh.run(`DROP TABLE scratch.${table}`);
    },
    close,
  };
}
