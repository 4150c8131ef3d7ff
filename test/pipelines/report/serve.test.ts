import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DemoProject, publishedDemo } from './demo-project.ts';

// `impact serve`, started as a user starts it: the dashboard and the published tables as JSON
// and Arrow, on 127.0.0.1 unless --host says otherwise.
const bin = join(import.meta.dirname, '../../../bin/impact.js');
let demo: DemoProject;
const children: ChildProcess[] = [];

/** Starts `impact serve --port 0 …` and resolves with the URL it prints. */
function serve(...args: string[]): Promise<string> {
  const child = spawn(
    process.execPath,
    [bin, '--config', join(demo.dir, 'impact.yaml'), 'serve', '--port', '0', ...args],
    {
      cwd: demo.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const m = /Serving the dashboard on (http:\/\/\S+\/)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.stderr!.on('data', (chunk) => {
      out += chunk;
    });
    child.on('exit', (code) => reject(new Error(`impact serve exited with ${code}:\n${out}`)));
  });
}

/** A GET with a chosen Host header (fetch does not let one set it). */
function get(url: string, host?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { headers: host ? { Host: host } : {} }, (res) => {
      let body = '';
      res.on('data', (c) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** An address of this machine that is not loopback, if it has one. */
const outside = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;

let local: string;
let open: string;

beforeAll(async () => {
  demo = await publishedDemo();
  [local, open] = await Promise.all([serve(), serve('--host', '0.0.0.0')]);
});
afterAll(() => {
  for (const c of children) c.kill('SIGTERM');
  demo?.remove();
});

describe('impact serve', () => {
  it('binds to 127.0.0.1 by default', () => {
    expect(new URL(local).hostname).toBe('127.0.0.1');
  });

  it('answers the published rows as JSON, filtered by municipality and period', async () => {
    const res = await fetch(`${local}api/ind_reach?municipality=GM0344&period=2025-Q1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await res.json()) as { load_id: number; min_cell: number; rows: Record<string, unknown>[] };
    expect(body).toMatchObject({ load_id: 1, min_cell: 10 });
    const published = await demo.parquet<{ service_code: string; reached_clients: number | null }>(
      'ind_reach',
      "municipality_code = 'GM0344' AND period_type = 'quarter' AND period_start = DATE '2025-01-01' ORDER BY service_code",
    );
    expect(body.rows.map((r) => [r.service_code, r.reached_clients])).toEqual(
      published.map((r) => [r.service_code, r.reached_clients]),
    );
    expect(body.rows.find((r) => r.service_code === 'AMW')).toMatchObject({
      reached_clients: 20,
      period_start: '2025-01-01',
    });
  });

  it('answers the same rows as Arrow IPC, with the Parquet types', async () => {
    const res = await fetch(`${local}api/ind_reach.arrow?municipality=GM0344&period=2025-Q1`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/vnd.apache.arrow.stream');
    const table = tableFromIPC(new Uint8Array(await res.arrayBuffer()));
    expect(table.schema.metadata.get('load_id')).toBe('1');
    const types = Object.fromEntries(table.schema.fields.map((f) => [f.name, String(f.type)]));
    expect(types).toMatchObject({
      reached_clients: 'Int64',
      contact_hours: 'Float64',
      period_start: 'Date32<DAY>',
    });
    const amw = table.toArray().find((r) => r.service_code === 'AMW');
    expect(amw.reached_clients).toBe(20n);
    expect(table.numRows).toBe(5);
  });

  it('serves the dashboard page and never the client-level tables', async () => {
    const page = await fetch(local);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="application/json" id="dashboard-data">');
    expect((await fetch(`${local}api/fct_contact`)).status).toBe(404);
    expect((await fetch(`${local}api/dim_client.arrow`)).status).toBe(404);
  });

  it('refuses a request for another host name while bound to loopback', async () => {
    expect((await get(`${local}api`, 'evil.example')).status).toBe(403);
    expect((await get(`${local}api`, `localhost:${new URL(local).port}`)).status).toBe(200);
  });

  it('cannot be reached from another address unless --host is given', async () => {
    const port = new URL(local).port;
    // (A machine with only a loopback interface has no other address to try.)
    if (outside) await expect(fetch(`http://${outside}:${port}/api`)).rejects.toThrow();
    const openPort = new URL(open).port;
    expect((await get(`http://${outside ?? '127.0.0.1'}:${openPort}/api`, 'impact.example.org')).status).toBe(
      200,
    );
  });
});
