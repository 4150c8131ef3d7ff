#!/usr/bin/env node
// `npm run bench -- --size small|large`: the benchmark harness (bench/run.ts), TypeScript run
// through tsx like bin/impact.js.
import { register } from 'tsx/esm/api';

register();
await import('../bench/run.ts');
