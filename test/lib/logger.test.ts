import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../lib/logger.ts';

// Issue 10, secure defaults: a secret that reaches a log line by mistake is blanked by pino
// before it is written, at the top level and one level down (a location's or a request's fields).
const dir = mkdtempSync(join(tmpdir(), 'impact-logger-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function logged(fields: Record<string, unknown>): Record<string, unknown> {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.log`);
  createLogger({ destination: file }).info(fields, 'pulled');
  return JSON.parse(readFileSync(file, 'utf8'));
}

describe('the log', () => {
  it('blanks keys, secrets, passwords, tokens and authorization headers', () => {
    const line = logged({
      source: 'regicare',
      key: 'k-0123456789abcdef',
      secret: 's-0123456789abcdef',
      location: { password: 'p-0123456789abcdef', token: 't-0123456789abcdef', host: 'sftp.example.org' },
      headers: { authorization: 'Bearer b-0123456789abcdef', accept: 'text/csv' },
    });
    expect(line).toMatchObject({
      msg: 'pulled',
      source: 'regicare',
      key: '[redacted]',
      secret: '[redacted]',
      location: { password: '[redacted]', token: '[redacted]', host: 'sftp.example.org' },
      headers: { authorization: '[redacted]', accept: 'text/csv' },
    });
    expect(JSON.stringify(line)).not.toMatch(/0123456789abcdef/);
  });

  it('keeps the fields people need to follow a run', () => {
    expect(logged({ run: 3, step: 'land', file: 'contacten_2025-06.csv', rows: 120 })).toMatchObject({
      level: 30,
      run: 3,
      step: 'land',
      file: 'contacten_2025-06.csv',
      rows: 120,
    });
  });
});
