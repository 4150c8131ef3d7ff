// The server's view of the published set: opened once, reopened when manifest.json changes
// (a run published a new version). A request keeps the set it started with; an old set is
// closed when its last request is done, so a publish never breaks a response half-way.
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { openPublished, type Published, readManifest } from '../published.ts';

interface Entry {
  key: string;
  published: Published;
  users: number;
  retired: boolean;
  /** Built on first request for the page, then kept with the set it was built from. */
  html?: Promise<string>;
}

export class PublishedCache {
  private current?: Entry;
  private loading?: Promise<Entry>;

  constructor(private readonly publishDir: string) {}

  async use<T>(fn: (entry: Entry) => Promise<T>): Promise<T> {
    const entry = await this.entry();
    entry.users++;
    try {
      return await fn(entry);
    } finally {
      entry.users--;
      if (entry.retired && entry.users === 0) await entry.published.close();
    }
  }

  async close() {
    const entry = this.current;
    this.current = undefined;
    if (entry) {
      entry.retired = true;
      if (entry.users === 0) await entry.published.close();
    }
  }

  private async entry(): Promise<Entry> {
    const key = this.key();
    if (this.current?.key === key) return this.current;
    this.loading ??= (async () => {
      try {
        const next: Entry = {
          key,
          published: await openPublished(this.publishDir),
          users: 0,
          retired: false,
        };
        const old = this.current;
        this.current = next;
        if (old) {
          old.retired = true;
          if (old.users === 0) await old.published.close();
        }
        return next;
      } finally {
        this.loading = undefined;
      }
    })();
    return this.loading;
  }

  private key(): string {
    readManifest(this.publishDir); // a clear error when nothing is published yet
    const s = statSync(join(this.publishDir, 'manifest.json'));
    return `${s.mtimeMs}:${s.size}`;
  }
}
