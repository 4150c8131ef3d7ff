import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { parseConfig } from '../../lib/config.ts';
import { formatOf, planSources } from '../../sources/define-source.ts';

// What a resource's file pattern and keys make of its format and contract.
const plan = (resource: string) =>
  planSources(
    parseConfig(
      parse(`
sources:
  - name: api
    location: { directory: . }
    resources:
      contacts:
        entity: contact
${resource.replace(/^/gm, '        ')}
        columns: { source_contact_id: id, source_client_id: client.nummer, contact_date: datum }
`),
      '/srv/impact/impact.yaml',
    ),
  )[0]!;

describe('a resource plan', () => {
  it('takes the format from the file pattern when none is given', () => {
    expect(
      ['*.csv', '*.txt', 'export.XLSX', '*.xlsm', '*.json', '*.jsonl', '*.ndjson'].map(formatOf),
    ).toEqual(['csv', 'csv', 'xlsx', 'xlsx', 'json', 'jsonl', 'jsonl']);
  });

  it('reads JSON records from the path records: names, JSON Lines line by line', () => {
    expect(plan('files: "*.json"\nrecords: data.items').format).toEqual({
      kind: 'json',
      lines: false,
      records: 'data.items',
    });
    expect(plan('files: "*.txt"\nformat: jsonl').format).toEqual({ kind: 'json', lines: true });
  });

  it('refuses records: for a format that has no such path, naming the key', () => {
    expect(() => plan('files: "*.jsonl"\nrecords: data.items')).toThrow(
      'sources[0].resources.contacts.records: a path to the list of records is for format json, not jsonl.',
    );
  });

  it('discards new columns unless the contract says otherwise', () => {
    expect(plan('files: "*.csv"').contract).toBe('discard');
    expect(plan('files: "*.csv"\ncontract: { new_columns: freeze }').contract).toBe('freeze');
    expect(() => plan('files: "*.csv"\ncontract: { new_columns: keep }')).toThrow(/new_columns/);
  });
});
