import type { Env } from '../config/env.js';
import type { ThreadlineConfig } from '../config/schema.js';
import type { Platform } from '../core/types.js';
import type { PlatformSender } from '../delivery/platform.js';
import { DeliveryWorker } from '../delivery/worker.js';
import { createHttpClient, type HttpClient } from '../feeds/http-client.js';
import { FeedPoller } from '../feeds/poller.js';
import { IngestError, IngestPipeline, type FeedBatch, type IngestOutcome } from '../pipeline/ingest.js';
import { HttpServer } from '../server/http-server.js';
import { mountHealth } from '../server/health.js';
import { createMetrics, type Metrics } from '../server/metrics.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import { createCommandRouter } from '../../commands/router.js';
import type { CommandRouter } from '../../commands/types.js';
import { createEngine } from './engine-factory.js';
import { explainArticle } from './explain.js';
import { addFeedAtRuntime } from './add-feed.js';
import { feedNoticeDeliveries } from '../editorial/feed-notices.js';
import { DigestScheduler } from '../editorial/digest.js';

/** An adapter as the app sees it: a sender for the outbox plus its own lifecycle. */
export interface Adapter {
  sender: PlatformSender;
  start(): Promise<void>;
  stop(): Promise<void>;
  connected?(): boolean;
  /** False when the adapter can answer commands but not post (e.g. Discord without a bot token). */
  sends?: boolean;
}

export interface AppDeps {
  config: ThreadlineConfig;
  env: Env;
  store: Store;
  clock: Clock;
  log: Logger;
  http?: HttpClient;
  /** Adapters are built by the caller (they need the router and server made here). */
  adapters?: (parts: { router: CommandRouter; server: HttpServer; metrics: Metrics }) => Adapter[];
  /** Called after each feed's items are stored (dry-run printing). */
  onIngested?: (outcomes: IngestOutcome[]) => void;
}

/**
 * The composition root: one store, engine, pipeline, poller, outbox worker, HTTP server
 * and the platform adapters, wired from plain objects.
 */
export class ThreadlineApp {
  readonly metrics: Metrics;
  readonly server: HttpServer;
  readonly router: CommandRouter;
  readonly pipeline: IngestPipeline;
  readonly poller: FeedPoller;
  readonly worker: DeliveryWorker;
  readonly adapters: Adapter[];
  private lastPollAt: Date | null = null;
  /** While set, polled items are collected and ingested together in date order (runOnce). */
  private batch: FeedBatch[] | null = null;
  private readonly digests: DigestScheduler;
  private digestTimer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: AppDeps) {
    const { config, store, clock, log } = deps;
    this.metrics = createMetrics(store);
    this.server = new HttpServer(log.child({ component: 'server' }));
    this.router = createCommandRouter({
      config,
      store,
      clock,
      log,
      services: {
        explain: (key) => explainArticle(store, key),
        addFeed: (url) => addFeedAtRuntime({ url, store, config, log }),
      },
    });
    const engine = createEngine(config, store, clock.now());
    this.pipeline = new IngestPipeline({
      store,
      engine,
      config,
      clock,
      log: log.child({ component: 'pipeline' }),
      hooks: { onStored: (o) => this.metrics.recordIngest(o) },
    });
    for (const f of config.feeds) store.upsertFeed({ url: f.url, name: f.name, kind: f.kind });
    this.poller = new FeedPoller({
      store,
      http: deps.http ?? createHttpClient({ log, allowPrivate: config.allowPrivateFeeds }),
      htmlSelectors: (feed) => config.feeds.find((f) => f.url === feed.url)?.selectors,
      clock,
      log: log.child({ component: 'poller' }),
      config: config.poll,
      metrics: this.metrics,
      onHealthChange: (feed, change, error) => {
        const notices = feedNoticeDeliveries(store, config, feed, change, error?.message ?? null, clock.now());
        store.enqueueDeliveries(notices, clock.now().toISOString());
        log.warn({ component: 'feeds', feed: feed.url, change, channels: notices.length }, `feed ${change}`);
      },
      onItems: (feed, items, meta) => {
        this.lastPollAt = clock.now();
        if (this.batch) {
          this.batch.push({ feed, items, initialPoll: meta.initialPoll });
          return;
        }
        // Ingest first: an optional call would skip evaluating its argument when no one listens.
        const outcomes = this.pipeline.ingest(feed, items, meta);
        deps.onIngested?.(outcomes);
      },
    });
    this.adapters = deps.adapters?.({ router: this.router, server: this.server, metrics: this.metrics }) ?? [];
    const senders = new Map<Platform, PlatformSender>(
      this.adapters.filter((a) => a.sends !== false).map((a) => [a.sender.platform, a.sender]),
    );
    this.worker = new DeliveryWorker({
      store,
      senders,
      clock,
      log: log.child({ component: 'delivery' }),
      metrics: this.metrics,
      channelOptions: (platform, channelId) => {
        const c = config.channels.find((ch) => ch.platform === platform && ch.id === channelId);
        return { forum: c?.forum ?? false, timeZone: c?.timeZone ?? config.timeZone };
      },
    });
    this.digests = new DigestScheduler({ store, config });
    mountHealth(this.server, {
      store,
      clock,
      metrics: this.metrics,
      lastPollAt: () => this.lastPollAt,
      adapters: () => Object.fromEntries(this.adapters.map((a) => [a.sender.platform, a.connected?.() ?? true])),
    });
  }

  /** Polls every feed once and delivers everything due, then returns. */
  async runOnce(): Promise<void> {
    for (const a of this.adapters) await a.start();
    this.batch = [];
    try {
      await this.poller.pollAll();
    } finally {
      const batch = this.batch;
      this.batch = null;
      this.ingestCollected(batch);
    }
    this.lastPollAt = this.deps.clock.now();
    this.digests.tick(this.deps.clock.now());
    if (this.adapters.length) await this.worker.drain();
  }

  private ingestCollected(batch: FeedBatch[]): void {
    try {
      const outcomes = this.pipeline.ingestBatch(batch);
      this.deps.onIngested?.(outcomes);
    } catch (err) {
      if (!(err instanceof IngestError)) throw err;
      // The poll was already recorded; forget its validators so the next poll fetches the items again.
      for (const id of new Set(err.feedIds)) this.deps.store.updateFeed(id, { etag: null, lastModified: null });
      this.deps.onIngested?.(err.outcomes);
      throw err;
    }
  }

  async start(port: number): Promise<number> {
    const bound = await this.server.listen(port);
    for (const a of this.adapters) await a.start();
    this.poller.start();
    if (this.adapters.length) this.worker.start();
    this.digestTimer = setInterval(() => {
      if (this.digests.tick(this.deps.clock.now()) > 0) this.worker.notify();
    }, 60_000);
    this.digestTimer.unref();
    return bound;
  }

  async stop(): Promise<void> {
    if (this.digestTimer) clearInterval(this.digestTimer);
    await this.poller.stop();
    await this.worker.stop();
    for (const a of this.adapters) await a.stop();
    await this.server.close();
  }
}
