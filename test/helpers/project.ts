// A throw-away project folder for pipeline tests: export files written in the encoding a real
// system uses, an impact.yaml, and the pseudonym key in the environment as in production.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { encodeCp1252 } from '../../bench/generate/cp1252.ts';
import { type Config, parseConfig } from '../../lib/config.ts';

export interface TestProject {
  dir: string;
  config: Config;
  write(path: string, content: string | Buffer, encoding?: 'windows-1252' | 'utf-8'): void;
  remove(): void;
}

/** Windows-1252, as Dutch registration systems write it (the demo generator's encoder). */
export const cp1252 = encodeCp1252;

/** Lines joined with CRLF, as Windows exports are. */
export const crlf = (lines: string[]) => `${lines.join('\r\n')}\r\n`;

export function testProject(yaml: string): TestProject {
  const dir = mkdtempSync(join(tmpdir(), 'impact-test-'));
  const file = join(dir, 'impact.yaml');
  writeFileSync(file, yaml);
  process.env.IMPACT_TEST_KEY = 'test-key-that-is-long-enough-0123456789';
  return {
    dir,
    config: parseConfig(parse(yaml), file),
    write(path, content, encoding = 'windows-1252') {
      const full = join(dir, path);
      mkdirSync(dirname(full), { recursive: true });
      writeFileSync(
        full,
        typeof content === 'string' && encoding === 'windows-1252' ? cp1252(content) : content,
      );
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export const regicareYaml = (extra = '') => `
warehouse: { path: data/warehouse.duckdb }
privacy: { pseudonym_key_env: IMPACT_TEST_KEY, min_cell: 10 }
sources:
  - name: regicare
    location: { directory: exports }
    defaults:
      csv: { delimiter: ";", encoding: windows-1252, decimal: "," }
      date_format: dd-mm-jjjj
    resources:
      clients:
        entity: client
        files: "clienten_*.csv"
        export_date: { from_filename: '(\\d{4}-\\d{2}-\\d{2})' }
        columns:
          source_client_id: Cliëntnummer
          birth_date: Geboortedatum
          gender: Geslacht
          postcode: Postcode
          municipality_code: Gemeente
      trajectories:
        entity: trajectory
        files: "trajecten*.csv"
        columns:
          source_trajectory_id: Trajectnummer
          source_client_id: Cliëntnummer
          service_code: Werksoort
          municipality_code: Gemeente
          start_date: Startdatum
          end_date: Einddatum
          closure_reason: Reden afsluiting
      contacts:
        entity: contact
        files: "contacten_*.csv"
        columns:
          source_contact_id: Contactnummer
          source_client_id: Cliëntnummer
          source_trajectory_id: Trajectnummer
          service_code: Werksoort
          contact_date: Datum
          duration_min: { column: "Duur (uren)", multiply: 60 }
${extra}`;

/**
 * A regicare project with one client (7, Utrecht) and no trajectories yet: the start of the
 * tests that follow one client's contacts through deliveries (append, cursor, replace-period).
 */
export function oneClientProject(yaml: string): TestProject {
  const p = testProject(yaml);
  p.write(
    'exports/trajecten.csv',
    crlf(['Trajectnummer;Cliëntnummer;Werksoort;Gemeente;Startdatum;Einddatum;Reden afsluiting']),
  );
  p.write(
    'exports/clienten_2025-01-31.csv',
    crlf(['Cliëntnummer;Geboortedatum;Geslacht;Postcode;Gemeente', '7;01-01-1980;Vrouw;3511 AB;Utrecht']),
  );
  return p;
}
