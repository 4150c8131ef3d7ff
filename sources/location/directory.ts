// A local folder (or a network share mounted as one) where exports land. Files are matched with
// a glob relative to the folder: `contacten_*.csv`, `*/zrm_*.xlsx`, `**/*.csv`.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { UserError } from '../../lib/errors.ts';

export interface FoundFile {
  path: string;
  /** Path relative to the source folder, with forward slashes: what runs and quarantine show. */
  name: string;
  bytes: number;
  modifiedAt: Date;
}

export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      re += glob[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += glob[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'i');
}

export function listFiles(directory: string, pattern: string, context: string): FoundFile[] {
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw new UserError(
      `${context}: the export folder ${directory} does not exist.`,
      'Check location.directory in the config, or deliver the exports there.',
    );
  }
  const match = globToRegExp(pattern);
  const found: FoundFile[] = [];
  const walk = (dir: string, depth: number) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name.startsWith('~$')) continue; // hidden, Excel lock files
      const full = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (depth < 8) walk(full, depth + 1);
        continue;
      }
      if (!entry.isFile()) continue;
      const name = relative(directory, full).split(sep).join('/');
      if (!match.test(name)) continue;
      const st = statSync(full);
      found.push({ path: full, name, bytes: st.size, modifiedAt: st.mtime });
    }
  };
  walk(directory, 0);
  return found.sort((a, b) => a.name.localeCompare(b.name));
}
