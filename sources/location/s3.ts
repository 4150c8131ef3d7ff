// An S3-compatible bucket (AWS S3, MinIO, Ceph, a cloud provider's object storage): list the keys
// under a prefix with ListObjectsV2, page by page, and stream the objects whose ETag is new into
// the raw archive. Requests are signed with SigV4 (sigv4.ts); the keys come from environment
// variables named in the config, never from the config itself.
import type { IncomingMessage } from 'node:http';
import type { SourceConfig } from '../../lib/config.ts';
import { secretFromEnv } from '../../lib/secrets.ts';
import { decodeXml } from '../formats/xlsx/xml-scanner.ts';
import { httpGet, readCa } from './http.ts';
import { encode, signV4 } from './sigv4.ts';

export type S3Config = NonNullable<SourceConfig['location']['s3']>;

export interface S3Object {
  key: string;
  /** The key below the prefix: what the resource globs match and runs show. */
  name: string;
  etag: string;
  bytes: number;
  modifiedAt: Date;
}

export class S3Bucket {
  private readonly accessKey: string;
  private readonly secretKey: string;
  private readonly ca?: string;

  constructor(
    private readonly source: string,
    private readonly cfg: S3Config,
    private readonly retry: { attempts?: number; backoffMs?: number } = {},
  ) {
    this.accessKey = secretFromEnv(cfg.access_key_env, source);
    this.secretKey = secretFromEnv(cfg.secret_key_env, source);
    this.ca = readCa(cfg.ca_file, source);
  }

  /** Encoded exactly as SigV4 canonicalises it (spaces as %20, not +), so what is signed is sent. */
  private url(key: string, query: Record<string, string> = {}): URL {
    const endpoint = new URL(this.cfg.endpoint);
    const path = key.split('/').map(encode).join('/');
    const url = this.cfg.force_path_style
      ? new URL(`${endpoint.origin}/${this.cfg.bucket}/${path}`)
      : new URL(`${endpoint.protocol}//${this.cfg.bucket}.${endpoint.host}/${path}`);
    url.search = Object.entries(query)
      .map(([k, v]) => `${encode(k)}=${encode(v)}`)
      .join('&');
    return url;
  }

  private async get(url: URL): Promise<IncomingMessage> {
    const headers = signV4({
      method: 'GET',
      url,
      region: this.cfg.region,
      accessKey: this.accessKey,
      secretKey: this.secretKey,
    });
    const got = await httpGet(url.toString(), {
      source: this.source,
      headers,
      ca: this.ca,
      timeoutMs: this.cfg.timeout_seconds * 1000,
      ...this.retry,
      hints: {
        auth: `Check the keys in ${this.cfg.access_key_env} and ${this.cfg.secret_key_env}, the region, and that they may read bucket ${this.cfg.bucket}.`,
        notFound: `Check location.s3.bucket (${this.cfg.bucket}) and endpoint.`,
      },
    });
    if (got.status !== 'fetched') throw new Error(`${this.source}: unexpected 304 for ${url}`);
    return got.body;
  }

  /** Every object under the prefix, following continuation tokens. */
  async list(pageSize = 1000): Promise<S3Object[]> {
    const prefix = this.cfg.prefix;
    const out: S3Object[] = [];
    let token: string | undefined;
    do {
      const query: Record<string, string> = { 'list-type': '2', prefix, 'max-keys': String(pageSize) };
      if (token) query['continuation-token'] = token;
      const xml = await text(await this.get(this.url('', query)));
      for (const block of xml.match(/<Contents>[\s\S]*?<\/Contents>/g) ?? []) {
        const key = tag(block, 'Key')!;
        if (key.endsWith('/')) continue; // a "folder" marker
        out.push({
          key,
          name: key.slice(prefix.length).replace(/^\//, ''),
          etag: tag(block, 'ETag') ?? '',
          bytes: Number(tag(block, 'Size') ?? 0),
          modifiedAt: new Date(tag(block, 'LastModified') ?? Date.now()),
        });
      }
      token = tag(xml, 'IsTruncated') === 'true' ? tag(xml, 'NextContinuationToken') : undefined;
    } while (token);
    return out;
  }

  /** The object's bytes as a stream. */
  open(key: string): Promise<IncomingMessage> {
    return this.get(this.url(key));
  }
}

async function text(body: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of body) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function tag(xml: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml);
  return m?.[1] === undefined ? undefined : decodeXml(m[1]);
}
