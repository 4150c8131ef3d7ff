import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseSchedules } from '../../jobs/schedule-config.ts';
import { settingVariables } from '../../jobs/settings.ts';

// README "Schedules and workers" is what a data expert follows: its example schedules must be
// valid, its commands must exist, its table of variables must match the code.
const root = join(import.meta.dirname, '../..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const section = readme.slice(
  readme.indexOf('### Schedules and workers'),
  readme.indexOf('## For the analyst'),
);
const cli = readFileSync(join(root, 'bin/cli.ts'), 'utf8');
const commands = new Set([...cli.matchAll(/\.command\('([a-z-]+)'\)/g)].map((m) => m[1]));
const services = Object.keys(parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8')).services);

describe('README: Schedules and workers', () => {
  it('shows schedules that impact schedule accepts', () => {
    const yaml = /```yaml\n([\s\S]*?)```/.exec(section)![1]!;
    expect(parseSchedules(parse(yaml).schedules, 'README.md').map((s) => s.name)).toEqual([
      'nightly',
      'monday-morning',
    ]);
  });

  it('uses only commands that exist', () => {
    const used = [...section.matchAll(/(?:`|^|\$ )(?:npx )?impact ([a-z]+)/gm)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(5);
    for (const command of used) expect(commands, `impact ${command}`).toContain(command);
    const composed = [...section.matchAll(/docker-compose (?:run --rm |up (?:-d )?|logs -f )([a-z]+)/g)];
    for (const [, service] of composed) expect(services).toContain(service);
  });

  it('lists every setting with its default', () => {
    for (const [name, [fallback, meaning]] of Object.entries(settingVariables)) {
      expect(section).toContain(`| \`${name}\` | \`${fallback}\` | ${meaning}`);
    }
  });
});
