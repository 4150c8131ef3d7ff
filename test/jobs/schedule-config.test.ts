import { describe, expect, it } from 'vitest';
import { nextFire, parseSchedules } from '../../jobs/schedule-config.ts';

// The schedules: list of impact.yaml, as a data expert writes it and gets it wrong.
const parse = (raw: unknown) => parseSchedules(raw, 'impact.yaml');

describe('schedules in impact.yaml', () => {
  it('fills in the time zone and the pipeline', () => {
    expect(parse([{ name: 'nightly', cron: '0 2 * * *' }])).toEqual([
      { name: 'nightly', cron: '0 2 * * *', timezone: 'Europe/Amsterdam', pipeline: 'default' },
    ]);
  });

  it('reports each mistake by its key', () => {
    expect(() => parse([{ name: 'nightly', cron: '0 25 * * *' }])).toThrow(
      /schedules\[0\]\.cron: '0 25 \* \* \*' is not a cron expression \(.*23/,
    );
    expect(() => parse([{ name: 'nightly', cron: 'nightly' }])).toThrow(/schedules\[0\]\.cron: .*1 fields/);
    expect(() => parse([{ name: 'n', cron: '0 2 * * *', timezone: 'Europe/Amsterdm' }])).toThrow(
      /schedules\[0\]\.timezone: 'Europe\/Amsterdm' is not a time zone/,
    );
    expect(() => parse([{ name: 'n', cron: '0 2 * * *', pipeline: 'nightly' }])).toThrow(
      /schedules\[0\]\.pipeline: unknown pipeline \(known: default\)/,
    );
    expect(() => parse([{ name: 'Nightly Load', cron: '0 2 * * *' }])).toThrow(
      /schedules\[0\]\.name: use lower-case/,
    );
    expect(() => parse([{ name: 'n', cron: '0 2 * * *', every: 5 }])).toThrow(
      /schedules\[0\]: unknown key every/,
    );
    expect(() => parse([{ cron: '0 2 * * *' }])).toThrow(/schedules\[0\]\.name: required/);
  });

  it('refuses two schedules with one name (Redis keeps one scheduler per name)', () => {
    const twice = [
      { name: 'nightly', cron: '0 2 * * *' },
      { name: 'nightly', cron: '0 3 * * *' },
    ];
    expect(() => parse(twice)).toThrow(/schedules\[1\]\.name: 'nightly' is used twice/);
  });

  it('fires by Dutch local time, summer and winter', () => {
    const s = { cron: '0 2 * * *', timezone: 'Europe/Amsterdam' };
    expect(new Date(nextFire(s, Date.parse('2025-01-15T12:00:00Z'))!).toISOString()).toBe(
      '2025-01-16T01:00:00.000Z',
    );
    expect(new Date(nextFire(s, Date.parse('2025-07-15T12:00:00Z'))!).toISOString()).toBe(
      '2025-07-16T00:00:00.000Z',
    );
  });
});
