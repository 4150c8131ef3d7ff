import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig, parseConfig } from '../../lib/config.ts';
import { findFiles, planSources } from '../../sources/define-source.ts';
import { regicareYaml } from '../helpers/project.ts';

const configFrom = (yaml: string) => parseConfig(parse(yaml), '/srv/impact/impact.yaml');

describe('impact.yaml', () => {
  it('names a misspelt key and where it sits', () => {
    expect(() => configFrom(regicareYaml().replace('warehouse:', 'warehous:'))).toThrow(
      /impact\.yaml: unknown key 'warehous'/,
    );
    expect(() =>
      configFrom(regicareYaml().replace('files: "contacten_*.csv"', 'file: "contacten_*.csv"')),
    ).toThrow(/sources\[0\]\.resources\.contacts: unknown key 'file'/);
  });

  it('names a missing required key', () => {
    expect(() => configFrom(regicareYaml().replace('        files: "trajecten*.csv"\n', ''))).toThrow(
      /sources\[0\]\.resources\.trajectories\.files: required/,
    );
  });

  it('names a value of the wrong kind', () => {
    expect(() => configFrom(regicareYaml().replace('min_cell: 10', 'min_cell: tien'))).toThrow(
      /privacy\.min_cell:/,
    );
    expect(() => configFrom(regicareYaml().replace('entity: contact', 'entity: contacts'))).toThrow(
      /sources\[0\]\.resources\.contacts\.entity:/,
    );
  });

  it('names a mapping to a field the entity does not have, listing the fields it has', () => {
    const cfg = configFrom(regicareYaml().replace('contact_date: Datum', 'contact_day: Datum'));
    expect(() => planSources(cfg)).toThrow(
      /sources\[0\]\.resources\.contacts\.columns\.contact_day: 'contact_day' is not a field of contact/,
    );
  });

  it('says which required field is not mapped', () => {
    const cfg = configFrom(regicareYaml().replace('          contact_date: Datum\n', ''));
    expect(() => planSources(cfg)).toThrow(
      /the required field 'contact_date' \(date of the contact\) is not mapped/,
    );
  });

  it('resolves paths against the folder of the config file', () => {
    const cfg = configFrom(regicareYaml());
    expect(cfg.warehouse.path).toBe('/srv/impact/data/warehouse.duckdb');
    expect(cfg.sources[0]!.location.directory).toBe('/srv/impact/exports');
    expect(cfg.publish.dir).toBe('/srv/impact/data/publish');
  });

  it('says where it looked when the export folder is missing', () => {
    const plan = planSources(configFrom(regicareYaml()))[0]!;
    expect(() => findFiles(plan)).toThrow(
      /regicare\.clients: the export folder \/srv\/impact\/exports does not exist/,
    );
  });

  it('says how to get started when there is no config file at all', () => {
    expect(() => loadConfig('/nowhere/impact.yaml')).toThrow(/No config file at \/nowhere\/impact\.yaml/);
  });

  it('reports YAML that does not parse, with the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'impact-cfg-'));
    writeFileSync(join(dir, 'impact.yaml'), 'sources: [\n  - name: x\n');
    expect(() => loadConfig(join(dir, 'impact.yaml'))).toThrow(/impact\.yaml is not valid YAML/);
  });
});
