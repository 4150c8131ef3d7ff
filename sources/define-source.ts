// Turns a source from impact.yaml into plans the loader can execute: for each resource, the
// files to read, how to read them and how every canonical field is filled. Everything a data
// expert can get wrong in a mapping is caught here, before a single row is read, and reported
// by its config key. This module never touches the warehouse.
import type { ColumnSpec, Config, ResourceConfig, SourceConfig } from '../lib/config.ts';
import { UserError } from '../lib/errors.ts';
import { type EntityName, entities, type FieldType } from './entities.ts';
import { type FoundFile, listFiles } from './location/directory.ts';

export type CsvEncoding = 'auto' | 'utf-8' | 'windows-1252' | 'latin-1';

export interface CsvFormat {
  kind: 'csv';
  delimiter: string;
  quote: string;
  encoding: CsvEncoding;
}

export interface JsonFormat {
  kind: 'json';
  /** JSON Lines: one record per line. */
  lines: boolean;
  /** Dotted path of the list of records inside the document; absent: the document is the list. */
  records?: string;
}

export interface XlsxFormat {
  kind: 'xlsx';
  sheets: string[] | 'all' | 'first';
}

/** How one canonical field gets its value. */
export interface FieldPlan {
  field: string;
  type: FieldType;
  required: boolean;
  from: { column: string } | { constant: string } | { sheet: true };
  dateFormats: string[];
  decimal: ',' | '.';
  multiply?: number;
  values?: Record<string, string>;
}

export interface ResourcePlan {
  source: string;
  system: string;
  resource: string;
  entity: EntityName;
  /** The export folder of a directory location; '' for remote ones (pulled into the raw archive). */
  directory: string;
  pattern: string;
  format: CsvFormat | XlsxFormat | JsonFormat;
  headerRow: 'auto' | number;
  fields: FieldPlan[];
  unpivot?: { columns: string[]; nameTo: string; valueTo: string };
  primaryKey: string[];
  write: 'merge' | 'replace-period' | 'append';
  /** Only rows whose field is above the highest value landed before land (cursor in impact.yaml). */
  cursor?: { field: string; initialValue?: string };
  deletions: 'keep' | 'full-snapshot' | 'flag-column';
  /** What a column the mapping does not name means (contract.new_columns). */
  contract: 'discard' | 'evolve' | 'freeze';
  /** The resource's own formats, for cells no mapped field names (unpivoted values). */
  defaults: { dateFormats: string[]; decimal: ',' | '.' };
  exportDateFromFilename?: RegExp;
  /** Config key of this resource, for messages: sources[0].resources.contacts */
  key: string;
}

const dutchDefaultDate = 'dd-mm-yyyy';

export function planSources(cfg: Config): ResourcePlan[] {
  return cfg.sources.flatMap((source, i) =>
    Object.entries(source.resources).map(([name, res]) => planResource(source, i, name, res)),
  );
}

