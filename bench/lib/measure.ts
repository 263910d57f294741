import { readFileSync, writeFileSync } from 'node:fs';

export const now = (): number => Number(process.hrtime.bigint()) / 1e6;

/** Peak resident set size of this process so far, in MB (VmHWM, else maxRSS). */
export function peakRssMB(): number {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m?.[1]) return Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

export const rssMB = (): number => process.memoryUsage().rss / 1024 / 1024;

/** Lets the kernel's VmHWM start over, so the peak belongs to what comes next (Linux only). */
export function resetPeakRss(): boolean {
  try {
    // Writing 5 to clear_refs resets the peak RSS counter (Linux >= 4.0).
    writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

export function gc(): void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) {
    g();
    g();
  }
}

/**
 * Runs fn until `minMs` have passed (after `warmup` untimed calls); returns ms per call.
 * Async on purpose: parseString returns a promise, and awaiting it is part of the cost.
 */
export async function timeLoop(fn: () => unknown | Promise<unknown>, minMs: number, warmup = 3): Promise<{ msPerCall: number; calls: number }> {
  for (let i = 0; i < warmup; i++) await fn();
  let calls = 0;
  const start = now();
  let elapsed = 0;
  do {
    await fn();
    calls++;
    elapsed = now() - start;
  } while (elapsed < minMs);
  return { msPerCall: elapsed / calls, calls };
}

/**
 * Times `a` and `b` in alternating slices so drift (turbo, GC, the other core's work)
 * hits both alike. Returns ms per call of each.
 */
export async function timeAlternating(
  a: () => unknown | Promise<unknown>,
  b: () => unknown | Promise<unknown>,
  totalMs: number,
  slices = 6,
): Promise<{ a: number; b: number; callsA: number; callsB: number }> {
  let ta = 0;
  let tb = 0;
  let ca = 0;
  let cb = 0;
  for (let i = 0; i < 3; i++) {
    await a();
    await b();
  }
  const slice = totalMs / (2 * slices);
  for (let s = 0; s < slices; s++) {
    const ra = await timeLoop(a, slice, 0);
    ta += ra.msPerCall * ra.calls;
    ca += ra.calls;
    const rb = await timeLoop(b, slice, 0);
    tb += rb.msPerCall * rb.calls;
    cb += rb.calls;
  }
  return { a: ta / ca, b: tb / cb, callsA: ca, callsB: cb };
}

export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}
