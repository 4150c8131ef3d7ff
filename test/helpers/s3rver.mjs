// A real S3-compatible server (npm s3rver) for the S3 location tests, in its own Node process.
// Why a child process: s3rver encrypts its ListObjectsV2 continuation tokens with DES, which the
// OpenSSL 3 in Node 20 only offers behind --openssl-legacy-provider; without it every truncated
// listing answers HTTP 500. Our client pages with continuation tokens as S3 specifies, so the
// server gets the flag — the test process and our code do not.
// Protocol (IPC): the child sends { port } once listening and { url } for every request it
// receives; the parent sends { id, put?: { bucket, key, body } } and gets { id } back when stored.
// IPC keeps order, so once { id } arrives every request before it has been reported.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const S3rver = require('s3rver');
const S3Object = require('s3rver/lib/models/object');

const [directory, ...buckets] = process.argv.slice(2);
const server = new S3rver({
  address: '127.0.0.1',
  port: 0,
  silent: true,
  directory,
  configureBuckets: buckets.map((name) => ({ name })),
});
const { port } = await server.run();
server.httpServer.on('request', (req) => process.send({ url: decodeURIComponent(req.url) }));
process.on('message', async ({ id, put }) => {
  if (put) await server.store.putObject(new S3Object(put.bucket, put.key, Buffer.from(put.body), {}));
  process.send({ id });
});
// The parent going away (a crashed test run) must not leave a server behind.
process.on('disconnect', () => server.close().then(() => process.exit(0)));
process.send({ port });
