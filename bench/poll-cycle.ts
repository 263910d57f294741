import { fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';
import { HEAP_GROWING_PERCENT, limitHeapGrowth } from '../src/app/heap-growth.js';
import { loadConfig, resolveConfigPath } from '../src/config/load-config.js';
import type { ThreadlineConfig } from '../src/config/schema.js';
import { createHttpClient } from '../src/feeds/http-client.js';
import { mapLimit } from '../src/feeds/map-limit.js';
import { FeedPoller, type OnItems, type PollResult } from '../src/feeds/poller.js';
import { openStore } from '../src/store/sqlite-store.js';
import { systemClock } from '../src/util/clock.js';
import { silentLogger } from '../src/util/logger.js';
import type { FeedServerSetup, FeedServerStats } from './feed-server.js';
import { runIfMain, type BenchOptions } from './lib/child.js';
import { now, peakRssMB, resetPeakRss, rssMB } from './lib/measure.js';
import { optional } from './lib/optional.js';
import { notAvailable, type Row } from './lib/result.js';

/**
 * Poll cycle: N feeds on a local HTTP server (another process), concurrency 50, through
 * the real FeedPoller, HTTP client, SQLite store (a file in a temp dir) and ingest pipeline. A cold
 * cycle first (every feed 200, first poll, validators stored), then the measured steady
 * cycle: conditional requests, half the feeds 304, the other half 200 with new items.
 * Baseline: the same requests made with bare undici (bodies read, nothing parsed).
 */

const BENCH = 'Poll cycle';
const CONCURRENCY = 50;

// The heap policy the `threadline` bin sets at start-up (src/cli/bin.ts), so this process runs as the app does.
limitHeapGrowth();

interface Server {
  port: number;
  documentBytes: number;
  stats(): Promise<FeedServerStats & { maxRssMB: number; cpuMs: number }>;
  close(): void;
}

async function startServer(setup: FeedServerSetup): Promise<Server> {
  const child = fork(fileURLToPath(new URL('./feed-server.js', import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<{ port: number; documentBytes: number }>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`feed server exited (${code})`)));
    child.on('message', (m: { ready?: boolean; port: number; documentBytes: number }) => m.ready && resolve(m));
    child.send({ setup });
  });
  child.removeAllListeners('exit');
  return {
    ...ready,
    stats: () =>
      new Promise((resolve) => {
        const on = (m: { stats?: FeedServerStats & { maxRssMB: number; cpuMs: number } }): void => {
          if (!m.stats) return;
          child.off('message', on);
          resolve(m.stats);
        };
        child.on('message', on);
        child.send({ stats: true });
      }),
    close: () => child.kill(),
  };
}

/** The transport floor: the same GETs, conditional when we have an ETag, bodies read and dropped. */
async function bareCycle(urls: string[], etags: Map<string, string>): Promise<{ ms: number; statuses: Record<number, number> }> {
  const statuses: Record<number, number> = {};
  const t0 = now();
  await mapLimit(urls, CONCURRENCY, async (url) => {
    const etag = etags.get(url);
    const res = await request(url, { headers: { 'accept-encoding': 'gzip', ...(etag ? { 'if-none-match': etag } : {}) } });
    for await (const chunk of res.body) void chunk;
    statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
    const tag = res.headers.etag;
    if (typeof tag === 'string') etags.set(url, tag);
  });
  return { ms: now() - t0, statuses };
}

function count(results: PollResult[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of results) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
}

