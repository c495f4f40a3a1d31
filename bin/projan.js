#!/usr/bin/env node
// The published entry point: runs the TypeScript CLI through tsx's loader, so a checkout
// needs no build step before `projan` works.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
