// Measures the README's first command: `impact start` (demo exports written, then the whole
// pipeline in process) at a given demo size, and the second start (nothing new: every file
// skipped). Wall time and peak RSS come from GNU time around a fresh process, so DuckDB's
// native memory counts too. Usage: node --import tsx bench/start.ts [clients ...]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

const bin = join(import.meta.dirname, '../bin/impact.js');
const sizes = process.argv.slice(2).map(Number);

function timed(args: string[], cwd: string) {
  const stats = join(cwd, 'time.txt');
  const run = spawnSync('/usr/bin/time', ['-f', '%e %M', '-o', stats, process.execPath, bin, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, IMPACT_PSEUDONYM_KEY: '' },
  });
  if (run.status !== 0) throw new Error(`impact ${args.join(' ')} failed: ${run.stderr}`);
  const [wall, kib] = readFileSync(stats, 'utf8').trim().split(/\s+/).map(Number);
  return { wall: wall!, peakMiB: Math.round(kib! / 1024), out: run.stdout };
}

console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model}, ${Math.round(totalmem() / 2 ** 30)} GiB; node ${process.version}`,
);
console.log('| clients | contacts | step | wall (s) | peak RSS (MiB) |');
console.log('|---:|---:|---|---:|---:|');
for (const clients of sizes.length ? sizes : [2000]) {
  const dir = mkdtempSync(join(tmpdir(), 'impact-bench-start-'));
  try {
    const demo = timed(['demo', '--clients', String(clients)], dir);
    const first = timed(['run'], dir);
    const again = timed(['run'], dir);
    const contacts = /fct_contact ([\d,]+)/.exec(first.out)?.[1] ?? '?';
    const runSeconds = /succeeded in ([\d.]+) s/.exec(first.out)?.[1];
    console.log(`| ${clients} | ${contacts} | demo exports | ${demo.wall} | ${demo.peakMiB} |`);
    console.log(
      `| ${clients} | ${contacts} | first run (pipeline ${runSeconds} s) | ${first.wall} | ${first.peakMiB} |`,
    );
    console.log(`| ${clients} | ${contacts} | second run, nothing new | ${again.wall} | ${again.peakMiB} |`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
