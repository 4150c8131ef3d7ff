// Lands one JSON or JSON Lines export. DuckDB reads the file itself (read_json_objects): every
// record once, into a temporary table (the connection's, not the warehouse file: the records
// are kept only while the file lands) with a text cell per mapped column, so the same mapping
// as for CSV parses dates and numbers and names the bad cell. A mapped column may be a dotted
// path into nested objects (client.postcode), with [n] for an item of a list (dossiers[0].nummer);
// a key that itself holds a dot wins over the path. A list of plain values mapped as a whole
// arrives as one text, its items joined by ', '. _row is the record's 1-based index in the
// file (in the array, or among the JSONL lines).
import { errorMessage, UserError } from '../../lib/errors.ts';
import type { JsonFormat, ResourcePlan } from '../../sources/define-source.ts';
import { sourceColumns } from '../../sources/define-source.ts';
import { normaliseHeader } from '../../sources/formats/csv/sniff.ts';
import { scanDepth } from '../../sources/formats/json/depth.ts';
import type { FoundFile } from '../../sources/location/directory.ts';
import { ident, str } from '../quote.ts';
import type { Warehouse } from '../warehouse.ts';
import { applyContract, keepExtraValues } from './contract.ts';
import { type LandContext, landMeta } from './land-csv.ts';
import { landSelect } from './mapping.ts';

/** Records are objects in a list, perhaps inside an envelope: deeper than this is no export. */
export const maxJsonDepth = 64;

