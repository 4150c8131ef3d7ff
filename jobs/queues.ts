// The three queues, named after their work, and what their jobs carry:
//   run   a request to run a pipeline (fired by a schedule or `impact enqueue`); its worker
//         turns it into a flow
//   pull  one per source: fetch what was delivered (today: check the folder, list and hash)
//   load  the parent of the pulls: runPipeline (land → models → checks → publish); the only
//         queue that writes the warehouse, so it runs one job at a time across all workers
// Jobs carry names, never paths or client data: each worker reads its own impact.yaml.
import { FlowProducer, Queue } from 'bullmq';
import type { JobSettings } from './settings.ts';

export const queueNames = { run: 'run', pull: 'pull', load: 'load' } as const;

export interface RunRequest {
  pipeline: string;
  trigger: 'schedule' | 'manual';
  /** Name of the schedule that fired, when trigger is 'schedule'. */
  schedule?: string;
}

export interface PullRequest {
  source: string;
}

export interface PulledFile {
  resource: string;
  name: string;
  bytes: number;
  sha256: string;
  modifiedAt: string;
}

export interface PullResult {
  source: string;
  /** Where the files were found, e.g. `directory /srv/exports/regicare`. */
  location: string;
  files: PulledFile[];
  ms: number;
}

export type LoadRequest = RunRequest & { requestedAt: string };

export interface LoadResult {
  runId: number;
  status: 'succeeded';
  pipeline: string;
  trigger: string;
  /** When this job opened and closed the warehouse (ISO, UTC): no two loads may overlap. */
  startedAt: string;
  finishedAt: string;
  pid: number;
  filesPulled: number;
  filesLoaded: number;
  filesSkipped: number;
  rowsReceived: number;
  rowsRejected: number;
  publishedVersion?: string;
}

/** Progress a running load reports (step of the pipeline, files or models done). */
export interface LoadProgress {
  step: string;
  done: number;
  total: number;
  /** The process running the load (the sandbox, not the worker). */
  pid: number;
}

export const connectionOf = (s: JobSettings) => ({ url: s.redisUrl, maxRetriesPerRequest: null });

export interface Queues {
  run: Queue<RunRequest>;
  pull: Queue<PullRequest, PullResult>;
  load: Queue<LoadRequest, LoadResult>;
  flows: FlowProducer;
  close(): Promise<void>;
}

export function openQueues(s: JobSettings): Queues {
  const opts = { connection: connectionOf(s), prefix: s.prefix };
  const run = new Queue<RunRequest>(queueNames.run, opts);
  const pull = new Queue<PullRequest, PullResult>(queueNames.pull, opts);
  const load = new Queue<LoadRequest, LoadResult>(queueNames.load, opts);
  const flows = new FlowProducer(opts);
  return {
    run,
    pull,
    load,
    flows,
    async close() {
      await Promise.all([run.close(), pull.close(), load.close(), flows.close()]);
    },
  };
}

/** How long finished jobs stay visible to `impact status` (and in Redis). */
export const keepJobs = {
  removeOnComplete: { count: 200, age: 30 * 24 * 3600 },
  removeOnFail: { count: 500, age: 90 * 24 * 3600 },
};
