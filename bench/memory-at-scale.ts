import { mkdtempSync, rmSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { limitHeapGrowth } from '../src/app/heap-growth.js';
import { loadConfig, resolveConfigPath } from '../src/config/load-config.js';
import type { ThreadlineConfig } from '../src/config/schema.js';
import type { FeedRecord } from '../src/store/store.js';
import { openStore } from '../src/store/sqlite-store.js';
import { systemClock } from '../src/util/clock.js';
import { silentLogger } from '../src/util/logger.js';
import { ArticleStream, type SyntheticArticle } from './generate-articles.js';
import { runIfMain, type BenchOptions } from './lib/child.js';
import { gc, now, peakRssMB, rssMB } from './lib/measure.js';
import { optional } from './lib/optional.js';
import { notAvailable, type Row } from './lib/result.js';
import { OUTLETS } from './lib/vocabulary.js';

/**
 * Memory at scale: 100k articles through the real IngestPipeline (engine + SQLite file
 * store in a temp dir + delivery planning for two channels), in feed-sized batches in
 * date order, as polls deliver them. Then RSS (after a GC) and the database size.
 * Baselines: the same process before ingesting; the articles' own JSON size.
 */

const BENCH = 'Memory at scale';

// The heap policy the `threadline` bin sets at start-up (src/cli/bin.ts), so this process runs as the app does.
limitHeapGrowth();

const fileSize = (p: string): number => (existsSync(p) ? statSync(p).size : 0);

/** Objects whose memory the measurement must include, held where the GC cannot drop them. */
const keepAlive: unknown[] = [];

export async function run({ quick, budgetMs }: BenchOptions) {
  const total = quick ? 20_000 : 100_000;
  const label = `${total.toLocaleString('en-US')} articles`;
  const rows: Row[] = [];
  const pipelineMod = await optional(() => import('../src/pipeline/ingest.js'));
  const factory = await optional(() => import('../src/app/engine-factory.js'));
  if (!pipelineMod.mod || !factory.mod) {
    const why = (pipelineMod.why ?? factory.why)!;
    rows.push(notAvailable(BENCH, `RSS after ingesting ${label}`, why, '< 500 MB'));
    rows.push(notAvailable(BENCH, 'SQLite file size per 1k articles', why));
    return { rows };
  }

  const base = loadConfig(resolveConfigPath(undefined, {}));
  const config: ThreadlineConfig = {
    ...base,
    feeds: [],
    channels: [
      { platform: 'slack', id: 'CALLNEWS', topics: ['*'], forum: false },
      { platform: 'discord', id: '123456789012345678', topics: ['meta-ai', 'openai'], forum: false },
    ],
  };
  const dir = mkdtempSync(join(tmpdir(), 'threadline-bench-'));
  const dbPath = join(dir, 'threadline.db');
  try {
    gc();
    const idleRss = rssMB();
    const store = openStore(dbPath);
    const engine = factory.mod.createEngine(config, store);
    // Reachable until after the measurement: otherwise the GC below may free the engine, and RSS would not count it.
    keepAlive.push(engine);
    const log = silentLogger();
    const pipeline = new pipelineMod.mod.IngestPipeline({ store, engine, config, clock: systemClock, log });
    const feeds = new Map<string, FeedRecord>(OUTLETS.map((o) => [o.name, store.upsertFeed({ url: `https://${o.host}/feed/`, name: o.name })]));
    const feedsById = new Map([...feeds.values()].map((f) => [f.id, f]));

    const stream = new ArticleStream({ seed: 7, perDay: 1000 });
    let jsonBytes = 0;
    let storedCount = 0;
    const t0 = now();
    const BATCH = 60; // one poll round's worth, split per feed
    const deadline = t0 + budgetMs;
    let done = 0;
    for (; done < total && now() < deadline; done += BATCH) {
      const items = stream.take(Math.min(BATCH, total - done));
      const perFeed = new Map<string, SyntheticArticle[]>();
      for (const a of items) {
        const feed = feeds.get(a.source)!;
        jsonBytes += Buffer.byteLength(JSON.stringify({ id: a.id, source: a.source, guid: a.guid, url: a.url, title: a.title, text: a.text, published: a.published }));
        let list = perFeed.get(feed.id);
        if (!list) perFeed.set(feed.id, (list = []));
        list.push({ ...a, feedId: feed.id });
      }
      const outcomes = pipeline.ingestBatch([...perFeed].map(([id, list]) => ({ feed: feedsById.get(id)!, items: list, initialPoll: false })));
      for (const o of outcomes) if (o.status === 'stored') storedCount++;
      if (done % 20_000 === 0 && done) process.stderr.write(`  ${done} ingested, ${((now() - t0) / 1000).toFixed(1)} s, RSS ${rssMB().toFixed(0)} MB\n`);
    }
    const ingestMs = now() - t0;
    const ingested = Math.min(done, total);
    const reached = ingested >= total;
    const shortOf = reached ? '' : ` (reached ${ingested.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} in the ${(budgetMs / 1000).toFixed(0)} s budget)`;
    const peak = peakRssMB();
    gc();
    const rssAfter = rssMB();
    const usage = process.memoryUsage();
    const heapMB = usage.heapUsed / 1024 / 1024;
    const heapTotalMB = usage.heapTotal / 1024 / 1024;
    const arrayBuffersMB = usage.arrayBuffers / 1024 / 1024;
    const articles = store.countArticles();
    const deliveries = store.listDeliveries({ limit: 1_000_000 }).length;
    store.close();
    const dbBytes = fileSize(dbPath) + fileSize(`${dbPath}-wal`) + fileSize(`${dbPath}-shm`);
    const per1kMB = dbBytes / 1024 / 1024 / (articles / 1000);
    const json1kMB = jsonBytes / 1024 / 1024 / (ingested / 1000);

    rows.push({
      bench: BENCH,
      measure: `RSS after ingesting ${label} (after GC)${shortOf}`,
      ours: { value: rssAfter, unit: 'MB', extra: `peak ${peak.toFixed(0)} MB, JS heap ${heapMB.toFixed(0)} MB used of ${heapTotalMB.toFixed(0)}, array buffers ${arrayBuffersMB.toFixed(0)} MB` },
      baseline: { what: 'same process before ingesting', value: idleRss, unit: 'MB' },
      ratio: { value: rssAfter / idleRss, meaning: 'RSS, after/before' },
      // Short of the total, a figure over the limit is a miss; one under it proves nothing yet.
      target: { text: '< 500 MB', met: rssAfter >= 500 ? false : reached ? true : null },
    });
    rows.push({
      bench: BENCH,
      measure: 'SQLite file size per 1k articles',
      ours: { value: per1kMB, unit: 'MB', extra: `${(dbBytes / 1024 / 1024).toFixed(0)} MB for ${articles.toLocaleString('en-US')} articles, ${deliveries.toLocaleString('en-US')} deliveries` },
      baseline: { what: 'the articles as JSON', value: json1kMB, unit: 'MB' },
      ratio: { value: per1kMB / json1kMB, meaning: 'size, db/raw JSON' },
      target: null,
    });
    rows.push({
      bench: BENCH,
      measure: `full ingest (engine + SQLite + planning), ${label}${shortOf}`,
      ours: { value: (ingested / ingestMs) * 1000, unit: 'articles/s', extra: `${ingested.toLocaleString('en-US')} in ${(ingestMs / 1000).toFixed(1)} s` },
      baseline: null,
      ratio: null,
      target: null,
    });
    return {
      rows,
      notes: [
        `${BENCH}: ${label}, 1,000/day, ~1.7 KB text each, in batches of ${BATCH} split per outlet feed; WAL on, synchronous=NORMAL; one Slack channel subscribed to every topic and one Discord channel to two, so the outbox grows too. ${storedCount.toLocaleString('en-US')} stored as new articles.`,
      ],
      data: { total, ingested, idleRssMB: idleRss, rssAfterMB: rssAfter, peakRssMB: peak, heapMB, heapTotalMB, arrayBuffersMB, dbBytes, articles, deliveries, jsonBytes, ingestMs },
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

runIfMain(import.meta.url, 'memory-at-scale', run);
