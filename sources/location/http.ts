// HTTP(S) downloads for a source: conditional GETs (If-None-Match / If-Modified-Since from what
// the archive saw last), so an unchanged export costs one 304 and no transfer. The body is
// handed on as a stream. TLS is always verified; a server with its own CA is trusted by naming
// its CA file, never by switching verification off. Transient failures (connection reset,
// timeout, 5xx, 429) are retried with backoff; what a person must fix is a UserError that names
// the source, the host and the file.
import { readFileSync } from 'node:fs';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { UserError } from '../../lib/errors.ts';

export interface HttpOptions {
  source: string;
  headers: Record<string, string>;
  ca?: string;
  timeoutMs: number;
  attempts?: number;
  backoffMs?: number;
  /** What to check when access is refused or a file is missing (S3 says other things than HTTP). */
  hints?: { auth?: string; notFound?: string };
}

export type HttpResult =
  | { status: 'unchanged' }
  | { status: 'fetched'; body: IncomingMessage; etag?: string; lastModified?: string };

const tlsCodes =
  /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS|ERR_SSL|UNABLE_TO_GET_ISSUER|HOSTNAME_MISMATCH|ALTNAME/;
const transientCodes = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND',
]);

/** A failure that may pass by itself; `transient` lets the job queue retry it later too. */
export class TransientError extends Error {
  readonly transient = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientError';
  }
}

export function readCa(file: string | undefined, source: string): string | undefined {
  if (!file) return undefined;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    throw new UserError(
      `${source}: the CA file ${file} cannot be read.`,
      'Check location.http.ca_file: it names a PEM file with the certificate of the CA that signed the server.',
    );
  }
}

export async function httpGet(
  url: string,
  opts: HttpOptions,
  known?: { etag?: string; lastModified?: string },
): Promise<HttpResult> {
  const attempts = opts.attempts ?? 3;
  for (let attempt = 1; ; attempt++) {
    try {
      return await once(url, opts, known);
    } catch (err) {
      if (!(err instanceof TransientError) || attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, (opts.backoffMs ?? 500) * 2 ** (attempt - 1)));
    }
  }
}

function once(url: string, opts: HttpOptions, known?: { etag?: string; lastModified?: string }) {
  const target = new URL(url);
  const where = `${opts.source} · ${target.host} · ${target.pathname}`;
  const headers: Record<string, string> = { 'user-agent': 'impact-warehouse', ...opts.headers };
  if (known?.etag) headers['if-none-match'] = known.etag;
  if (known?.lastModified) headers['if-modified-since'] = known.lastModified;
  const client = target.protocol === 'https:' ? https : http;
  return new Promise<HttpResult>((resolve, reject) => {
    const req = client.get(target, { headers, ca: opts.ca, timeout: opts.timeoutMs }, (res) => {
      const status = res.statusCode ?? 0;
      if (status === 304) {
        res.resume();
        return resolve({ status: 'unchanged' });
      }
      if (status >= 200 && status < 300) {
        // A stalled transfer is a timeout too, not a hang.
        res.setTimeout(opts.timeoutMs, () =>
          res.destroy(new TransientError(`${where}: the download stalled.`)),
        );
        return resolve({
          status: 'fetched',
          body: res,
          etag: res.headers.etag,
          lastModified: res.headers['last-modified'],
        });
      }
      res.resume();
      if (status === 401 || status === 403) {
        return reject(
          new UserError(
            `${where}: the server refused access (HTTP ${status}).`,
            opts.hints?.auth ??
              'Check the credential in the environment variable named under location.http.headers, and that it may read this file.',
          ),
        );
      }
      if (status === 404 || status === 410) {
        return reject(
          new UserError(
            `${where}: not found (HTTP ${status}).`,
            opts.hints?.notFound ??
              'Check location.http.url(s), or ask the supplier whether the export moved.',
          ),
        );
      }
      if (status === 429 || status >= 500) {
        return reject(new TransientError(`${where}: the server answered HTTP ${status}; tried again later.`));
      }
      reject(
        new UserError(`${where}: the server answered HTTP ${status}.`, 'Check location.http in the config.'),
      );
    });
    req.on('timeout', () =>
      req.destroy(new TransientError(`${where}: no answer within ${opts.timeoutMs / 1000} s.`)),
    );
    req.on('error', (err: NodeJS.ErrnoException) => {
      if (err instanceof TransientError || err instanceof UserError) return reject(err);
      const code = err.code ?? '';
      if (tlsCodes.test(code)) {
        return reject(
          new UserError(
            `${where}: TLS failure, the server's certificate is not trusted (${err.message}).`,
            'Certificates are always verified. If the server uses its own CA, name its certificate in location.http.ca_file.',
            { cause: err },
          ),
        );
      }
      if (transientCodes.has(code)) {
        return reject(new TransientError(`${where}: ${err.message}; tried again later.`, { cause: err }));
      }
      reject(err);
    });
  });
}
