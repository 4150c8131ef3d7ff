// The immutable raw archive: every delivered file, exactly as it came, under
// <data>/raw/<source>/<yyyy>/<mm>/<sha256>-<original name>. A file is written under a temporary
// name, hashed while it streams past (never held in memory), then renamed into place and made
// read-only, so a half-written download is never mistaken for a delivery. Content is stored once:
// the same bytes delivered again (another name, another month) point at the first copy.
// state.json remembers per remote key (a path, a URL) what was seen last — size and time, or
// ETag and Last-Modified — so an unchanged file is neither read nor downloaded again. It lives in
// the archive, not the warehouse, because pulls run beside the one warehouse writer.
import { createHash, randomUUID } from 'node:crypto';
import {
  chmodSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface ArchivedFile {
  /** Absolute path of the read-only archived copy: what landing reads. */
  path: string;
  /** The name it was delivered under (relative to the location), for runs and quarantine. */
  name: string;
  bytes: number;
  /** When the source says it was delivered (file time, Last-Modified); decides the export date. */
  modifiedAt: Date;
  sha256: string;
}

/** What was seen of one remote key at the last pull. */
export interface SeenEntry {
  sha256: string;
  /** Archive path relative to the source's archive folder. */
  file: string;
  bytes: number;
  modifiedAt: string;
  /** size:mtime for files, the ETag for objects: equal means unchanged. */
  version?: string;
  etag?: string;
  lastModified?: string;
}

interface State {
  seen: Record<string, SeenEntry>;
}

export class RawArchive {
  readonly root: string;
  private state: State;

  constructor(dataDir: string, source: string) {
    this.root = join(dataDir, 'raw', source);
    const file = join(this.root, 'state.json');
    this.state = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as State) : { seen: {} };
  }

  /** The archived copy for a key, when it was seen and its copy is still there. */
  seen(key: string): SeenEntry | undefined {
    const entry = this.state.seen[key];
    return entry && existsSync(join(this.root, entry.file)) ? entry : undefined;
  }

  remember(key: string, entry: SeenEntry) {
    this.state.seen[key] = entry;
  }

  fileOf(entry: SeenEntry, name: string, modifiedAt = new Date(entry.modifiedAt)): ArchivedFile {
    return { path: join(this.root, entry.file), name, bytes: entry.bytes, modifiedAt, sha256: entry.sha256 };
  }

  /** Streams a delivery into the archive; returns its entry (the existing one for known content). */
  async store(content: Readable, name: string, modifiedAt: Date): Promise<SeenEntry> {
    const incoming = join(this.root, '.incoming');
    mkdirSync(incoming, { recursive: true });
    const temp = join(incoming, randomUUID());
    const hash = createHash('sha256');
    let bytes = 0;
    const tap = new Transform({
      transform(chunk: Buffer, _enc, done) {
        hash.update(chunk);
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    try {
      await pipeline(content, tap, createWriteStream(temp, { mode: 0o600 }));
    } catch (err) {
      rmSync(temp, { force: true });
      throw err;
    }
    const sha256 = hash.digest('hex');
    const known = Object.values(this.state.seen).find(
      (e) => e.sha256 === sha256 && existsSync(join(this.root, e.file)),
    );
    if (known) {
      rmSync(temp, { force: true });
      return { ...known, modifiedAt: modifiedAt.toISOString() };
    }
    const now = new Date();
    const month = join(String(now.getUTCFullYear()), String(now.getUTCMonth() + 1).padStart(2, '0'));
    const file = join(month, `${sha256}-${safeName(name)}`);
    mkdirSync(join(this.root, month), { recursive: true });
    chmodSync(temp, 0o444);
    utimesSync(temp, modifiedAt, modifiedAt);
    renameSync(temp, join(this.root, file));
    return { sha256, file, bytes, modifiedAt: modifiedAt.toISOString() };
  }

  /** Written under a temporary name and renamed, so a crash leaves the previous state whole. */
  save() {
    mkdirSync(this.root, { recursive: true });
    const temp = join(this.root, `.state-${randomUUID()}.json`);
    writeFileSync(temp, JSON.stringify(this.state, null, 1));
    renameSync(temp, join(this.root, 'state.json'));
  }
}

/** The delivered name, flattened to one path segment that is safe on any file system. */
function safeName(name: string): string {
  return name
    .replace(/[/\\]/g, '__')
    .replace(/[^\p{L}\p{N}._ -]/gu, '_')
    .slice(-150);
}
