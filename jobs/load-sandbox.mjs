// BullMQ forks this file to run a load in a separate process (a sandboxed processor). The code is
// TypeScript run through tsx, and a forked process has no tsx loader of its own (`impact worker`
// registers it through the API, not a --import flag), so register it here, then load the
// processor. Plain JavaScript on purpose: it must run before anything can read TypeScript.
import { register } from 'tsx/esm/api';

register();

// When the worker that forked this process dies (SIGKILL, out of memory), stop at once: the
// job's lock expires, another worker takes the job over and needs the warehouse, which a
// leftover process would still hold. The load is idempotent; the next run finishes the job.
process.on('disconnect', () => process.exit(70));

const { default: load } = await import('./load-processor.ts');

export default load;
