import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { demoConfigYaml } from '../../bench/generate/impact-yaml.ts';
import { settingVariables } from '../../jobs/settings.ts';

// There is no Docker engine here, so docker-compose.yml is checked two ways: docker-compose
// itself resolves it (when the binary is installed), and its structure is checked against what
// the code expects — the commands exist, Redis is reachable under the URL the workers get, the
// project folders are mounted where the demo's impact.yaml looks for them.
const root = join(import.meta.dirname, '../..');
const composeFile = join(root, 'docker-compose.yml');
const hasCompose = spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0;

interface Service {
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  working_dir?: string;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  stop_grace_period?: string;
  build?: unknown;
}

/** The checks that must hold for the file as written and as docker-compose resolves it. */
function checkServices(services: Record<string, Service>) {
  expect(Object.keys(services).sort()).toEqual(['redis', 'scheduler', 'worker']);
  const { redis, worker, scheduler } = services as Record<string, Service>;
  expect(redis!.command).toEqual(expect.arrayContaining(['--maxmemory-policy', 'noeviction']));
  expect(redis!.healthcheck?.test).toContain('ping');
  expect(worker!.command!.at(-1)).toBe('worker');
  expect(scheduler!.command!.at(-1)).toBe('schedule');
  for (const s of [worker!, scheduler!]) {
    expect(s.build).toBeDefined();
    expect(s.depends_on?.redis?.condition).toBe('service_healthy');
    expect(s.environment?.REDIS_URL).toBe('redis://redis:6379');
    for (const name of Object.keys(s.environment ?? {})) {
      expect([...Object.keys(settingVariables), 'IMPACT_PSEUDONYM_KEY']).toContain(name);
    }
    expect(s.working_dir).toBe('/srv/impact');
    const targets = (s.volumes ?? []).map((v) => v.split(':')[1]);
    // The demo's impact.yaml says exports/… and data/…, relative to itself.
    expect(targets).toEqual(['/srv/impact/impact.yaml', '/srv/impact/exports', '/srv/impact/data']);
    expect(s.command).toEqual(['--config', 'impact.yaml', s.command!.at(-1)]);
  }
  expect(parseDuration(worker!.stop_grace_period ?? '10s')).toBeGreaterThanOrEqual(5 * 60);
}

const parseDuration = (text: string) =>
  [...text.matchAll(/(\d+)(h|m|s)/g)].reduce(
    (n, [, v, u]) => n + Number(v) * { h: 3600, m: 60, s: 1 }[u!]!,
    0,
  );

describe('docker-compose.yml', () => {
  it('has Redis, a worker and the scheduler, wired as the code expects', () => {
    const raw = parse(readFileSync(composeFile, 'utf8'), { merge: true }) as {
      services: Record<string, Service>;
    };
    const services = structuredClone(raw.services);
    for (const s of Object.values(services)) {
      // As written, values still hold ${VAR:-default}; resolve the defaults the way compose does.
      s.volumes = s.volumes?.map((v) => v.replace(/\$\{[A-Z_]+:-([^}]*)\}/g, '$1'));
    }
    checkServices(services);
    expect(demoConfigYaml).toMatch(/path: data\/warehouse\.duckdb/);
    expect(demoConfigYaml).toMatch(/directory: exports\/regicare/);
    expect(raw.services.worker!.environment!.IMPACT_PSEUDONYM_KEY).toMatch(/^\$\{IMPACT_PSEUDONYM_KEY:\?/);
  });

  it('runs bin/impact.js from an image that holds every folder the code imports', () => {
    const dockerfile = readFileSync(join(root, 'Dockerfile'), 'utf8');
    expect(dockerfile).toMatch(/ENTRYPOINT \["node", "\/app\/bin\/impact\.js"\]/);
    for (const dir of ['bin', 'lib', 'sources', 'transforms', 'sql', 'pipelines', 'jobs', 'bench/generate']) {
      expect(dockerfile).toContain(`COPY ${dir}/ ${dir}/`);
    }
  });

  it.runIf(hasCompose)('is accepted by docker-compose config, and refuses to start without the key', () => {
    const config = (env: NodeJS.ProcessEnv) =>
      spawnSync('docker-compose', ['-f', composeFile, 'config'], { cwd: root, encoding: 'utf8', env });
    const { IMPACT_PSEUDONYM_KEY: _, ...withoutKey } = process.env;
    const ok = config({ ...withoutKey, IMPACT_PSEUDONYM_KEY: 'compose-test-key' });
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const resolved = parse(ok.stdout) as { services: Record<string, Service> };
    for (const s of Object.values(resolved.services)) {
      s.volumes = s.volumes?.map((v) => v.replace(root, '.').replace(/:rw$/, ''));
    }
    checkServices(resolved.services);
    const refused = config(withoutKey);
    expect(refused.status).not.toBe(0);
    expect(refused.stderr).toMatch(/set IMPACT_PSEUDONYM_KEY \(openssl rand -hex 32\)/);
  });
});
