// `impact quarantine`: the rows and values that did not make it in, each with its file, row,
// column and reason, so a data expert can fix the export and deliver it again.
import type { Config } from '../../lib/config.ts';
import { openForReading } from './runs.ts';

export async function printQuarantine(cfg: Config, o: { run?: number; limit: number }) {
  const wh = await openForReading(cfg);
  try {
    let query = wh.db.selectFrom('staging.quarantine').selectAll();
    if (o.run !== undefined) query = query.where('run_id', '=', o.run);
    const rows = await query.orderBy('source').orderBy('file').orderBy('row').limit(o.limit).execute();
    let total = wh.db.selectFrom('staging.quarantine').select((eb) => eb.fn.countAll<number>().as('n'));
    if (o.run !== undefined) total = total.where('run_id', '=', o.run);
    const [{ n } = { n: 0 }] = await total.execute();
    if (!rows.length) return console.log('Nothing in quarantine.');
    console.table(
      rows.map((r) => ({
        run: r.run_id,
        source: r.source,
        file: r.file,
        sheet: r.sheet ?? '',
        row: r.row,
        column: r.column,
        value: r.value,
        reason: r.reason,
        action: r.action,
      })),
    );
    if (Number(n) > rows.length)
      console.log(`${rows.length} of ${Number(n)} shown; use --limit to see more.`);
  } finally {
    await wh.close();
  }
}
