import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { PlacementKind, Platform } from '../core/types.js';
import type { Store } from '../store/store.js';

/**
 * What the rest of the bot records. Plain methods, so callers never touch prom-client
 * and a test can pass its own Metrics (or a real one with a private registry).
 */
export interface Metrics {
  feedPolled(): void;
  feedFailed(): void;
  articleIngested(): void;
  duplicateFolded(): void;
  storylineOpened(): void;
  /** One pipeline outcome: counts the article, and the duplicate or new storyline it made. */
  recordIngest(outcome: IngestOutcomeLike): void;
  deliverySent(platform: Platform): void;
  deliveryFailed(platform: Platform): void;
  /** Seconds from the poller first seeing the item to the platform accepting the post. */
  observePostLatency(platform: Platform, seconds: number): void;
  /** Prometheus text exposition format. */
  render(): Promise<string>;
  readonly contentType: string;
}

/** The part of the pipeline's IngestOutcome that metrics read (kept structural: no import of the pipeline). */
export interface IngestOutcomeLike {
  status: string;
  analysis?: { placement: { kind: PlacementKind } };
}

export interface MetricsOptions {
  /** Node process metrics (CPU, heap, event loop lag); off by default and in tests. */
  defaultMetrics?: boolean;
}

/** Minutes matter for news: buckets from a second to a day. */
const LATENCY_BUCKETS = [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600, 3 * 3600, 6 * 3600, 24 * 3600];

/**
 * Each call builds its own registry (never the global default), so tests can make several.
 * `store` feeds the deliveries_pending gauge, read at scrape time.
 */
export function createMetrics(store?: Pick<Store, 'deliveryStats'>, opts: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (opts.defaultMetrics) collectDefaultMetrics({ register: registry });

  const feedsPolled = new Counter({ name: 'feeds_polled_total', help: 'Feed polls attempted, failures included.', registers });
  const feedsFailed = new Counter({ name: 'feeds_failed_total', help: 'Feed polls that failed (HTTP error, timeout, parse error).', registers });
  const articlesIngested = new Counter({ name: 'articles_ingested_total', help: 'Articles stored.', registers });
  const duplicatesFolded = new Counter({ name: 'duplicates_folded_total', help: 'Articles folded into an earlier one as duplicates.', registers });
  const storylinesOpened = new Counter({ name: 'storylines_opened_total', help: 'New storylines.', registers });
  const sent = new Counter({ name: 'deliveries_sent_total', help: 'Posts accepted by a platform.', labelNames: ['platform'] as const, registers });
  const failed = new Counter({ name: 'deliveries_failed_total', help: 'Deliveries given up on (permanent error or retries exhausted).', labelNames: ['platform'] as const, registers });
  new Gauge({
    name: 'deliveries_pending',
    help: 'Deliveries waiting to be sent.',
    labelNames: ['platform'] as const,
    registers,
    collect() {
      this.reset();
      if (!store) return;
      const totals = new Map<string, number>();
      let stats: ReturnType<typeof store.deliveryStats>;
      try {
        stats = store.deliveryStats();
      } catch {
        return; // store unreachable: /healthz says so; the scrape still answers
      }
      for (const s of stats) totals.set(s.platform, (totals.get(s.platform) ?? 0) + s.pending);
      for (const [platform, pending] of totals) this.set({ platform }, pending);
    },
  });
  const latency = new Histogram({
    name: 'item_first_seen_to_posted_seconds',
    help: 'Time from an item being first seen in a feed to its post being accepted by the platform.',
    labelNames: ['platform'] as const,
    buckets: LATENCY_BUCKETS,
    registers,
  });

  return {
    feedPolled: () => feedsPolled.inc(),
    feedFailed: () => feedsFailed.inc(),
    articleIngested: () => articlesIngested.inc(),
    duplicateFolded: () => duplicatesFolded.inc(),
    storylineOpened: () => storylinesOpened.inc(),
    recordIngest: (o) => {
      if (o.status !== 'stored') return;
      articlesIngested.inc();
      if (o.analysis?.placement.kind === 'duplicate') duplicatesFolded.inc();
      if (o.analysis?.placement.kind === 'story') storylinesOpened.inc();
    },
    deliverySent: (platform) => sent.inc({ platform }),
    deliveryFailed: (platform) => failed.inc({ platform }),
    observePostLatency: (platform, seconds) => latency.observe({ platform }, Math.max(0, seconds)),
    render: () => registry.metrics(),
    contentType: registry.contentType,
  };
}
