// A resource's cursor (impact.yaml `cursor:`), for exports that always hold the whole history:
// rows of a file whose cursor field is at or below the highest value landed before are set
// aside as skipped (not data, not rejected), and the new highest value is stored. Called
// inside the transaction that lands the file, so the cursor moves only when the file commits.
import type { ResourcePlan } from '../../sources/define-source.ts';
import { ident } from '../quote.ts';
import type { Warehouse } from '../warehouse.ts';

export async function applyCursor(wh: Warehouse, plan: ResourcePlan, fileId: number): Promise<void> {
  const cursor = plan.cursor;
  if (!cursor) return;
  // The stored value is text; it is compared as the landed field's own type (a date, a number).
  const type = await wh.value<string>(
    `SELECT data_type FROM information_schema.columns
     WHERE table_schema = 'land' AND table_name = $1 AND column_name = $2`,
    [plan.entity, cursor.field],
  );
  const field = ident(cursor.field);
  const stored = await wh.rows<{ last_value: string | null }>(
    `SELECT last_value FROM meta.resource_cursor WHERE source = $1 AND resource = $2 AND field = $3`,
    [plan.source, plan.resource, cursor.field],
  );
  const last = stored.length ? stored[0]?.last_value : cursor.initialValue;
  if (last !== undefined && last !== null) {
    await wh.run(
      `UPDATE land.${plan.entity} SET _is_data = false
       WHERE _file_id = $1 AND _is_data AND ${field} <= CAST($2 AS ${type})`,
      [fileId, last],
    );
  }
  // Only rows that can load move the cursor: a row with an unreadable cell, or a date after the
  // file's export date (a typo such as 2062, which staging rejects as in the future), would
  // otherwise carry it past real rows that a later, corrected export still has to bring.
  const plausible = /^(DATE|TIMESTAMP)/.test(type) ? ` AND ${field} <= _export_date` : '';
  await wh.run(
    `INSERT OR REPLACE INTO meta.resource_cursor
     SELECT $1, $2, $3, coalesce(greatest(max(${field}), CAST($4 AS ${type})), CAST($4 AS ${type}))::VARCHAR,
            now()::TIMESTAMP
     FROM land.${plan.entity} WHERE _file_id = $5 AND _is_data AND len(_errors) = 0${plausible}`,
    [plan.source, plan.resource, cursor.field, last ?? null, fileId],
  );
}
