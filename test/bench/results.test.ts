// From raw benchmark samples to what RESULTS.md says: medians with min–max, ratios to the two
// comparators, and each target met or missed — worked out by hand on a few samples.
import { describe, expect, it } from 'vitest';
import { dropRecordsDated } from '../../bench/data.ts';
import { checkTargets, markdown, median, ratios, type Sample, summarise } from '../../bench/results.ts';

const sample = (wall: number, rssMiB = 100, rows = 1000, load1 = 1, cpu?: number): Sample => ({
  wall,
  rssMiB,
  rows,
  load1,
  ...(cpu === undefined ? {} : { cpu }),
});

describe('summaries', () => {
  it('takes the median of three runs and keeps the slowest and fastest', () => {
    const s = summarise('land-csv', [sample(12, 300), sample(10, 320), sample(30, 280)]);
    expect(s.wall).toEqual({ median: 12, min: 10, max: 30 });
    expect(s.rssMiB).toEqual({ median: 300, min: 280, max: 320 });
    expect(s.rowsPerSecond).toBeCloseTo(1000 / 12);
  });

  it('averages the middle two of an even number of runs', () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('ratios and targets', () => {
  const steps = [
    summarise('land-csv', [sample(30, 1600)]),
    summarise('indicators', [sample(6)]),
    summarise('e2e', [sample(150)]),
    summarise('nightly', [sample(8)]),
    summarise('xlsx', [sample(70, 450, 1_000_000)]),
    summarise('duckdb-load', [sample(20)]),
    summarise('duckdb-indicators', [sample(5)]),
    summarise('pandas-load', [sample(60)]),
    summarise('pandas-indicators', [sample(15)]),
  ];

  it('divides the pipeline by each comparator; end to end by load + indicators', () => {
    const r = ratios(steps);
    expect(r.find((x) => x.step === 'land-csv')).toEqual({
      step: 'land-csv',
      seconds: 30,
      duckdb: { seconds: 20, ratio: 1.5 },
      pandas: { seconds: 60, ratio: 0.5 },
    });
    expect(r.find((x) => x.step === 'e2e')?.duckdb).toEqual({ seconds: 25, ratio: 6 });
    expect(r.find((x) => x.step === 'e2e')?.pandas).toEqual({ seconds: 75, ratio: 2 });
  });

  it('marks each large-size target met or missed, edges inclusive', () => {
    const t = checkTargets(steps, ratios(steps), 'large');
    const verdict = Object.fromEntries(t.map((x) => [x.target, x.met]));
    expect(verdict).toEqual({
      'CSV load ≤ 1.5 × plain DuckDB': true,
      'CSV load peak RSS ≤ 1.5 GiB': false,
      'indicators ≤ 1.2 × the same aggregations in plain DuckDB (issue 6)': true,
      'end to end (20 M contacts, 2 M scores) ≤ 2 minutes': false,
      'XLSX 1 M rows ≤ 75 s and < 500 MB': true,
      'land-csv: ≥ 2 × faster than pandas': true,
      'indicators: ≥ 2 × faster than pandas': true,
      'e2e: ≥ 2 × faster than pandas': false,
      'incremental nightly run ≤ 10 s': true,
    });
  });

  it('leaves the absolute targets of the 20 M workload to the large size', () => {
    const t = checkTargets(steps, ratios(steps), 'small').map((x) => x.target);
    expect(t).not.toContain('end to end (20 M contacts, 2 M scores) ≤ 2 minutes');
    expect(t).not.toContain('XLSX 1 M rows ≤ 75 s and < 500 MB');
    expect(t).not.toContain('incremental nightly run ≤ 10 s');
    expect(t).toContain('CSV load ≤ 1.5 × plain DuckDB');
  });

  it('writes the CPU time and the load average beside every step', () => {
    const table = markdown(
      [summarise('land-csv', [sample(3, 100, 1000, 2.5, 5), sample(4, 100, 1000, 7, 6)])],
      [],
      [],
    );
    expect(table).toContain(
      '| land-csv | 2 | 3.5 (3.0–4.0) | 5.5 (5.0–6.0) | 1,000 | 286 | 100 | 4.8 (2.5–7.0) |',
    );
  });

  it('compares CPU time too when both sides measured it', () => {
    const r = ratios([
      summarise('indicators', [sample(10, 100, 1000, 9, 4)]),
      summarise('duckdb-indicators', [sample(5, 100, 1000, 9, 2)]),
      summarise('pandas-indicators', [sample(20)]),
    ])[0]!;
    expect(r.duckdb).toEqual({ seconds: 5, ratio: 2, cpuRatio: 2 });
    expect(r.pandas).toEqual({ seconds: 20, ratio: 0.5 });
  });
});

describe('the nightly delivery', () => {
  it('holds back the records of one day, a quoted line break included', () => {
    const csv = [
      'title',
      'Contactnummer;Cliëntnummer;Trajectnummer;Werksoort;Datum;Duur',
      '1;10;;AMW;30-10-2026;1',
      '2;11;;AMW;31-10-2026;"two',
      'lines"',
      '3;12;;AMW;29-10-2026;0,5',
      '',
    ].join('\r\n');
    expect(dropRecordsDated(csv, '31-10-2026').split('\r\n')).toEqual([
      'title',
      'Contactnummer;Cliëntnummer;Trajectnummer;Werksoort;Datum;Duur',
      '1;10;;AMW;30-10-2026;1',
      '3;12;;AMW;29-10-2026;0,5',
      '',
    ]);
  });
});