export async function run({ quick, budgetMs }: BenchOptions) {
  const setup: FeedServerSetup = { feeds: quick ? 300 : 1000, itemsPerFeed: 10, newPerVersion: 3, versions: 2, seed: 99 };
  const notes: string[] = [];
  const rows: Row[] = [];
  const server = await startServer(setup);
  const cleanup: Array<() => void> = [];
  const urls = Array.from({ length: setup.feeds }, (_, i) => `http://127.0.0.1:${server.port}/feeds/${i}.xml`);
  try {
    // Baseline first, in this process, before anything of ours is loaded into memory.
    const etags = new Map<string, string>();
    const bareCold = await bareCycle(urls, etags);
    const bare = await bareCycle(urls, etags);
    const idleRss = rssMB();

    const base = loadConfig(resolveConfigPath(undefined, {}));
    const config: ThreadlineConfig = {
      ...base,
      feeds: [],
      poll: { ...base.poll, concurrency: CONCURRENCY },
      // Every stored article is planned for a channel, as in a real deployment.
      channels: [{ platform: 'slack', id: 'CBENCH', topics: ['*'], forum: false }],
    };
    // A database file, as deployed: an in-memory database would count its pages as our RSS.
    const dir = mkdtempSync(join(tmpdir(), 'threadline-bench-poll-'));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const store = openStore(join(dir, 'threadline.db'));
    cleanup.push(() => store.close());
    const log = silentLogger();
    const pipelineMod = await optional(() => import('../src/pipeline/ingest.js'));
    const engineMod = await optional(() => import('../src/app/engine-factory.js'));
    let onItems: OnItems;
    let stored = 0;
    let pipelineNote: string | null = null;
    if (pipelineMod.mod && engineMod.mod) {
      const engine = engineMod.mod.createEngine(config);
      const pipeline = new pipelineMod.mod.IngestPipeline({ store, engine, config, clock: systemClock, log });
      onItems = (feed, items, meta) => {
        for (const o of pipeline.ingest(feed, items, meta)) if (o.status === 'stored') stored++;
      };
    } else {
      pipelineNote = `without the story pipeline (${pipelineMod.why ?? engineMod.why}): items parsed, then dropped`;
      onItems = () => undefined;
    }
    for (const [i, url] of urls.entries()) store.upsertFeed({ url, name: `Bench feed ${i}` });
    const poller = new FeedPoller({ store, http: createHttpClient({ log, allowPrivate: true }), clock: systemClock, log, config: config.poll, onItems, random: () => 0.5 });

    const t0 = now();
    // The cold cycle only fills the store (and stores validators) for the measured one; past
    // the budget the steady cycle cannot be measured in this run's time box.
    let timer: NodeJS.Timeout | undefined;
    const cold = await Promise.race([poller.pollAll(), new Promise<null>((r) => (timer = setTimeout(() => r(null), Math.min(budgetMs, 2 ** 31 - 1))))]);
    clearTimeout(timer);
    const coldMs = now() - t0;
    if (!cold) {
      const why = `the cold cycle (first poll of every feed) had stored ${stored.toLocaleString('en-US')} articles and not finished after ${(coldMs / 1000).toFixed(0)} s`;
      rows.push(notAvailable(BENCH, `${setup.feeds.toLocaleString('en-US')} feeds, half 304, concurrency ${CONCURRENCY}: wall time`, why, '< 10 s'));
      rows.push(notAvailable(BENCH, `${setup.feeds.toLocaleString('en-US')} feeds, half 304: peak RSS`, why, '< 300 MB'));
      return { rows, notes, data: { setup, coldMs, storedCold: stored, peakRssMB: peakRssMB(), finished: false } };
    }
    const storedCold = stored;
    const peakCold = peakRssMB();
    const canReset = resetPeakRss();
    const t1 = now();
    const steady = await poller.pollAll();
    const steadyMs = now() - t1;
    const peak = peakRssMB();
    const mem = process.memoryUsage();
    const mb = (n: number): string => `${(n / 1024 / 1024).toFixed(0)} MB`;
    const memNote = `after the steady cycle: RSS ${mb(mem.rss)} = JS heap ${mb(mem.heapTotal)} (${mb(mem.heapUsed)} used) + external/array buffers ${mb(mem.external)} + the rest (code, SQLite, allocator)`;
    const storedSteady = stored - storedCold;
    const serverStats = await server.stats();
    const coldCounts = count(cold);
    const steadyCounts = count(steady);
    const failed = steady.filter((r) => r.status === 'failed').slice(0, 3).map((r) => r.error?.message);

    const label = `${setup.feeds.toLocaleString('en-US')} feeds`;
    rows.push({
      bench: BENCH,
      measure: `${label}, half 304, concurrency ${CONCURRENCY}: wall time`,
      ours: { value: steadyMs / 1000, unit: 's', extra: `${steadyCounts['ok'] ?? 0} x 200, ${steadyCounts['not-modified'] ?? 0} x 304, ${storedSteady} new articles` },
      baseline: { what: 'bare undici GETs, same mix', value: bare.ms / 1000, unit: 's' },
      ratio: { value: steadyMs / bare.ms, meaning: 'time, ours/transport' },
      target: { text: '< 10 s', met: steadyMs < 10_000 && !failed.length },
      ...(pipelineNote ? { note: pipelineNote } : {}),
    });
    rows.push({
      bench: BENCH,
      measure: `${label}, half 304: peak RSS`,
      ours: { value: Math.max(peak, peakCold), unit: 'MB', extra: canReset ? `steady cycle alone ${peak.toFixed(0)} MB` : undefined },
      baseline: { what: 'same process before polling', value: idleRss, unit: 'MB' },
      ratio: { value: Math.max(peak, peakCold) / idleRss, meaning: 'RSS, peak/idle' },
      target: { text: '< 300 MB', met: Math.max(peak, peakCold) < 300 },
      note: `peak over both cycles (cold included); feed server runs in its own process and is not counted; V8 heap growth ${HEAP_GROWING_PERCENT}% as the threadline bin sets it; ${memNote}`,
    });
    rows.push({
      bench: BENCH,
      measure: `${label}, cold (all 200, first poll): wall time`,
      ours: { value: coldMs / 1000, unit: 's', extra: `${coldCounts['ok'] ?? 0} x 200, ${storedCold.toLocaleString('en-US')} articles stored` },
      baseline: { what: 'bare undici GETs', value: bareCold.ms / 1000, unit: 's' },
      ratio: { value: coldMs / bareCold.ms, meaning: 'time, ours/transport' },
      target: null,
    });
    if (failed.length) notes.push(`${BENCH}: failures in the steady cycle: ${failed.join('; ')}`);
    notes.push(
      `${BENCH}: ${setup.feeds} feeds x ${setup.itemsPerFeed} items (~2 KB HTML each, ${(server.documentBytes / setup.feeds / 1024).toFixed(0)} KB per document, gzip), RSS and Atom; odd feeds gain ${setup.newPerVersion} items. Server process used ${(serverStats.cpuMs / 1000).toFixed(1)} s CPU, ${serverStats.maxRssMB.toFixed(0)} MB (not counted).`,
    );
    return {
      rows,
      notes,
      data: { setup, coldMs, steadyMs, bareColdMs: bareCold.ms, bareMs: bare.ms, bareStatuses: bare.statuses, coldCounts, steadyCounts, storedCold, storedSteady, peakRssMB: peak, peakColdRssMB: peakCold, idleRssMB: idleRss, server: serverStats, pipeline: pipelineNote ?? 'IngestPipeline' },
    };
  } finally {
    for (const f of cleanup.reverse()) f();
    server.close();
  }
}

runIfMain(import.meta.url, 'poll-cycle', run);
