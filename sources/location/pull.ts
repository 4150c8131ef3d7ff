// A pull brings what a source's location offers into the raw archive and says, per resource,
// which archived copies make up the current delivery; landing then reads those copies, never the
// inbox or the network. `impact run` and the scheduled pull job both pull through here.
// A local folder costs a hash and a copy only for a file it has not seen at that size and time;
// an HTTP export costs one conditional request when it did not change.
import { createReadStream, statSync } from 'node:fs';
import type { SourceConfig } from '../../lib/config.ts';
import { UserError } from '../../lib/errors.ts';
import { secretFromEnv } from '../../lib/secrets.ts';
import { type ArchivedFile, RawArchive } from './archive.ts';
import { globToRegExp, listFiles } from './directory.ts';
import { httpGet, readCa } from './http.ts';
import { S3Bucket } from './s3.ts';
import { connectSftp, listRemote } from './sftp.ts';

export interface PulledFile {
  resource: string;
  file: ArchivedFile;
}

export interface PullOptions {
  dataDir: string;
  /** Only these resources (all when absent). */
  resources?: string[];
  /** HTTP retries: attempts and first backoff (tests shorten them). */
  attempts?: number;
  backoffMs?: number;
  /** Keys per ListObjectsV2 page (tests make it small to page). */
  s3PageSize?: number;
}

export async function pullSource(source: SourceConfig, opts: PullOptions): Promise<PulledFile[]> {
  const resources = Object.entries(source.resources)
    .filter(([name]) => !opts.resources || opts.resources.includes(name))
    .map(([name, r]) => ({ name, pattern: r.files, match: globToRegExp(r.files) }));
  const archive = new RawArchive(opts.dataDir, source.name);
  try {
    if (source.location.http) return await pullHttp(source, archive, resources, opts);
    if (source.location.sftp) return await pullSftp(source, archive, resources);
    if (source.location.s3) return await pullS3(source, archive, resources, opts);
    return await pullDirectory(source, archive, resources);
  } finally {
    archive.save();
  }
}

type Resources = { name: string; pattern: string; match: RegExp }[];

async function pullDirectory(source: SourceConfig, archive: RawArchive, resources: Resources) {
  const directory = source.location.directory!;
  const out: PulledFile[] = [];
  for (const r of resources) {
    for (const found of listFiles(directory, r.pattern, `${source.name}.${r.name}`)) {
      const key = `file:${found.name}`;
      const version = `${found.bytes}:${found.modifiedAt.getTime()}`;
      let entry = archive.seen(key);
      if (entry?.version !== version) {
        entry = {
          ...(await archive.store(createReadStream(found.path), found.name, found.modifiedAt)),
          version,
        };
        const after = statSync(found.path);
        if (after.size !== found.bytes || after.mtime.getTime() !== found.modifiedAt.getTime()) {
          throw new UserError(
            `${source.name} · ${found.name}: the file changed while it was archived.`,
            'It is still being delivered: run again once the delivery is complete.',
          );
        }
        archive.remember(key, entry);
      }
      out.push({ resource: r.name, file: archive.fileOf(entry, found.name, found.modifiedAt) });
    }
  }
  return out;
}

async function pullHttp(source: SourceConfig, archive: RawArchive, resources: Resources, opts: PullOptions) {
  const cfg = source.location.http!;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(cfg.headers)) {
    if (typeof value === 'string') headers[name] = value;
    else headers[name] = secretFromEnv(value.env, source.name, `header ${name}`);
  }
  const http = {
    source: source.name,
    headers,
    ca: readCa(cfg.ca_file, source.name),
    timeoutMs: cfg.timeout_seconds * 1000,
    attempts: opts.attempts,
    backoffMs: opts.backoffMs,
  };
  const out: PulledFile[] = [];
  for (const url of cfg.urls ?? [cfg.url!]) {
    const name = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
    const wanted = resources.filter((r) => r.match.test(name));
    if (!wanted.length) {
      if (opts.resources) continue;
      throw new UserError(
        `${source.name}: ${url} matches the files pattern of no resource (its name is '${name}').`,
        `Make one resource's files pattern match '${name}', or remove the URL.`,
      );
    }
    const key = `url:${url}`;
    const seen = archive.seen(key);
    const got = await httpGet(url, http, seen && { etag: seen.etag, lastModified: seen.lastModified });
    let entry = seen;
    if (got.status === 'fetched') {
      const modifiedAt = got.lastModified ? new Date(got.lastModified) : new Date();
      const stored = await archive.store(
        got.body,
        name,
        Number.isNaN(modifiedAt.getTime()) ? new Date() : modifiedAt,
      );
      entry = { ...stored, etag: got.etag, lastModified: got.lastModified };
      archive.remember(key, entry);
    } else if (!entry) {
      throw new UserError(`${source.name} · ${url}: the server said 'not modified' to a first request.`);
    }
    for (const r of wanted) out.push({ resource: r.name, file: archive.fileOf(entry, name) });
  }
  return out;
}

async function pullSftp(source: SourceConfig, archive: RawArchive, resources: Resources) {
  const cfg = source.location.sftp!;
  const session = await connectSftp(source.name, cfg);
  try {
    const remote = await listRemote(session, cfg.path);
    const out: PulledFile[] = [];
    for (const r of resources) {
      for (const found of remote.filter((f) => r.match.test(f.name))) {
        const key = `sftp:${found.path}`;
        const version = `${found.bytes}:${found.modifiedAt.getTime()}`;
        let entry = archive.seen(key);
        if (entry?.version !== version) {
          const stream = session.sftp.createReadStream(found.path);
          entry = { ...(await archive.store(stream, found.name, found.modifiedAt)), version };
          archive.remember(key, entry);
        }
        out.push({ resource: r.name, file: archive.fileOf(entry, found.name, found.modifiedAt) });
      }
    }
    return out;
  } finally {
    session.close();
  }
}

async function pullS3(source: SourceConfig, archive: RawArchive, resources: Resources, opts: PullOptions) {
  const bucket = new S3Bucket(source.name, source.location.s3!, opts);
  const objects = await bucket.list(opts.s3PageSize);
  const out: PulledFile[] = [];
  for (const r of resources) {
    for (const object of objects.filter((o) => r.match.test(o.name))) {
      const key = `s3:${object.key}`;
      let entry = archive.seen(key);
      // The ETag changes with the content: the same ETag is the same object, not downloaded again.
      if (entry?.version !== object.etag) {
        const body = await bucket.open(object.key);
        entry = { ...(await archive.store(body, object.name, object.modifiedAt)), version: object.etag };
        archive.remember(key, entry);
      }
      out.push({ resource: r.name, file: archive.fileOf(entry, object.name, object.modifiedAt) });
    }
  }
  return out;
}
