import { runDemo } from '../demo/run-demo.js';
import { errorMessage } from '../util/errors.js';

/** `npm run demo` entry point; the demo itself is src/demo/run-demo.ts (tests call it in-process). */
runDemo({ out: (line) => process.stdout.write(line + '\n') }).catch((err: unknown) => {
  process.stderr.write(`demo failed: ${errorMessage(err)}\n`);
  process.exitCode = 1;
});
