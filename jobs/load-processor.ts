// The load job's work, run in a process of its own (a BullMQ sandboxed processor, started by
// load-sandbox.mjs): runPipeline lands, transforms, checks and publishes, and however long it
// keeps the CPU busy, the worker's own event loop stays free to renew the job's lock.
// Its result says when this job held the warehouse, so overlapping writers would show.
import type { SandboxedJob } from 'bullmq';
import { loadConfig } from '../lib/config.ts';
import { UserError } from '../lib/errors.ts';
import { createLogger } from '../lib/logger.ts';
import type { Progress } from '../lib/progress.ts';
import { runPipeline } from '../pipelines/run-pipeline.ts';
import { forTheQueue } from './failure-policy.ts';
import { pipelineNamed } from './pipelines.ts';
import type { LoadProgress, LoadRequest, LoadResult, PullResult } from './queues.ts';

export default async function load(
  job: SandboxedJob<LoadRequest, LoadResult>,
  _token?: string,
  cancelled?: AbortSignal,
): Promise<LoadResult> {
  const log = createLogger().child({ queue: 'load', job: job.id });
  // Cancelled = the worker lost the job's lock: stop as a crash would (DuckDB rolls back).
  cancelled?.addEventListener('abort', () => process.exit(75), { once: true });
  try {
    const configFile = process.env.IMPACT_CONFIG;
    if (!configFile) throw new UserError('The load worker was started without IMPACT_CONFIG.');
    const cfg = loadConfig(configFile);
    const pipeline = pipelineNamed(job.data.pipeline);
    const pulled = Object.values(await job.getChildrenValues<PullResult>());
    const startedAt = new Date();
    const summary = await runPipeline(cfg, {
      pipeline,
      trigger: job.data.trigger,
      logger: log,
      progress: jobProgress(job),
    });
    const finishedAt = new Date();
    if (summary.status !== 'succeeded') {
      throw new UserError(
        `Run ${summary.runId} failed: ${(summary.error ?? 'see the run').replace(/\.$/, '')}.`,
        `See \`impact runs --run ${summary.runId}\`; fix the export and deliver it again.`,
      );
    }
    return {
      runId: summary.runId,
      status: summary.status,
      pipeline: pipeline.name,
      trigger: job.data.trigger,
      startedAt: startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      pid: process.pid,
      filesPulled: pulled.reduce((n, p) => n + p.files.length, 0),
      filesLoaded: summary.files.filter((f) => f.status === 'loaded').length,
      filesSkipped: summary.files.filter((f) => f.status === 'skipped').length,
      rowsReceived: summary.files.reduce((n, f) => n + f.rowsReceived, 0),
      rowsRejected: summary.files.reduce((n, f) => n + f.rowsRejected, 0),
      publishedVersion: summary.manifest?.version,
    };
  } catch (err) {
    throw forTheQueue(err);
  }
}

/** The pipeline's progress as job progress, for `impact status` (fire and forget). */
function jobProgress(job: SandboxedJob): Progress {
  let current: LoadProgress = { step: 'start', done: 0, total: 0, pid: process.pid };
  const send = () => void job.updateProgress({ ...current }).catch(() => {});
  send();
  return {
    step(step, total) {
      current = { step, done: 0, total, pid: process.pid };
      send();
    },
    tick() {
      current.done++;
      send();
    },
    done() {},
  };
}
