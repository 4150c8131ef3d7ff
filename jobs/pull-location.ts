// Where a source's exports come from, as the pull queue sees it. A pull brings what the location
// offers into the raw archive (sources/location/pull.ts, the same pull `impact run` makes) and
// reports each file with its sha256; the load then lands the archived copies. Failures keep
// their kind: a UserError (bad credentials, not found, TLS) fails the job at once, a transient
// one (timeout, 5xx) is retried with backoff by the queue.
import type { SourceConfig } from '../lib/config.ts';
import { pullSource } from '../sources/location/pull.ts';
import { checkSettled } from './directory-pull.ts';
import type { PulledFile } from './queues.ts';

export interface PullLocation {
  /** For logs and `impact status`: `directory /srv/exports/regicare`, `http exports.example.org`. */
  label: string;
  pull(opts: { settleMs: number }): Promise<PulledFile[]>;
}

export function locationOf(source: SourceConfig, dataDir: string): PullLocation {
  const { directory, http, sftp, s3 } = source.location;
  const label = directory
    ? `directory ${directory}`
    : sftp
      ? `sftp ${sftp.username}@${sftp.host}:${sftp.port}${sftp.path}`
      : s3
        ? `s3 ${s3.endpoint} ${s3.bucket}/${s3.prefix}`
        : `http ${[...new Set((http!.urls ?? [http!.url!]).map((u) => new URL(u).host))].join(', ')}`;
  return {
    label,
    async pull({ settleMs }) {
      if (directory) {
        const patterns = Object.values(source.resources).map((r) => r.files);
        checkSettled({ source: source.name, directory, patterns, settleMs });
      }
      const pulled = await pullSource(source, { dataDir });
      return pulled.map(({ resource, file }) => ({
        resource,
        name: file.name,
        bytes: file.bytes,
        sha256: file.sha256,
        modifiedAt: file.modifiedAt.toISOString(),
      }));
    },
  };
}
