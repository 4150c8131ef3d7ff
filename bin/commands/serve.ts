// `impact serve`: the dashboard and the published municipal tables (JSON and Arrow IPC) over
// HTTP, on 127.0.0.1 unless --host says otherwise. Runs until Ctrl+C (or SIGTERM).
import type { Config } from '../../lib/config.ts';
import { isLoopback, startServer } from '../../pipelines/report/serve/server.ts';

export async function runServe(cfg: Config, o: { port: number; host: string; organisation?: string }) {
  const server = await startServer({
    publishDir: cfg.publish.dir,
    ...o,
    organisation: o.organisation ?? cfg.organisation?.name,
  });
  console.log(`Serving the dashboard on ${server.url}`);
  console.log(
    `  data: ${server.url}api (tables), ${server.url}api/ind_reach?municipality=GM0344, ${server.url}api/ind_reach.arrow`,
  );
  if (!isLoopback(o.host)) {
    console.log(
      `  Note: bound to ${o.host}, so other machines can read the published (suppressed) figures too.`,
    );
  }
  console.log('  Ctrl+C stops it.');
  await new Promise<void>((resolve) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      server.close().then(resolve, resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
