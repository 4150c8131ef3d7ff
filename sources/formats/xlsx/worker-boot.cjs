// sources/formats/xlsx/worker-boot.cjs — the entry point of the spreadsheet worker thread.
// On Node 20 a worker inherits neither the main thread's tsx hooks nor a working `--import tsx`, so
// the worker registers tsx itself before loading the TypeScript parser. It uses tsx's in-thread
// require hook rather than its ESM loader hooks: those start one more thread per worker and double
// the start-up time (~0.4 s against ~0.2 s per file). Works the same under `node bin/impact.js`,
// `node --import tsx` and vitest.
require('tsx/cjs/api').register();
require('./parse-worker.ts');