const quoteKey = (key: string) => `"${key.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** `client.postcode` → `$."client"."postcode"`, `dossiers[0].nummer` → `$."dossiers"[0]."nummer"`; `$…` as written. */
export function jsonPath(dotted: string): string {
  if (dotted.startsWith('$')) return dotted;
  return `$${dotted
    .split('.')
    .map((part) => {
      const m = /^(.*?)((?:\[\d+\])*)$/.exec(part)!;
      return `.${quoteKey(m[1]!)}${m[2]}`;
    })
    .join('')}`;
}

const literalKey = (key: string) => `$.${quoteKey(key)}`;
const pathOf = (keys: string[]) => `$${keys.map((k) => `.${quoteKey(k)}`).join('')}`;

/** A JSON value as text: a list of plain values as its items joined by ', '. */
const text = (j: string) =>
  `CASE WHEN json_type(${j}) = 'ARRAY' THEN array_to_string(json_extract_string(${j}, '$[*]'), ', ') ELSE json_extract_string(${j}, '$') END`;

export async function landJson(
  wh: Warehouse,
  plan: ResourcePlan,
  format: JsonFormat,
  file: FoundFile,
  ctx: LandContext,
): Promise<void> {
  const depth = await scanDepth(file.path, maxJsonDepth);
  if (depth.tooDeepAtLine !== undefined) {
    // A record's number where the document is the list of records; else the line an editor shows.
    const item = !format.lines && !format.records ? depth.tooDeepInItem : undefined;
    const where = `${item ? `record ${item}, ` : ''}line ${depth.tooDeepAtLine}`;
    throw new UserError(
      `${ctx.where}: the JSON nests more than ${maxJsonDepth} levels deep (${where}); that is not an export of records.`,
      'The file was not loaded. Ask for an export with one object per record.',
    );
  }
  if (depth.first === undefined) {
    throw new UserError(
      `${ctx.where}: the file is empty.`,
      'The file was not loaded. Ask for the export again.',
    );
  }
  // The shape the format promises, checked on the first character, before DuckDB reads it.
  const opens = format.lines ? undefined : format.records ? '{' : '[';
  if (opens && depth.first !== opens) {
    throw new UserError(
      depth.first === '{'
        ? `${ctx.where}: the JSON is not a list of records (it starts with an object).`
        : `${ctx.where}: is not ${opens === '[' ? 'a JSON list of records' : 'a JSON document'} (it does not start with ${opens}).`,
      depth.first === '{'
        ? 'The file was not loaded. Set records: to the path of the list inside it (e.g. data.items), or use format: jsonl for one record per line.'
        : 'The file was not loaded. Check that the export is JSON, and deliver it again.',
    );
  }
  const records = await recordsRelation(wh, format, file, ctx);
  const needed = [...new Set(sourceColumns(plan))];
  const table = `json_${ctx.fileId}`;
  // All paths in one json_extract call (one parse of the record), a dotted column both as a
  // key of its own and as a path; SQL NULL there means the key is absent, JSON null is a value.
  const paths = needed.flatMap((c) => (c.includes('.') ? [literalKey(c), jsonPath(c)] : [jsonPath(c)]));
  let at = 0;
  const cells = needed.map((c, i) => {
    const js = (c.includes('.') ? [++at, ++at] : [++at]).map((n) => `_j[${n}]`);
    const value = js.length > 1 ? `coalesce(${js.map(text).join(', ')})` : text(js[0]!);
    return `${value} AS k${i + 1}, (${js.map((j) => `${j} IS NOT NULL`).join(' OR ')}) AS p${i + 1}`;
  });
  try {
    await wh.run(
      `CREATE OR REPLACE TEMP TABLE ${table} AS
       SELECT NULL::VARCHAR AS _sheet, _row, _rec, ${cells.join(', ')}
       FROM (SELECT _row, _rec, json_extract(_rec, [${paths.map(str).join(', ')}]) AS _j FROM (${records}))`,
    );
  } catch (err) {
    throw notJson(err, ctx, format);
  }
  // No finally: on an error the file's transaction rolls back, and the temporary table with it.
  const [seen] = await wh.rows<Record<string, unknown>>(
    `SELECT count(*) AS records, ${needed.map((_, i) => `coalesce(bool_or(p${i + 1}), false) AS p${i + 1}`).join(', ')},
            count(*) FILTER (WHERE json_type(_rec) = 'OBJECT') AS objects,
            any_value(json_type(_rec)) FILTER (WHERE json_type(_rec) <> 'OBJECT') AS other
     FROM temp.${table}`,
  );
  if (Number(seen?.records ?? 0) > 0 && Number(seen?.objects) === 0) {
    throw new UserError(
      `${ctx.where}: the records are ${String(seen?.other).toLowerCase()} values, not objects with fields.`,
      'The file was not loaded. Ask for an export with one object per record, or set records: to the list of objects.',
    );
  }
  // JSON exporters leave out keys whose value is empty, so only a required field's key must
  // appear, in at least one record; CSV and workbooks need every mapped column in the header.
  const required = new Set(
    plan.fields.flatMap((f) => (f.required && 'column' in f.from ? [f.from.column] : [])),
  );
  const missing =
    Number(seen?.records ?? 0) > 0 ? needed.filter((c, i) => required.has(c) && !seen?.[`p${i + 1}`]) : [];
  if (missing.length) {
    throw new UserError(
      `${ctx.where}: column ${missing.map((c) => `'${c}'`).join(', ')} not found in any record.`,
      'The file was not loaded. Fix the column mapping in impact.yaml, or ask for an export with this field.',
    );
  }
  const fresh = new Map(
    (await unmappedLeaves(wh, `temp.${table}`, needed)).map((keys) => [keys.join('.'), keys]),
  );
  const keep = await applyContract(wh, plan, ctx, file.name, [...fresh.keys()]);
  await keepExtraValues(
    wh,
    plan,
    ctx,
    file.name,
    keep,
    `SELECT * FROM temp.${table}`,
    (i) => `json_extract_string(_rec, ${str(pathOf(fresh.get(keep[i]!)!))})`,
  );
  const rel = {
    from: `SELECT * FROM temp.${table}`,
    column: (h: string) =>
      ident(`k${needed.findIndex((c) => normaliseHeader(c) === normaliseHeader(h)) + 1}`),
    plainNumbers: true,
    hasSheet: false,
  };
  await wh.run(
    `INSERT INTO land.${plan.entity} BY NAME ${landSelect(plan, rel, landMeta(plan, ctx, file.name))}`,
  );
  await wh.run(`DROP TABLE temp.${table}`);
}

/**
 * New columns are the leaves of the records' nested objects (client.naam) that no mapped path
 * reaches; a mapped object or list covers what is inside it. Found level by level, in the order
 * the file first shows them: the distinct key lists of each object that is not mapped (an export
 * has few shapes), then which of those keys hold objects in turn, all in one parse per record.
 * (DISTINCT json_structure of every record costs several times more.)
 */
async function unmappedLeaves(wh: Warehouse, table: string, needed: string[]): Promise<string[][]> {
  const mapped = needed.map((c) => normaliseHeader(c.replace(/\[\d+\]/g, '')));
  const reached = (keys: string[]) => {
    const k = normaliseHeader(keys.join('.'));
    return mapped.some((m) => k === m || k.startsWith(`${m}.`));
  };
  const leaves: string[][] = [];
  let parents: string[][] = [[]];
  while (parents.length) {
    const children: string[][] = [];
    for (const parent of parents) {
      const lists = await wh.rows<{ ks: string[] | null }>(
        `SELECT json_keys(_rec, ${str(pathOf(parent))}) AS ks FROM ${table} GROUP BY ks ORDER BY min(_row)`,
      );
      const keys = [...new Set(lists.flatMap((r) => r.ks ?? []))];
      children.push(...keys.map((k) => [...parent, k]).filter((keys) => !reached(keys)));
    }
    if (!children.length) break;
    const [objects] = await wh.rows<Record<string, boolean>>(
      `SELECT ${children.map((_, i) => `coalesce(bool_or(_t[${i + 1}] = 'OBJECT'), false) AS o${i}`).join(', ')}
       FROM (SELECT json_type(_rec, [${children.map((c) => str(pathOf(c))).join(', ')}]) AS _t FROM ${table})`,
    );
    parents = children.filter((_, i) => objects?.[`o${i}`]);
    leaves.push(...children.filter((_, i) => !objects?.[`o${i}`]));
  }
  return leaves;
}

/** SQL yielding (_rec JSON, _row) for every record of the file. */
async function recordsRelation(wh: Warehouse, format: JsonFormat, file: FoundFile, ctx: LandContext) {
  const path = str(file.path);
  // A record (or, for a records: path, the whole document) must fit in one read.
  const size = Math.max(16 * 1024 * 1024, Math.min(file.bytes + 1, 2 ** 32 - 1));
  if (format.lines) {
    return `SELECT json AS _rec, ordinality AS _row FROM read_json_objects(${path}, format = 'newline_delimited', maximum_object_size = ${size}) WITH ORDINALITY`;
  }
  if (!format.records) {
    return `SELECT json AS _rec, ordinality AS _row FROM read_json_objects(${path}, format = 'array', maximum_object_size = ${size}) WITH ORDINALITY`;
  }
  const at = jsonPath(format.records);
  let type: string | null | undefined;
  try {
    type = await wh.value<string | null>(
      `SELECT json_type(json, ${str(at)}) FROM read_json_objects(${path}, format = 'unstructured', maximum_object_size = ${size})`,
    );
  } catch (err) {
    throw notJson(err, ctx, format);
  }
  if (type !== 'ARRAY') {
    throw new UserError(
      `${ctx.where}: records: '${format.records}' ${type ? `holds ${type.toLowerCase()}, not a list of records` : 'is not in the file'}.`,
      'The file was not loaded. Set records: to the path of the list, e.g. data.items for {"data": {"items": [...]}}.',
    );
  }
  // The list as a DuckDB list, unnested with its 1-based subscripts: json_each over the same list
  // re-reads the document per item (50,000 records: 60 s against 0.2 s).
  return `SELECT unnest(l) AS _rec, generate_subscripts(l, 1) AS _row
          FROM (SELECT json_extract(json, ${str(`${at}[*]`)}) AS l
                FROM read_json_objects(${path}, format = 'unstructured', maximum_object_size = ${size}))`;
}

/** DuckDB's reader error as a message for people: the file, and the line when it says one. */
function notJson(err: unknown, ctx: LandContext, format: JsonFormat): Error {
  const message = errorMessage(err);
  if (!/json|utf-8/i.test(message)) return err as Error;
  const line = /in line (\d+)/i.exec(message)?.[1];
  const what = /:\s*([^:]+?)\.?\s*$/.exec(message.split('\n')[0]!)?.[1];
  const detail = [line && `line ${line}`, what].filter(Boolean).join(': ');
  return new UserError(
    `${ctx.where}: is not valid ${format.lines ? 'JSON Lines' : 'JSON'}${detail ? ` (${detail})` : ''}.`,
    /utf-8/i.test(message)
      ? 'The file was not loaded. JSON is UTF-8: ask for the export in UTF-8 and deliver it again.'
      : 'The file was not loaded. Ask for a complete, valid export and deliver it again.',
  );
}
