// Fault injection for the crash-safety tests (issue 10): with IMPACT_CRASH_AT=<point> the process
// kills itself with SIGKILL at that point, exactly as `kill -9` or a power cut would. Nothing
// is cleaned up, flushed or rolled back by us: that is the point. Never set in production.
export type CrashPoint =
  | 'land:after-first-file'
  | 'transform:mid-models'
  // After the first model of the layer that this run builds: mid-step, inside the transaction.
  | 'staging:mid-models'
  | 'star:mid-models'
  | 'indicators:mid-models'
  | 'transform:before-commit'
  | 'publish:mid-tables'
  | 'publish:before-switch'
  | 'snapshot:mid-copy';

export function crashPoint(point: CrashPoint): void {
  if (process.env.IMPACT_CRASH_AT === point) process.kill(process.pid, 'SIGKILL');
}