function planResource(source: SourceConfig, index: number, name: string, res: ResourceConfig): ResourcePlan {
  const key = `sources[${index}].resources.${name}`;
  const fieldDefs = entities[res.entity];
  const dateFormat = res.date_format ?? source.defaults?.date_format ?? dutchDefaultDate;
  const csv = { ...source.defaults?.csv, ...res.csv };
  const decimal = csv.decimal ?? ',';
  const kind = res.format ?? formatOf(res.files);
  let format: CsvFormat | XlsxFormat | JsonFormat;
  if (kind === 'xlsx') format = { kind: 'xlsx', sheets: res.sheets ?? 'first' };
  else if (kind === 'json' || kind === 'jsonl')
    format = { kind: 'json', lines: kind === 'jsonl', records: res.records };
  else
    format = {
      kind: 'csv',
      delimiter: csv.delimiter ?? ';',
      quote: csv.quote ?? '"',
      encoding: csv.encoding ?? 'auto',
    };
  if (res.records && kind !== 'json') {
    throw new UserError(
      `${key}.records: a path to the list of records is for format json, not ${kind}.`,
      kind === 'jsonl' ? 'JSON Lines has one record per line: leave records out.' : 'Leave records out.',
    );
  }

  const unpivot = res.unpivot && {
    columns: res.unpivot.columns,
    nameTo: res.unpivot.name_to,
    valueTo: res.unpivot.value_to,
  };
  const unpivotFields = new Set(unpivot ? [unpivot.nameTo, unpivot.valueTo] : []);
  for (const f of unpivotFields) {
    if (!fieldDefs[f]) {
      throw new UserError(`${key}.unpivot: '${f}' is not a field of ${res.entity}.`, fieldList(res.entity));
    }
  }

  const fields: FieldPlan[] = [];
  for (const [field, spec] of Object.entries(res.columns)) {
    const def = fieldDefs[field];
    if (!def) {
      throw new UserError(
        `${key}.columns.${field}: '${field}' is not a field of ${res.entity}.`,
        fieldList(res.entity),
      );
    }
    fields.push(
      planField(`${key}.columns.${field}`, field, def.type, !!def.required, spec, dateFormat, decimal),
    );
  }
  for (const [field, def] of Object.entries(fieldDefs)) {
    if (def.required && !res.columns[field] && !unpivotFields.has(field)) {
      throw new UserError(
        `${key}.columns: the required field '${field}' (${def.description}) is not mapped.`,
        `Add e.g. \`${field}: <column name in the export>\` under ${key}.columns.`,
      );
    }
  }
  const primaryKey = res.primary_key ?? [];
  for (const k of primaryKey) {
    if (!fieldDefs[k]) throw new UserError(`${key}.primary_key: '${k}' is not a field of ${res.entity}.`);
  }
  let exportDateFromFilename: RegExp | undefined;
  if (res.export_date?.from_filename) {
    try {
      exportDateFromFilename = new RegExp(res.export_date.from_filename);
    } catch {
      throw new UserError(
        `${key}.export_date.from_filename: '${res.export_date.from_filename}' is not a regex.`,
      );
    }
  }
  if (res.write === 'replace-period') checkPeriod(key, res);
  if (res.write === 'append') checkAppend(key, res);
  if (res.cursor) checkCursor(key, res, fields);
  checkDeletions(key, res);
  return {
    source: source.name,
    system: source.system ?? source.name,
    resource: name,
    entity: res.entity,
    directory: source.location.directory ?? '',
    pattern: res.files,
    format,
    headerRow: res.header_row,
    fields,
    unpivot,
    primaryKey,
    write: res.write,
    ...(res.cursor && {
      cursor: {
        field: res.cursor.field,
        ...(res.cursor.initial_value !== undefined && { initialValue: String(res.cursor.initial_value) }),
      },
    }),
    deletions: res.deletions,
    contract: res.contract.new_columns,
    defaults: { dateFormats: [toStrptime(dateFormat, `${key}.date_format`)], decimal },
    exportDateFromFilename,
    key,
  };
}

/** The format a file pattern implies by its extension; csv when it implies none. */
export function formatOf(pattern: string): 'csv' | 'xlsx' | 'json' | 'jsonl' {
  if (/\.xls[xm]?$/i.test(pattern)) return 'xlsx';
  if (/\.(jsonl|ndjson)$/i.test(pattern)) return 'jsonl';
  if (/\.json$/i.test(pattern)) return 'json';
  return 'csv';
}

function planField(
  key: string,
  field: string,
  type: FieldType,
  required: boolean,
  spec: ColumnSpec,
  dateFormat: string,
  decimal: ',' | '.',
): FieldPlan {
  const s = typeof spec === 'string' ? { column: spec } : spec;
  let from: FieldPlan['from'];
  if (s.column !== undefined && s.value !== undefined) {
    throw new UserError(`${key}: give either column or value, not both.`);
  } else if (s.column !== undefined) from = { column: s.column };
  else if (s.value === '$sheet') from = { sheet: true };
  else if (s.value !== undefined) from = { constant: String(s.value) };
  else
    throw new UserError(`${key}: say which column fills it (column: <name>) or give a constant (value: …).`);
  return {
    field,
    type,
    required,
    from,
    dateFormats: [toStrptime(s.date ?? dateFormat, key)],
    decimal: s.decimal ?? decimal,
    multiply: s.multiply,
    values: s.values,
  };
}

/** dd-mm-jjjj (Dutch) or dd-mm-yyyy style → DuckDB strptime; a format with % passes through. */
export function toStrptime(format: string, key = 'date'): string {
  if (format.includes('%')) return format;
  const out = format.replace(/jjjj|yyyy|yy|dd|mm|HH|MI|SS|d|m/gi, (t) => {
    const map: Record<string, string> = {
      jjjj: '%Y',
      yyyy: '%Y',
      yy: '%y',
      dd: '%d',
      d: '%d',
      mm: '%m',
      m: '%m',
      hh: '%H',
      mi: '%M',
      ss: '%S',
    };
    return map[t.toLowerCase()] ?? t;
  });
  if (!out.includes('%'))
    throw new UserError(`${key}: '${format}' is not a date format (write e.g. dd-mm-jjjj).`);
  return out;
}

