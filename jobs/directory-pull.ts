// The pull job's own check for a local folder: a delivery still being written — a file changed
// within the settle time — makes the pull fail as a passing failure, so it is retried after a
// backoff instead of archiving half a delivery. A missing folder is the data expert's to fix:
// listFiles throws a UserError and the pull fails without retrying.
import { listFiles } from '../sources/location/directory.ts';
import { PassingFailure } from './failure-policy.ts';

export interface SettleCheck {
  source: string;
  directory: string;
  patterns: string[];
  settleMs: number;
  now?: () => number;
}

export function checkSettled(p: SettleCheck) {
  const now = p.now ?? Date.now;
  const found = p.patterns.flatMap((pattern) => listFiles(p.directory, pattern, p.source));
  const young = found.filter((file) => Math.abs(now() - file.modifiedAt.getTime()) < p.settleMs);
  if (young.length) {
    const first = young[0]!;
    const ago = Math.max(0, Math.round((now() - first.modifiedAt.getTime()) / 1000));
    throw new PassingFailure(
      `${p.source}: ${first.name}${young.length > 1 ? ` and ${young.length - 1} more` : ''} ` +
        `still being delivered (changed ${ago} s ago); the pull waits for it.`,
    );
  }
}
