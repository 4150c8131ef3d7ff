// Which code made a run, for the audit trail in meta.run (issue 10): the package version plus
// the git commit when the code runs from a checkout, else a hash of the source tree (a container
// image has no .git). The commit is read from .git itself, so no git binary is needed.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
/** What decides what a run does; bench/, test/ and docs do not. */
const codeFolders = ['bin', 'jobs', 'lib', 'pipelines', 'sources', 'sql', 'transforms'];
const codeFiles = ['package.json', 'package-lock.json'];

let cached: string | undefined;

/** e.g. `0.1.0+git.6d60ff6c1a2b` or `0.1.0+tree.9f2c41d0e3aa`. */
export function codeVersion(dir = root): string {
  if (dir === root && cached) return cached;
  const version: string = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version;
  const commit = gitCommit(dir);
  const result = `${version}+${commit ? `git.${commit.slice(0, 12)}` : `tree.${sourceTreeHash(dir).slice(0, 12)}`}`;
  if (dir === root) cached = result;
  return result;
}

export function gitCommit(dir: string): string | undefined {
  const git = join(dir, '.git');
  try {
    const head = readFileSync(join(git, 'HEAD'), 'utf8').trim();
    if (/^[0-9a-f]{40}$/.test(head)) return head;
    const ref = /^ref: (.+)$/.exec(head)?.[1];
    if (!ref) return undefined;
    if (existsSync(join(git, ref))) return readFileSync(join(git, ref), 'utf8').trim();
    const packed = readFileSync(join(git, 'packed-refs'), 'utf8');
    return new RegExp(`^([0-9a-f]{40}) ${ref.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm').exec(
      packed,
    )?.[1];
  } catch {
    return undefined;
  }
}

/** sha256 over the path and content of every code file, in a fixed order. */
export function sourceTreeHash(dir: string): string {
  const hash = createHash('sha256');
  const files = [
    ...codeFiles.filter((f) => existsSync(join(dir, f))),
    ...codeFolders.flatMap((f) => listFiles(dir, join(dir, f))),
  ].sort();
  for (const file of files) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(dir, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function listFiles(root: string, folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    return statSync(path).isDirectory() ? listFiles(root, path) : [relative(root, path)];
  });
}
