// Keyed pseudonyms inside DuckDB: pseudonym(system, id) = hex HMAC-SHA256(key, system:id).
// DuckDB has sha256 but no HMAC, so HMAC is composed from it (RFC 2104). The key only lives in
// a TEMP macro of the writer's connection: never stored in the warehouse file, never logged.
import { createHash } from 'node:crypto';
import type { Warehouse } from './warehouse.ts';

const blockSize = 64;

export async function installPseudonym(wh: Warehouse, key: Buffer): Promise<void> {
  const k = key.length > blockSize ? createHash('sha256').update(key).digest() : key;
  const padded = Buffer.alloc(blockSize);
  k.copy(padded);
  const ipad = Buffer.from(padded.map((b) => b ^ 0x36)).toString('hex');
  const opad = Buffer.from(padded.map((b) => b ^ 0x5c)).toString('hex');
  await wh.run(
    `CREATE OR REPLACE TEMP MACRO pseudonym(system, id) AS
       sha256(unhex('${opad}') || unhex(sha256(unhex('${ipad}') || encode(system || ':' || id))))`,
  );
}
