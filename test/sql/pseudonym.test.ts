import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installPseudonym } from '../../sql/pseudonym.ts';
import { Warehouse } from '../../sql/warehouse.ts';

let wh: Warehouse;
beforeAll(async () => {
  wh = await Warehouse.open({ path: ':memory:' });
});
afterAll(() => wh.close());

describe('pseudonym(system, id)', () => {
  it('is HMAC-SHA256 of "system:id" under the key, as Node computes it', async () => {
    const key = Buffer.from('een-geheime-sleutel-van-voldoende-lengte');
    await installPseudonym(wh, key);
    for (const id of ['100001', 'Cliënt 7', "o'brien\\x00"]) {
      const expected = createHmac('sha256', key).update(`regicare:${id}`).digest('hex');
      expect(await wh.value('SELECT pseudonym($1, $2)', ['regicare', id])).toBe(expected);
    }
  });

  it('follows RFC 2104 for keys longer than a block (hashed first)', async () => {
    const key = Buffer.alloc(100, 7);
    await installPseudonym(wh, key);
    const expected = createHmac('sha256', key).update('a:b').digest('hex');
    expect(await wh.value(`SELECT pseudonym('a', 'b')`)).toBe(expected);
  });

  it('gives another pseudonym under another key, so the key must be kept', async () => {
    await installPseudonym(wh, Buffer.from('sleutel-nummer-een-0123456789'));
    const one = await wh.value(`SELECT pseudonym('x', '1')`);
    await installPseudonym(wh, Buffer.from('sleutel-nummer-twee-0123456789'));
    expect(await wh.value(`SELECT pseudonym('x', '1')`)).not.toBe(one);
  });

  it('is never stored in the warehouse: the macro is temporary', async () => {
    const stored = await wh.rows(
      `SELECT function_name FROM duckdb_functions() WHERE function_name = 'pseudonym' AND database_name <> 'temp'`,
    );
    expect(stored).toEqual([]);
  });
});
