#!/usr/bin/env node
// The `impact` command. The code is TypeScript run through tsx, so there is no build step
// between `npm install` and the first run.
import { register } from 'tsx/esm/api';

register();
await import('./cli.ts');
