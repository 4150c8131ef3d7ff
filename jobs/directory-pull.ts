// The pull of a local folder: check it is there, find the files each resource's glob matches
// (the same matching the load uses), and hash them. A file that is still being written — changed
// within the settle time, or while it was hashed — makes the pull fail as a passing failure, so
// it is retried after a backoff instead of loading half a delivery. A missing folder is the
// data expert's to fix: listFiles throws a UserError and the pull fails without retrying.
import { statSync } from 'node:fs';
import { fingerprint } from '../sources/formats/csv/encoding.ts';
import { listFiles } from '../sources/location/directory.ts';
import { PassingFailure } from './failure-policy.ts';
import type { PulledFile } from './queues.ts';

export interface DirectoryPull {
  source: string;
  directory: string;
  resources: { resource: string; pattern: string }[];
  settleMs: number;
  now?: () => number;
}

export async function pullDirectory(p: DirectoryPull): Promise<PulledFile[]> {
  const now = p.now ?? Date.now;
  const found = p.resources.flatMap(({ resource, pattern }) =>
    listFiles(p.directory, pattern, p.source).map((file) => ({ resource, file })),
  );
  const young = found.filter(({ file }) => Math.abs(now() - file.modifiedAt.getTime()) < p.settleMs);
  if (young.length) {
    const first = young[0]!.file;
    const ago = Math.max(0, Math.round((now() - first.modifiedAt.getTime()) / 1000));
    throw new PassingFailure(
      `${p.source}: ${first.name}${young.length > 1 ? ` and ${young.length - 1} more` : ''} ` +
        `still being delivered (changed ${ago} s ago); the pull waits for it.`,
    );
  }
  const files: PulledFile[] = [];
  for (const { resource, file } of found) {
    const before = statSync(file.path);
    const { sha256 } = await fingerprint(file.path, false);
    const after = statSync(file.path);
    if (after.size !== before.size || after.mtimeMs !== before.mtimeMs) {
      throw new PassingFailure(`${p.source}: ${file.name} changed while it was read; the pull waits for it.`);
    }
    files.push({
      resource,
      name: file.name,
      bytes: before.size,
      sha256,
      modifiedAt: file.modifiedAt.toISOString(),
    });
  }
  return files;
}
