// Loads the .sql files that hold every model, check and migration. A file opens with a comment
// block that says what it is and its grain; lines like `-- severity: warn` in that block are
// read as settings. The body is run as written.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

export interface SqlFile {
  name: string;
  path: string;
  sql: string;
  /** The leading comment block, without the `--` markers. */
  header: string;
  settings: Record<string, string>;
}

export function readSqlFile(path: string): SqlFile {
  const sql = readFileSync(path, 'utf8');
  const headerLines: string[] = [];
  for (const line of sql.split('\n')) {
    if (!line.startsWith('--')) break;
    headerLines.push(line.replace(/^--\s?/, ''));
  }
  const settings: Record<string, string> = {};
  for (const line of headerLines) {
    const m = /^([a-z_]+):\s*(\S.*)$/.exec(line.trim());
    if (m) settings[m[1]!.toLowerCase()] = m[2]!.trim();
  }
  return { name: basename(path, '.sql'), path, sql, header: headerLines.join('\n'), settings };
}

export function readSqlDir(dir: string): SqlFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((f) => readSqlFile(join(dir, f)));
}
