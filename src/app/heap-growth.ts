import { setFlagsFromString } from 'node:v8';

/**
 * How far V8 lets the JS heap grow past what survived the last full collection before it
 * collects again. Left to itself V8 picks a factor between 1.1 and 4 from how fast the
 * program allocates (4 on a machine with much RAM), and the story engine allocates fast:
 * after a 1,000-feed poll cycle ~100 MB were live in 190-250 MB of committed heap, most of
 * it garbage waiting for the next full GC, plus the Buffers it kept alive (~50 MB of
 * malloc). At 20% the heap stays near what is live; measured on the poll-cycle bench the
 * process CPU time and the GC time did not grow (fewer, smaller marking rounds).
 *
 * V8 reads this flag at every full collection, so setting it at start-up from JS works: the
 * `threadline` bin does it first thing, and the poll-cycle bench makes the same call.
 */
export const HEAP_GROWING_PERCENT = 20;

const FLAG = '--heap-growing-percent';

/** The flag to set, or null when the operator already chose one (node option or NODE_OPTIONS). */
export function heapGrowthFlag(execArgv: readonly string[], nodeOptions: string | undefined, percent = HEAP_GROWING_PERCENT): string | null {
  const chosen = (arg: string): boolean => arg === FLAG || arg.startsWith(`${FLAG}=`) || arg === '--heap_growing_percent' || arg.startsWith('--heap_growing_percent=');
  if (execArgv.some(chosen) || (nodeOptions ?? '').split(/\s+/).some(chosen)) return null;
  return `${FLAG}=${percent}`;
}

/** Keeps the JS heap close to its live size (see above); a no-op when the operator set the flag. */
export function limitHeapGrowth(): void {
  const flag = heapGrowthFlag(process.execArgv, process.env.NODE_OPTIONS);
  if (flag) setFlagsFromString(flag);
}
