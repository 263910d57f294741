#!/usr/bin/env node
import { limitHeapGrowth } from '../app/heap-growth.js';
import { errorMessage } from '../util/errors.js';
import { main } from './main.js';

// Before any work: V8 reads it at each full collection (see heap-growth.ts).
limitHeapGrowth();

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`threadline: ${errorMessage(e)}\n`);
    process.exitCode = 1;
  },
);