/** The date whose month a replace-period delivery replaces, per entity. */
export const periodField: Partial<Record<EntityName, string>> = {
  contact: 'contact_date',
  outcome_score: 'measured_on',
  activity: 'activity_date',
};

function checkPeriod(key: string, res: ResourceConfig) {
  const field = periodField[res.entity];
  if (!field) {
    throw new UserError(
      `${key}.write: replace-period is for dated records (contacts, outcome scores, activities), not for ${res.entity}.`,
      'Use write: merge, where the latest delivery of each record wins.',
    );
  }
  const spec = res.columns[field];
  const column = typeof spec === 'string' ? spec : spec?.column;
  if (res.period && res.period !== field && res.period !== column) {
    throw new UserError(
      `${key}.period: '${res.period}' is not ${field}${column ? ` (column ${column})` : ''}.`,
      `A ${res.entity} delivery replaces the months of its ${field}; leave period out or name that column.`,
    );
  }
}

/** Append keeps every delivered row as an event of its own. A client or trajectory row is the
 *  state of a record, so two deliveries of it are versions, not two records; an outcome score
 *  is one measurement by client, instrument, domain, date and moment (the star's key), so a
 *  second delivery of it is a copy or a correction, never a second score. */
const appendEntities: EntityName[] = ['contact', 'activity'];

function checkAppend(key: string, res: ResourceConfig) {
  if (!appendEntities.includes(res.entity)) {
    throw new UserError(
      `${key}.write: append is for events (contacts, activities), not for ${res.entity}: ${
        res.entity === 'outcome_score'
          ? 'a score is one measurement per client, instrument, domain, date and moment'
          : 'its rows are states of one record'
      }.`,
      'Use write: merge, where the latest delivery of each record wins.',
    );
  }
  if (res.deletions === 'full-snapshot') {
    throw new UserError(
      `${key}: write: append and deletions: full-snapshot do not combine.`,
      'A full snapshot replaces every earlier delivery of the resource: use write: merge, or leave deletions out.',
    );
  }
}

/** The cursor is compared in the landed table, so it must be a field this resource fills. */
function checkCursor(key: string, res: ResourceConfig, fields: FieldPlan[]) {
  const field = res.cursor?.field ?? '';
  if (!fields.some((f) => f.field === field && 'column' in f.from)) {
    throw new UserError(
      `${key}.cursor.field: '${field}' is not a field mapped to a column of this resource.`,
      `Name a field under ${key}.columns whose value grows with each new row, e.g. a date or an updated-at column.`,
    );
  }
}

/** Records that can be deleted are those a later delivery can name again: they have a key. */
function checkDeletions(key: string, res: ResourceConfig) {
  const flagMapped = res.columns.deleted !== undefined;
  if (res.deletions !== 'keep' && !('deleted' in entities[res.entity])) {
    throw new UserError(
      `${key}.deletions: ${res.deletions} is for trajectories, contacts, outcome scores and activities, not for ${res.entity}.`,
      res.entity === 'client'
        ? 'Client exports are snapshots already: dim_client keeps every version. Leave deletions out.'
        : 'Leave deletions out (keep): the latest delivery of each record wins.',
    );
  }
  if (res.deletions === 'flag-column' && !flagMapped) {
    throw new UserError(
      `${key}.deletions: flag-column needs the column that marks a deleted record.`,
      `Map it under ${key}.columns, e.g. \`deleted: Verwijderd\` (ja/nee, yes/no, 1/0 or x).`,
    );
  }
  if (res.deletions !== 'flag-column' && flagMapped) {
    throw new UserError(
      `${key}.columns.deleted: a deletion flag is mapped, but deletions is ${res.deletions}.`,
      'Add `deletions: flag-column` to the resource so rows marked deleted are removed, or drop the mapping.',
    );
  }
  if (res.deletions === 'full-snapshot' && res.write === 'replace-period') {
    throw new UserError(
      `${key}: deletions: full-snapshot and write: replace-period do not combine.`,
      'A full snapshot replaces every earlier delivery of the resource, not only its months: use write: merge.',
    );
  }
}

function fieldList(entity: EntityName): string {
  return `Fields of ${entity}: ${Object.keys(entities[entity]).join(', ')}.`;
}

export function findFiles(plan: ResourcePlan): FoundFile[] {
  return listFiles(plan.directory, plan.pattern, `${plan.source}.${plan.resource}`);
}

/** The columns a file must have for this plan; used to find the header row. */
export function sourceColumns(plan: ResourcePlan): string[] {
  const cols = plan.fields.flatMap((f) => ('column' in f.from ? [f.from.column] : []));
  return [...cols, ...(plan.unpivot?.columns ?? [])];
}
