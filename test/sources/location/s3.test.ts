import { type ChildProcess, fork } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type SourceConfig } from '../../../lib/config.ts';
import { pullSource } from '../../../sources/location/pull.ts';

// A real S3-compatible server (npm s3rver) on loopback, with a bucket of exports; it runs in a
// child process (test/helpers/s3rver.mjs says why). It checks the access key; V4 signatures
// themselves are pinned by sigv4.test.ts (s3rver does not verify them).
const dir = mkdtempSync(join(tmpdir(), 'impact-s3-'));
let server: ChildProcess;
let endpoint: string;
/** Every request path the server received, decoded. */
const requests: string[] = [];
let nextId = 0;

/** Stores an object (or, without one, waits until every earlier request has been reported). */
function s3rver(put?: { bucket: string; key: string; body: string }): Promise<void> {
  const id = ++nextId;
  return new Promise((resolve) => {
    const done = (m: { id?: number }) => {
      if (m.id !== id) return;
      server.off('message', done);
      resolve();
    };
    server.on('message', done);
    server.send({ id, put });
  });
}

beforeAll(async () => {
  server = fork(join(import.meta.dirname, '../../helpers/s3rver.mjs'), [join(dir, 'server'), 'exports'], {
    execArgv: ['--openssl-legacy-provider'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.once('exit', (code) => reject(new Error(`s3rver exited with ${code}`)));
    server.once('message', (m: { port: number }) => resolve(m.port));
  });
  server.removeAllListeners('exit');
  server.on('message', (m: { url?: string }) => m.url && requests.push(m.url));
  endpoint = `http://127.0.0.1:${port}`;
  for (const key of ['regicare/contacten_01.csv', 'regicare/contacten_02.csv', 'regicare/contacten_03.csv']) {
    await s3rver({ bucket: 'exports', key, body: `Contactnummer\n${key}\n` });
  }
  await s3rver({ bucket: 'exports', key: 'regicare/readme.txt', body: 'x' });
  await s3rver({ bucket: 'exports', key: 'other/contacten_09.csv', body: 'x' });
  await s3rver({ bucket: 'exports', key: 'regi care+/contacten_& co (1).csv', body: 'Contactnummer\nodd\n' });
});
afterAll(async () => {
  // The server's store lives in dir: remove it once the server has let go of it.
  if (server.exitCode === null && server.signalCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill();
    await exited;
  }
  rmSync(dir, { recursive: true, force: true });
});

function source(s3: Record<string, unknown>): SourceConfig {
  process.env.TEST_S3_ACCESS = 'S3RVER';
  process.env.TEST_S3_SECRET = 'S3RVER';
  process.env.TEST_S3_WRONG = 'NOBODY';
  return parseConfig(
    {
      sources: [
        {
          name: 'regicare',
          location: {
            s3: {
              endpoint,
              bucket: 'exports',
              prefix: 'regicare/',
              access_key_env: 'TEST_S3_ACCESS',
              secret_key_env: 'TEST_S3_SECRET',
              force_path_style: true,
              ...s3,
            },
          },
          resources: {
            contacts: {
              entity: 'contact',
              files: 'contacten_*.csv',
              columns: { source_contact_id: 'Contactnummer', source_client_id: 'C', contact_date: 'Datum' },
            },
          },
        },
      ],
    },
    join(dir, 'impact.yaml'),
  ).sources[0]!;
}

describe('an S3 location', () => {
  const data = join(dir, 'data');

  it('lists the prefix page by page and archives only the objects the glob matches', async () => {
    requests.length = 0;
    const first = await pullSource(source({}), { dataDir: data, s3PageSize: 2 });
    await s3rver();
    expect(first.map((p) => [p.resource, p.file.name])).toEqual([
      ['contacts', 'contacten_01.csv'],
      ['contacts', 'contacten_02.csv'],
      ['contacts', 'contacten_03.csv'],
    ]);
    expect(readFileSync(first[2]!.file.path, 'utf8')).toBe('Contactnummer\nregicare/contacten_03.csv\n');
    // 4 keys under regicare/, 2 per page: a first listing and one continuation.
    const listings = requests.filter((u) => u.startsWith('/exports?') || u.startsWith('/exports/?'));
    expect(listings).toHaveLength(2);
    expect(listings.filter((u) => u.includes('continuation-token='))).toHaveLength(1);
    // readme.txt is listed but never downloaded; other/ is outside the prefix.
    expect(requests.filter((u) => !listings.includes(u))).toEqual([
      '/exports/regicare/contacten_01.csv',
      '/exports/regicare/contacten_02.csv',
      '/exports/regicare/contacten_03.csv',
    ]);
  });

  it('does not download an object whose ETag is unchanged', async () => {
    const before = await pullSource(source({}), { dataDir: data, s3PageSize: 2 });
    requests.length = 0;
    const again = await pullSource(source({}), { dataDir: data, s3PageSize: 2 });
    await s3rver();
    expect(again).toEqual(before);
    expect(requests.filter((u) => u.includes('/contacten_'))).toEqual([]); // only listings
  });

  it('archives a changed object as a new copy beside the old one', async () => {
    const before = await pullSource(source({}), { dataDir: data });
    await s3rver({ bucket: 'exports', key: 'regicare/contacten_02.csv', body: 'Contactnummer\ncorrected\n' });
    requests.length = 0;
    const after = await pullSource(source({}), { dataDir: data });
    await s3rver();
    expect(requests.filter((u) => u.includes('/contacten_'))).toEqual(['/exports/regicare/contacten_02.csv']);
    expect(after[1]!.file.name).toBe('contacten_02.csv');
    expect(after[1]!.file.path).not.toBe(before[1]!.file.path);
    expect(readFileSync(after[1]!.file.path, 'utf8')).toBe('Contactnummer\ncorrected\n');
    expect(existsSync(before[1]!.file.path)).toBe(true); // the raw archive keeps what came before
    expect([after[0], after[2]]).toEqual([before[0], before[2]]);
  });

  it('reads prefixes and keys with spaces, plus signs and ampersands', async () => {
    const odd = await pullSource(source({ prefix: 'regi care+/' }), { dataDir: join(dir, 'd5') });
    expect(odd.map((p) => p.file.name)).toEqual(['contacten_& co (1).csv']);
    expect(readFileSync(odd[0]!.file.path, 'utf8')).toBe('Contactnummer\nodd\n');
  });

  it('names the source, host and bucket when the key is refused or the bucket is missing', async () => {
    const host = new URL(endpoint).host;
    const refused = pullSource(source({ access_key_env: 'TEST_S3_WRONG' }), { dataDir: join(dir, 'd2') });
    await expect(refused).rejects.toThrow(
      `regicare · ${host} · /exports/: the server refused access (HTTP 403).`,
    );
    await expect(refused).rejects.toMatchObject({
      hint: expect.stringContaining('TEST_S3_WRONG and TEST_S3_SECRET'),
    });
    const missing = pullSource(source({ bucket: 'gone' }), { dataDir: join(dir, 'd3') });
    await expect(missing).rejects.toThrow(`regicare · ${host} · /gone/: not found (HTTP 404).`);
    await expect(missing).rejects.toMatchObject({
      hint: expect.stringContaining('location.s3.bucket (gone)'),
    });
  });

  it('takes the keys from the environment only, and says which variable is missing', async () => {
    delete process.env.TEST_S3_UNSET;
    await expect(
      pullSource(source({ secret_key_env: 'TEST_S3_UNSET' }), { dataDir: join(dir, 'd4') }),
    ).rejects.toThrow('regicare: the environment variable TEST_S3_UNSET is not set.');
    expect(() => source({ secret_key: 'S3RVER' })).toThrow(/secret_key/);
  });
});
