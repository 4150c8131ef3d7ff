// `impact serve`: the dashboard and the published municipal tables over HTTP — JSON
// (/api/<table>?municipality=…) and Arrow IPC (/api/<table>.arrow). Bound to 127.0.0.1 unless
// --host says otherwise; while bound to loopback it also refuses requests that name another
// host (a web page elsewhere cannot reach it through DNS rebinding). Read-only: GET and HEAD,
// only the suppressed tables a municipality may see, never facts or client dimensions.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { UserError } from '../../../lib/errors.ts';
import { gatherDashboard } from '../dashboard/dashboard-data.ts';
import { dashboardHtml } from '../dashboard/dashboard-page.ts';
import { municipalTables } from '../published.ts';
import { apiTable, filters, isMunicipalTable } from './api-table.ts';
import { rowsToArrowIpc } from './arrow.ts';
import { PublishedCache } from './published-cache.ts';

export interface ServeOptions {
  publishDir: string;
  port: number;
  host: string;
  organisation?: string;
}

export interface RunningServer {
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

export const isLoopback = (host: string) =>
  host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);

function hostName(header: string | undefined): string {
  const h = (header ?? '').toLowerCase();
  if (h.startsWith('[')) return h.slice(0, h.indexOf(']') + 1);
  return h.split(':')[0] ?? '';
}

const common = {
  'X-Content-Type-Options': 'nosniff',
  'Cache-Control': 'no-store',
  'Referrer-Policy': 'no-referrer',
};

function send(res: ServerResponse, status: number, type: string, body: string | Uint8Array, extra = {}) {
  res.writeHead(status, {
    ...common,
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    ...extra,
  });
  res.end(res.req.method === 'HEAD' ? undefined : body);
}
const json = (res: ServerResponse, status: number, value: unknown) =>
  send(res, status, 'application/json; charset=utf-8', `${JSON.stringify(value)}\n`);

export async function startServer(o: ServeOptions): Promise<RunningServer> {
  const cache = new PublishedCache(o.publishDir);
  await cache.use(async () => {}); // fail now, not on the first request, when nothing is published
  const local = isLoopback(o.host);

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    if (local && !isLoopback(hostName(req.headers.host))) {
      return json(res, 403, { error: 'This server only answers requests for localhost / 127.0.0.1.' });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(res, 405, 'text/plain; charset=utf-8', 'Only GET and HEAD.\n', { Allow: 'GET, HEAD' });
    }
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/' || url.pathname === '/dashboard.html') {
      const html = await cache.use((entry) => {
        entry.html ??= gatherDashboard(entry.published, {
          organisation: o.organisation,
          builtAt: new Date(),
        }).then(dashboardHtml);
        return entry.html;
      });
      return send(res, 200, 'text/html; charset=utf-8', html, {
        'Content-Security-Policy': "frame-ancestors 'none'",
      });
    }
    if (url.pathname === '/api' || url.pathname === '/api/') {
      return cache.use(async ({ published: p }) =>
        json(res, 200, {
          load_id: p.manifest.load_id,
          generated_at: p.manifest.generated_at,
          suppression: { min_cell: p.minCell },
          filters,
          tables: municipalTables
            .filter((t) => p.has(t))
            .map((t) => ({ name: t, json: `/api/${t}`, arrow: `/api/${t}.arrow`, columns: p.columns(t) })),
        }),
      );
    }
    const m = /^\/api\/([a-z_]+?)(\.json|\.arrow)?$/.exec(url.pathname);
    if (m && isMunicipalTable(m[1]!)) {
      const table = m[1]!;
      return cache.use(async ({ published: p }) => {
        if (!p.has(table)) return json(res, 404, { error: `${table} is not in the published set (yet).` });
        const { rows, columns } = await apiTable(p, table, url.searchParams);
        const meta = {
          load_id: p.manifest.load_id,
          generated_at: p.manifest.generated_at,
          min_cell: p.minCell,
        };
        if (m[2] === '.arrow') {
          const ipc = rowsToArrowIpc(rows, columns, {
            table,
            load_id: String(meta.load_id),
            generated_at: meta.generated_at,
            min_cell: String(meta.min_cell),
          });
          return send(res, 200, 'application/vnd.apache.arrow.stream', ipc);
        }
        return json(res, 200, { table, ...meta, rows });
      });
    }
    return json(res, 404, {
      error: `Nothing at ${url.pathname}.`,
      see: ['/', '/api', ...municipalTables.map((t) => `/api/${t}`)],
    });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (res.headersSent) return res.destroy();
      if (err instanceof UserError) return json(res, 400, { error: err.message, hint: err.hint });
      console.error(`impact serve: ${err instanceof Error ? err.message : String(err)}`);
      json(res, 500, { error: 'Something went wrong on the server; see its log.' });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}/`,
    host: address.address,
    port: address.port,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections(); // keep-alive connections would hold close() open
      await closed;
      await cache.close();
    },
  };
}
