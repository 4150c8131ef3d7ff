import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { jobSettings, redisLabel } from '../../jobs/settings.ts';
import { parseConfig } from '../../lib/config.ts';
import { regicareYaml } from '../helpers/project.ts';

// README "Operations" and "Security" are what a data expert follows when something goes wrong
// and what an auditor reads: every command they show must exist with the options they use, and
// the defaults they promise must hold.
const root = join(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const section = (from: string, to: string) => readme.slice(readme.indexOf(from), readme.indexOf(to));
const operations = section('### Operations: when something goes wrong', '### Schedules and workers');
const cli = readFileSync(join(root, 'bin/cli.ts'), 'utf8');

/** Each command's block in bin/cli.ts, from `.command('x')` to the next command. */
const commandBlocks = new Map(
  [...cli.matchAll(/\.command\('([a-z-]+)'\)([\s\S]*?)(?=\.command\(|$)/g)].map((m) => [m[1]!, m[2]!]),
);
const globalOptions = cli.slice(0, cli.indexOf('.command('));

describe('README: Operations and Security', () => {
  it('has both sections, Security after Operations', () => {
    expect(operations.length).toBeGreaterThan(500);
    expect(readme.indexOf('### Security')).toBeGreaterThan(readme.indexOf('### Operations'));
  });

  it('uses only commands and options that exist', () => {
    const used = [...operations.matchAll(/`(?:npx )?impact ([a-z]+)((?: --?[a-z-]+(?: [A-Za-z0-9]+)?)*)`/g)];
    expect(used.length).toBeGreaterThan(6);
    for (const [, command, options] of used) {
      const block = commandBlocks.get(command!);
      expect(block, `impact ${command}`).toBeDefined();
      for (const [option] of options!.matchAll(/--?[a-z-]+/g)) {
        expect(`${block}${globalOptions}`, `impact ${command} ${option}`).toContain(`${option}`);
      }
    }
  });
});

describe('secure defaults', () => {
  const configWith = (privacy: string) =>
    parseConfig(parse(regicareYaml().replace(/^privacy:.*$/m, `privacy: ${privacy}`)), '/srv/impact.yaml');

  it('refuses a secret written in impact.yaml and says where it belongs', () => {
    expect(() => configWith('{ pseudonym_key: "s3cret-key-0123456789abcdef" }')).toThrow(
      /privacy: unknown key 'pseudonym_key' \(secrets never go in impact.yaml: put them in an environment variable/,
    );
    expect(configWith('{ pseudonym_key_env: MY_KEY }').privacy.pseudonym_key_env).toBe('MY_KEY');
  });

  it('the queues live in a Redis on this machine unless REDIS_URL says otherwise; its password is never shown', () => {
    expect(jobSettings({}).redisUrl).toBe('redis://127.0.0.1:6379');
    expect(jobSettings({ REDIS_URL: 'redis://:s3cret-pw@redis.internal:6379/2' }).redisUrl).toContain(
      's3cret-pw',
    );
    expect(redisLabel('redis://:s3cret-pw@redis.internal:6379/2')).toBe('redis://:***@redis.internal:6379/2');
  });

  it('nowhere turns TLS certificate checks off', () => {
    const code = ['bin', 'jobs', 'lib', 'pipelines', 'sources', 'sql'].flatMap((d) => files(join(root, d)));
    expect(code.length).toBeGreaterThan(50);
    const offenders = code.filter((f) =>
      /rejectUnauthorized\s*:\s*false|NODE_TLS_REJECT_UNAUTHORIZED|checkServerIdentity\s*:/.test(
        readFileSync(f, 'utf8'),
      ),
    );
    expect(offenders.map((f) => relative(root, f))).toEqual([]);
  });
});

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.(ts|js|mjs|cjs)$/.test(name) ? [path] : [];
  });
}
