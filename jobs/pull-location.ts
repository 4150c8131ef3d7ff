// Where a source's exports come from, as the pull queue sees it. A pull brings what was
// delivered within reach of the load (the source's local folder) and reports each file with its
// sha256; the load then reads that folder. Today every location is a local directory (or a share
// mounted as one), which needs no copying. A remote kind (SFTP, HTTP(S), S3) becomes one more
// PullLocation that downloads new files into the folder, with its own permanent failures (bad
// credentials → UnrecoverableError) and passing ones (a timeout → PassingFailure).
import type { SourceConfig } from '../lib/config.ts';
import { pullDirectory } from './directory-pull.ts';
import type { PulledFile } from './queues.ts';

export interface PullLocation {
  /** For logs and `impact status`: `directory /srv/exports/regicare`. */
  label: string;
  pull(opts: { settleMs: number }): Promise<PulledFile[]>;
}

export function locationOf(source: SourceConfig): PullLocation {
  const resources = Object.entries(source.resources).map(([resource, r]) => ({ resource, pattern: r.files }));
  const { directory } = source.location;
  return {
    label: `directory ${directory}`,
    pull: ({ settleMs }) => pullDirectory({ source: source.name, directory, resources, settleMs }),
  };
}
