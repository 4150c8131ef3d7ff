import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type SourceConfig } from '../../../lib/config.ts';
import { pullSource } from '../../../sources/location/pull.ts';

// A real HTTP server on loopback serves one export with an ETag and a Last-Modified date; the
// pull must send the token from the environment, download once, and afterwards only ask.
const body = 'Contactnummer;Datum\n1;03-01-2025\n';
const requests: { url: string; headers: IncomingHttpHeaders }[] = [];
let server: Server;
let base: string;
const dir = mkdtempSync(join(tmpdir(), 'impact-http-'));

function handler(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) {
  requests.push({ url: req.url!, headers: req.headers });
  if (req.headers.authorization !== 'Bearer s3cr3t') return void res.writeHead(401).end();
  if (req.url !== '/exports/contacten_2025-01.csv') return void res.writeHead(404).end();
  if (req.headers['if-none-match'] === '"v1"') return void res.writeHead(304).end();
  res.writeHead(200, { etag: '"v1"', 'last-modified': 'Fri, 03 Jan 2025 10:00:00 GMT' }).end(body);
}

beforeAll(async () => {
  server = createServer(handler);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

function source(http: Record<string, unknown>): SourceConfig {
  const cfg = parseConfig(
    {
      sources: [
        {
          name: 'regicare',
          location: { http: { headers: { Authorization: { env: 'TEST_HTTP_TOKEN' } }, ...http } },
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
  );
  return cfg.sources[0]!;
}

describe('an HTTP location', () => {
  it('downloads with the secret header from the environment, then skips an unchanged file with a 304', async () => {
    process.env.TEST_HTTP_TOKEN = 'Bearer s3cr3t';
    const src = source({ url: `${base}/exports/contacten_2025-01.csv` });
    const first = await pullSource(src, { dataDir: dir });
    expect(first).toHaveLength(1);
    const { file } = first[0]!;
    expect(file.name).toBe('contacten_2025-01.csv');
    expect(readFileSync(file.path, 'utf8')).toBe(body);
    expect(file.path).toMatch(
      new RegExp(`raw/regicare/\\d{4}/\\d{2}/${file.sha256}-contacten_2025-01\\.csv$`),
    );
    expect(statSync(file.path).mode & 0o222).toBe(0); // read-only
    expect(file.modifiedAt.toISOString()).toBe('2025-01-03T10:00:00.000Z'); // from Last-Modified
    expect(requests.at(-1)!.headers.authorization).toBe('Bearer s3cr3t');

    const second = await pullSource(src, { dataDir: dir });
    expect(requests.at(-1)!.headers['if-none-match']).toBe('"v1"');
    expect(requests.at(-1)!.headers['if-modified-since']).toBe('Fri, 03 Jan 2025 10:00:00 GMT');
    expect(second[0]!.file).toEqual(file); // the archived copy, not a new download
  });

  it('names the source, host and file when the server refuses access or has no such file', async () => {
    process.env.TEST_HTTP_TOKEN = 'wrong';
    const host = new URL(base).host;
    await expect(
      pullSource(source({ url: `${base}/exports/contacten_2025-01.csv` }), { dataDir: dir }),
    ).rejects.toThrow(
      `regicare · ${host} · /exports/contacten_2025-01.csv: the server refused access (HTTP 401).`,
    );
    process.env.TEST_HTTP_TOKEN = 'Bearer s3cr3t';
    await expect(
      pullSource(source({ url: `${base}/exports/contacten_2024-12.csv` }), { dataDir: dir }),
    ).rejects.toThrow(`regicare · ${host} · /exports/contacten_2024-12.csv: not found (HTTP 404).`);
  });

  it('says which environment variable is missing', async () => {
    delete process.env.TEST_HTTP_TOKEN;
    await expect(
      pullSource(source({ url: `${base}/exports/contacten_2025-01.csv` }), { dataDir: dir }),
    ).rejects.toThrow(
      'regicare: the environment variable TEST_HTTP_TOKEN (header Authorization) is not set.',
    );
  });

  it('does not accept a literal credential in the config', () => {
    expect(() => source({ url: `${base}/x.csv`, headers: { Authorization: 'Bearer s3cr3t' } })).toThrow(
      /location\.http\.headers\.Authorization: a credential is never written in the config/,
    );
  });
});

describe('an HTTPS location', () => {
  let tls: import('node:https').Server;
  let ca: string;
  let url: string;
  beforeAll(async () => {
    // A self-signed certificate for 127.0.0.1, made by the openssl CLI for this test.
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    ca = join(dir, 'cert.pem');
    tls = createTlsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(ca) }, handler);
    await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
    url = `https://127.0.0.1:${(tls.address() as AddressInfo).port}/exports/contacten_2025-01.csv`;
    process.env.TEST_HTTP_TOKEN = 'Bearer s3cr3t';
  });
  afterAll(() => tls.close());

  it('refuses a certificate it cannot verify, and says how to trust the CA', async () => {
    await expect(pullSource(source({ url }), { dataDir: join(dir, 'tls-1') })).rejects.toThrow(
      /regicare · 127\.0\.0\.1:\d+ · \/exports\/contacten_2025-01\.csv: TLS failure, the server's certificate is not trusted \(self.signed certificate\)/,
    );
  });

  it('downloads once the CA is named in ca_file', async () => {
    const [pulled] = await pullSource(source({ url, ca_file: ca }), { dataDir: join(dir, 'tls-2') });
    expect(readFileSync(pulled!.file.path, 'utf8')).toBe(body);
  });
});
