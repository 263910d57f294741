#!/usr/bin/env node
import { errorMessage } from '../util/errors.js';
import { main } from './main.js';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`threadline: ${errorMessage(e)}\n`);
    process.exitCode = 1;
  },
);
