import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type SourceConfig } from '../../../lib/config.ts';
import { pullSource } from '../../../sources/location/pull.ts';

// A real OpenSSH server (Debian's openssh-server; CI installs it) on loopback with a host key and
// an authorized key made for this test, serving SFTP from a test folder. No protocol mocks.
const dir = mkdtempSync(join(tmpdir(), 'impact-sftp-'));
const exports = join(dir, 'exports');
let sshd: ChildProcess;
let port: number;
let fingerprint: string;

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => resolve(p));
    });
  });

beforeAll(async () => {
  for (const k of ['host_key', 'client_key', 'other_key']) {
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', join(dir, k)]);
  }
  writeFileSync(join(dir, 'authorized_keys'), readFileSync(join(dir, 'client_key.pub')), { mode: 0o600 });
  fingerprint = execFileSync('ssh-keygen', ['-lf', join(dir, 'host_key.pub')], { encoding: 'utf8' }).split(
    ' ',
  )[1]!;
  mkdirSync(join(exports, '2025'), { recursive: true });
  writeFileSync(join(exports, '2025/contacten_01.csv'), 'Contactnummer;Datum\n1;03-01-2025\n');
  writeFileSync(join(exports, 'readme.txt'), 'not an export');
  if (process.getuid?.() === 0) mkdirSync('/run/sshd', { recursive: true }); // sshd's privilege separation dir
  const config = join(dir, 'sshd_config');
  writeFileSync(
    config,
    [
      'ListenAddress 127.0.0.1',
      `HostKey ${join(dir, 'host_key')}`,
      `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
      'PasswordAuthentication no',
      'KbdInteractiveAuthentication no',
      'UsePAM no',
      'StrictModes no',
      'PidFile none',
      'Subsystem sftp internal-sftp',
      '',
    ].join('\n'),
  );
  port = await freePort();
  sshd = spawn('/usr/sbin/sshd', ['-D', '-e', '-f', config, '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sshd did not start: ${log}`)), 5000);
    sshd.on('error', (err) =>
      reject(new Error(`sshd could not be started (apt-get install openssh-server): ${err.message}`)),
    );
    sshd.stderr!.on('data', (d) => {
      log += d;
      if (log.includes('Server listening')) {
        clearTimeout(timer);
        resolve();
      }
    });
  });
});
afterAll(() => sshd?.kill());

function source(sftp: Record<string, unknown>): SourceConfig {
  process.env.TEST_SFTP_KEY = join(dir, 'client_key');
  process.env.TEST_SFTP_OTHER_KEY = readFileSync(join(dir, 'other_key'), 'utf8');
  return parseConfig(
    {
      sources: [
        {
          name: 'schuldhulp',
          location: {
            sftp: {
              host: '127.0.0.1',
              port,
              username: userInfo().username,
              path: exports,
              private_key_env: 'TEST_SFTP_KEY',
              host_key: fingerprint,
              ...sftp,
            },
          },
          resources: {
            contacts: {
              entity: 'contact',
              files: '**/contacten_*.csv',
              columns: { source_contact_id: 'Contactnummer', source_client_id: 'C', contact_date: 'Datum' },
            },
          },
        },
      ],
    },
    join(dir, 'impact.yaml'),
  ).sources[0]!;
}

describe('an SFTP location', () => {
  it('archives the files the glob matches, and a changed file as a new copy beside the old one', async () => {
    const data = join(dir, 'data');
    const [first, ...rest] = await pullSource(source({}), { dataDir: data });
    expect(rest).toEqual([]);
    expect(first!.file.name).toBe('2025/contacten_01.csv');
    expect(readFileSync(first!.file.path, 'utf8')).toBe('Contactnummer;Datum\n1;03-01-2025\n');
    expect(first!.file.path).toMatch(/raw\/schuldhulp\/\d{4}\/\d{2}\/[0-9a-f]{64}-2025__contacten_01\.csv$/);

    writeFileSync(
      join(exports, '2025/contacten_01.csv'),
      'Contactnummer;Datum\n1;03-01-2025\n2;04-01-2025\n',
    );
    utimesSync(join(exports, '2025/contacten_01.csv'), new Date('2025-01-05'), new Date('2025-01-05'));
    const [second] = await pullSource(source({}), { dataDir: data });
    expect(second!.file.path).not.toBe(first!.file.path);
    expect(second!.file.modifiedAt.toISOString()).toBe('2025-01-05T00:00:00.000Z');
    expect(readFileSync(first!.file.path, 'utf8')).toBe('Contactnummer;Datum\n1;03-01-2025\n'); // untouched
  });

  it('refuses a server whose host key is not the pinned one, before logging in', async () => {
    const pinned = `SHA256:${'A'.repeat(43)}`;
    await expect(pullSource(source({ host_key: pinned }), { dataDir: join(dir, 'd2') })).rejects.toThrow(
      `schuldhulp · sftp ${userInfo().username}@127.0.0.1:${port}: host key mismatch — the server presented ${fingerprint}, the config pins ${pinned}.`,
    );
  });

  it('says authentication failed when the key is not accepted', async () => {
    await expect(
      pullSource(source({ private_key_env: 'TEST_SFTP_OTHER_KEY' }), { dataDir: join(dir, 'd3') }),
    ).rejects.toThrow(`schuldhulp · sftp ${userInfo().username}@127.0.0.1:${port}: authentication failed.`);
  });

  it('names the folder that is not there', async () => {
    await expect(
      pullSource(source({ path: `${exports}-gone` }), { dataDir: join(dir, 'd4') }),
    ).rejects.toThrow(`${exports}-gone: not found.`);
  });
});
