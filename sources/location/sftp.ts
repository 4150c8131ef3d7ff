// An SFTP location: list the remote folder, match each resource's glob, and stream new or changed
// files (by size and modification time) into the raw archive. The server's host key is always
// checked against the SHA256 fingerprint pinned in the config — the one `ssh-keygen -lf` prints —
// so a server that was swapped or intercepted is refused before a password or key is offered.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { Client, type SFTPWrapper } from 'ssh2';
import type { SourceConfig } from '../../lib/config.ts';
import { UserError } from '../../lib/errors.ts';
import { secretFromEnv } from '../../lib/secrets.ts';
import { TransientError } from './http.ts';

export type SftpConfig = NonNullable<SourceConfig['location']['sftp']>;

export interface RemoteFile {
  /** Path relative to location.sftp.path, with forward slashes. */
  name: string;
  path: string;
  bytes: number;
  modifiedAt: Date;
}

export interface SftpSession {
  sftp: SFTPWrapper;
  where: string;
  close(): void;
}

export function connectSftp(source: string, cfg: SftpConfig): Promise<SftpSession> {
  const where = `${source} · sftp ${cfg.username}@${cfg.host}:${cfg.port}`;
  const password = cfg.password_env ? secretFromEnv(cfg.password_env, source) : undefined;
  const keyText = cfg.private_key_env ? secretFromEnv(cfg.private_key_env, source) : undefined;
  // The variable holds the key itself, or the path of a key file.
  const privateKey =
    keyText && !keyText.includes('PRIVATE KEY') && existsSync(keyText) ? readFileSync(keyText) : keyText;
  let presented: string | undefined;
  return new Promise((resolve, reject) => {
    const conn = new Client();
    conn
      .on('ready', () => {
        conn.sftp((err, sftp) => {
          if (err) {
            conn.end();
            return reject(new UserError(`${where}: the server offers no SFTP (${err.message}).`));
          }
          resolve({ sftp, where, close: () => conn.end() });
        });
      })
      .on('error', (err: Error & { level?: string; code?: string }) => {
        conn.end();
        if (presented !== undefined && presented !== cfg.host_key) {
          return reject(
            new UserError(
              `${where}: host key mismatch — the server presented ${presented}, the config pins ${cfg.host_key}. Nothing was sent.`,
              'If the server was reinstalled, confirm its new fingerprint with its administrator (ssh-keygen -lf on the server) and update location.sftp.host_key.',
            ),
          );
        }
        if (err.level === 'client-authentication') {
          return reject(
            new UserError(
              `${where}: authentication failed.`,
              `Check the ${cfg.password_env ? `password in ${cfg.password_env}` : `key in ${cfg.private_key_env}`} and that the user may log in.`,
            ),
          );
        }
        reject(new TransientError(`${where}: ${err.message}; tried again later.`, { cause: err }));
      })
      .connect({
        host: cfg.host,
        port: cfg.port,
        username: cfg.username,
        password,
        privateKey,
        readyTimeout: cfg.timeout_seconds * 1000,
        hostVerifier: (key: Buffer) => {
          presented = `SHA256:${createHash('sha256').update(key).digest('base64').replace(/=+$/, '')}`;
          return presented === cfg.host_key;
        },
      });
  });
}

/** Every regular file under the folder (8 levels deep at most), hidden files left out. */
export async function listRemote(s: SftpSession, root: string): Promise<RemoteFile[]> {
  const out: RemoteFile[] = [];
  const walk = async (dir: string, prefix: string, depth: number) => {
    const entries = await new Promise<import('ssh2').FileEntryWithStats[]>((resolve, reject) =>
      s.sftp.readdir(dir, (err, list) => {
        if (!err) return resolve(list);
        if ((err as { code?: number }).code === 2) {
          return reject(
            new UserError(
              `${s.where} · ${dir}: not found.`,
              'Check location.sftp.path, or ask the supplier where the exports go.',
            ),
          );
        }
        reject(new UserError(`${s.where} · ${dir}: cannot be read (${err.message}).`));
      }),
    );
    for (const e of entries) {
      if (e.filename.startsWith('.')) continue;
      const path = `${dir.replace(/\/$/, '')}/${e.filename}`;
      const type = (e.attrs.mode ?? 0) & 0o170000;
      if (type === 0o040000) {
        if (depth < 8) await walk(path, `${prefix}${e.filename}/`, depth + 1);
      } else if (type === 0o100000) {
        out.push({
          name: `${prefix}${e.filename}`,
          path,
          bytes: e.attrs.size ?? 0,
          modifiedAt: new Date((e.attrs.mtime ?? 0) * 1000),
        });
      }
    }
  };
  await walk(root, '', 0);
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
