import { fork } from 'node:child_process';
import { cpus, totalmem, platform, release, arch } from 'node:os';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './lib/result.js';
import { footnotes, markdownTable } from './lib/table.js';

/**
 * `npm run bench`: every benchmark in its own child process (so peak RSS is per
 * benchmark and one crash does not take the others down), one after the other, then
 * the table on stdout and everything in bench/results.json.
 *
 *   node dist/bench/run.js [--quick] [--long] [--only parsing,delivery]
 *
 * --long gives the store-filling phases six times the time (8-10 minutes in all, every benchmark alone), so
 * that the 100k levels a 5-minute run cannot reach are measured; its table goes to
 * bench/results-long.json and does not replace the standard run's.
 *
 * Exit code 0 even when targets are missed: the table is the result; a crash is in it too.
 */

interface Bench {
  name: string;
  file: string;
  /** Killed after this long (a hang is reported, the run goes on). */
  timeoutS: number;
  /** Passed as --budget-s: time for the phases that grow a store; what is not reached is reported. */
  budgetS?: { full: number; quick: number };
}

/**
 * Benchmarks of one group run at the same time, one process each; groups run one after
 * the other. Only the two single-threaded store-filling benchmarks share the machine
 * (one core each on the 2-core reference machine), so the whole run fits in 5 minutes;
 * the timing-sensitive ones (parsing, poll cycle with its server process, delivery) run alone.
 * A --long run runs every benchmark alone.
 */
const GROUPS: Bench[][] = [
  [{ name: 'parsing', file: 'parsing.js', timeoutS: 60 }],
  [
    { name: 'story-pipeline', file: 'story-pipeline.js', timeoutS: 170, budgetS: { full: 105, quick: 35 } },
    { name: 'memory-at-scale', file: 'memory-at-scale.js', timeoutS: 170, budgetS: { full: 125, quick: 40 } },
  ],
  [{ name: 'poll-cycle', file: 'poll-cycle.js', timeoutS: 120, budgetS: { full: 60, quick: 40 } }],
  [{ name: 'delivery', file: 'delivery.js', timeoutS: 90 }],
  [{ name: 'replay', file: 'replay.js', timeoutS: 60 }],
];

/** How many times the store-filling budgets (and their time-outs) a --long run gets. */
const LONG_SCALE = 6;

function runChild(file: string, name: string, args: string[], timeoutS: number): Promise<BenchResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    let result: BenchResult | null = null;
    let stderr = '';
    const child = fork(fileURLToPath(new URL(`./${file}`, import.meta.url)), args, {
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      execArgv: ['--expose-gc'],
    });
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    const timer = setTimeout(() => {
      stderr += `\ntimed out after ${timeoutS} s`;
      child.kill('SIGKILL');
    }, timeoutS * 1000);
    child.on('message', (m: BenchResult) => {
      result = m;
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(
        result ?? {
          name,
          rows: [],
          notes: [],
          data: {},
          peakRssMB: 0,
          durationMs: Date.now() - started,
          error: `exited ${signal ?? code}: ${stderr.trim().split('\n').slice(-3).join(' ') || 'no output'}`,
        },
      );
    });
  });
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const quick = argv.includes('--quick');
  const long = !quick && argv.includes('--long');
  const scale = long ? LONG_SCALE : 1;
  const onlyAt = argv.indexOf('--only');
  const only = onlyAt !== -1 ? new Set((argv[onlyAt + 1] ?? '').split(',')) : null;
  const started = Date.now();
  const results: BenchResult[] = [];
  for (const group of GROUPS) {
    const benches = group.filter((b) => !only || only.has(b.name));
    if (!benches.length) continue;
    process.stderr.write(`bench: ${benches.map((b) => b.name).join(' + ')}${quick ? ' (quick)' : long ? ' (long)' : ''} ...\n`);
    const start = (b: Bench): Promise<BenchResult> => {
      const args = [...(quick ? ['--quick'] : []), ...(b.budgetS ? [`--budget-s=${quick ? b.budgetS.quick : b.budgetS.full * scale}`] : [])];
      return runChild(b.file, b.name, args, b.budgetS ? b.timeoutS * scale : b.timeoutS);
    };
    // A --long run has no 5-minute budget: each benchmark gets the machine to itself, as its
    // "one core" figures mean (side by side, the two share the caches and memory bandwidth).
    const done: BenchResult[] = [];
    if (long) for (const b of benches) done.push(await start(b));
    else done.push(...(await Promise.all(benches.map(start))));
    for (const r of done) {
      results.push(r);
      process.stderr.write(`bench:   ${r.name}: ${(r.durationMs / 1000).toFixed(1)} s, peak RSS ${r.peakRssMB.toFixed(0)} MB${r.error ? ` - ERROR: ${r.error.split('\n')[0]}` : ''}\n`);
    }
  }
  const cpu = cpus();
  const machine = {
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryGB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${platform()} ${release()} ${arch()}`,
  };
  const totalS = (Date.now() - started) / 1000;
  const table = markdownTable(results);
  const notes = footnotes(results);
  const missed = results.flatMap((r) => r.rows.filter((row) => row.target?.met === false).map((row) => `${row.bench}: ${row.measure} (${row.target!.text})`));
  const unmeasured = results.flatMap((r) => r.rows.filter((row) => row.target && row.target.met === null).map((row) => `${row.bench}: ${row.measure} (${row.target!.text})`));
  const crashed = results.filter((r) => r.error).map((r) => `${r.name}: ${r.error!.split('\n')[0]}`);

  const out = [
    `Threadline benchmarks${quick ? ' (--quick: smaller sizes)' : long ? ` (--long: store-filling budgets x${LONG_SCALE})` : ''}, ${new Date().toISOString().slice(0, 10)}`,
    `Machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, Node ${machine.node}, ${machine.os}. Total ${totalS.toFixed(0)} s.`,
    long ? 'Each benchmark in its own process, one at a time.' : `Each benchmark in its own process; story pipeline and memory at scale side by side (single-threaded, one core each), the others alone.`,
    '',
    table,
    '',
    ...notes.map((n) => `- ${n}`),
    '',
    missed.length ? `Targets missed: ${missed.length}\n${missed.map((m) => `  - ${m}`).join('\n')}` : 'All targets with a figure were met.',
    ...(unmeasured.length ? [`Targets not measured in this run: ${unmeasured.length}\n${unmeasured.map((m) => `  - ${m}`).join('\n')}`] : []),
    ...(crashed.length ? [`Benchmarks that failed: ${crashed.length}\n${crashed.map((m) => `  - ${m}`).join('\n')}`] : []),
  ];
  process.stdout.write(out.join('\n') + '\n');
  const jsonName = long ? 'results-long.json' : 'results.json';
  const jsonPath = fileURLToPath(new URL(`../../bench/${jsonName}`, import.meta.url));
  writeFileSync(jsonPath, JSON.stringify({ date: new Date().toISOString(), quick, long, machine, totalSeconds: totalS, results, missed, unmeasured, table }, null, 2) + '\n');
  process.stderr.write(`bench: results written to bench/${jsonName}\n`);
}

void main();
