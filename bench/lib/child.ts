import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import type { BenchResult, Row } from './result.js';
import { now, peakRssMB } from './measure.js';

export interface BenchOptions {
  quick: boolean;
  /**
   * Wall time this benchmark may spend on its growing phases (filling a store), so the
   * whole run stays inside its time box: what was not reached in it is reported as such.
   */
  budgetMs: number;
}

export type BenchBody = (opts: BenchOptions) => Promise<{ rows: Row[]; notes?: string[]; data?: Record<string, unknown> }>;

/**
 * Each benchmark runs in its own process (peak RSS is then its own). Started by run.ts
 * with fork(), it sends its result over IPC; started by hand, it prints the JSON.
 */
export function runIfMain(moduleUrl: string, name: string, body: BenchBody): void {
  if (!process.argv[1] || resolve(process.argv[1]) !== fileURLToPath(moduleUrl)) return;
  const quick = process.argv.includes('--quick');
  const budgetArg = process.argv.find((a) => a.startsWith('--budget-s='));
  const budgetMs = budgetArg ? Number(budgetArg.slice('--budget-s='.length)) * 1000 : Infinity;
  const started = now();
  const finish = (result: BenchResult): void => {
    if (process.send) process.send(result, () => process.exit(0));
    else {
      process.stdout.write(JSON.stringify(result, null, 2) + '\n');
      process.exit(0);
    }
  };
  body({ quick, budgetMs })
    .then(({ rows, notes = [], data = {} }) => finish({ name, rows, notes, data, peakRssMB: peakRssMB(), durationMs: now() - started }))
    .catch((err: unknown) => {
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err);
      finish({ name, rows: [], notes: [], data: {}, peakRssMB: peakRssMB(), durationMs: now() - started, error: message });
    });
}
