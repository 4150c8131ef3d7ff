// `impact demo`: realistic exports plus a working impact.yaml next to them.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { demoConfigYaml } from '../../bench/generate/impact-yaml.ts';
import { writeDemoExports } from '../../bench/generate/write-demo-exports.ts';
import { UserError } from '../../lib/errors.ts';

export async function writeDemo(o: { out: string; seed: number; clients: number; force: boolean }) {
  const config = join(o.out, 'impact.yaml');
  const exports = join(o.out, 'exports');
  if (!o.force && (existsSync(config) || existsSync(exports))) {
    throw new UserError(
      `${relative(process.cwd(), config) || config} or exports/ already exists in ${o.out}.`,
      'Use --force to overwrite them, or --out <dir> to write the demo elsewhere.',
    );
  }
  mkdirSync(exports, { recursive: true });
  const started = Date.now();
  const summary = await writeDemoExports({ dir: exports, seed: o.seed, clients: o.clients });
  writeFileSync(config, demoConfigYaml);
  const rows = summary.files.reduce((n, f) => n + f.rows, 0);
  console.log(
    `Demo written: ${summary.files.length} export files (${rows.toLocaleString('en')} rows) in ${relative(process.cwd(), exports) || exports}, ` +
      `config in ${relative(process.cwd(), config) || config} (${((Date.now() - started) / 1000).toFixed(1)} s).`,
  );
}
