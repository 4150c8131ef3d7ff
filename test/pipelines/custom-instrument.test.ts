import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPipeline } from '../../pipelines/run-pipeline.ts';
import { Warehouse } from '../../sql/warehouse.ts';
import { crlf, type TestProject, testProject } from '../helpers/project.ts';

// A data expert adds their own instrument — "Veerkrachtmeter", two domains, 0–10, lower is
// better, threshold 2 — by dropping two CSV files in their reference folder. No code.
const yaml = `
privacy: { pseudonym_key_env: IMPACT_TEST_KEY }
reference: { directory: reference }
sources:
  - name: enquete
    location: { directory: exports }
    defaults: { csv: { delimiter: ",", encoding: utf-8, decimal: "." }, date_format: yyyy-mm-dd }
    resources:
      scores:
        entity: outcome_score
        files: "*.csv"
        columns:
          source_client_id: client
          measured_on: datum
          instrument: instrument
          domain: domein
          score: score
          moment: moment
`;
let p: TestProject;
let scores: Record<string, unknown>[];
let rejected: Record<string, unknown>[];
let domains: Record<string, unknown>[];

beforeAll(async () => {
  p = testProject(yaml);
  p.write(
    'reference/ref_instrument.csv',
    crlf([
      'instrument,name,scale_min,scale_max,higher_is_better,improvement_threshold,source',
      'zrm,Zelfredzaamheid-Matrix,1,5,true,1,ZRM',
      'veerkracht,Veerkrachtmeter,0,10,false,2,eigen instrument',
    ]),
    'utf-8',
  );
  p.write(
    'reference/ref_instrument_domain.csv',
    crlf([
      'instrument,domain_code,domain_label,sort_order',
      'veerkracht,stress,Stress,1',
      'veerkracht,eenzaamheid,Eenzaamheid,2',
    ]),
    'utf-8',
  );
  p.write(
    'exports/veerkracht.csv',
    crlf([
      'client,datum,instrument,domein,score,moment',
      '1,2025-01-10,veerkracht,Stress,8,intake',
      '1,2025-05-10,veerkracht,Stress,3,exit',
      '1,2025-01-10,veerkracht,Eenzaamheid,11,intake',
      '1,2025-01-10,veerkracht,Slaap,4,intake',
    ]),
    'utf-8',
  );
  expect((await runPipeline(p.config, { trigger: 'test' })).status).toBe('succeeded');
  const wh = await Warehouse.open({ path: p.config.warehouse.path, readOnly: true });
  scores = await wh.json(
    'SELECT instrument, domain_code, measured_on, score FROM fct_outcome_score ORDER BY measured_on',
  );
  rejected = await wh.json('SELECT row, "column", value, reason FROM staging.quarantine ORDER BY row');
  domains = await wh.json(
    'SELECT instrument, domain_code, scale_max, higher_is_better, improvement_threshold FROM dim_instrument_domain ORDER BY 1, 2',
  );
  await wh.close();
});
afterAll(() => p.remove());

describe('a custom instrument, by configuration only', () => {
  it('replaces the shipped reference data with the organisation’s own files', () => {
    expect(domains).toEqual([
      {
        instrument: 'veerkracht',
        domain_code: 'eenzaamheid',
        scale_max: 10,
        higher_is_better: false,
        improvement_threshold: 2,
      },
      {
        instrument: 'veerkracht',
        domain_code: 'stress',
        scale_max: 10,
        higher_is_better: false,
        improvement_threshold: 2,
      },
    ]);
  });

  it('loads its scores and checks them against its own scale and domains', () => {
    expect(scores).toEqual([
      { instrument: 'veerkracht', domain_code: 'stress', measured_on: '2025-01-10', score: 8 },
      { instrument: 'veerkracht', domain_code: 'stress', measured_on: '2025-05-10', score: 3 },
    ]);
    expect(rejected).toEqual([
      { row: '4', column: 'score', value: '11', reason: 'score outside the scale 0–10' },
      { row: '5', column: 'domein', value: 'Slaap', reason: 'unknown domain for instrument veerkracht' },
    ]);
  });
});
