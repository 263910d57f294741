import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mountHealth } from '../../src/server/health.js';
import { HttpServer } from '../../src/server/http-server.js';
import { createMetrics, type Metrics } from '../../src/server/metrics.js';
import { openStore, type SqliteStore } from '../../src/store/sqlite-store.js';
import { ManualClock } from '../../src/util/clock.js';
import { silentLogger } from '../../src/util/logger.js';
import { makeArticle } from '../helpers/articles.js';
import { delivery } from '../delivery/helpers.js';

let store: SqliteStore;
let server: HttpServer;
let base: string;
let clock: ManualClock;
let lastPoll: Date | null;
let adapters: Record<string, boolean>;
let metrics: Metrics;

beforeEach(async () => {
  store = openStore(':memory:');
  clock = new ManualClock('2025-07-15T12:00:00Z');
  lastPoll = null;
  adapters = { slack: true, discord: true };
  metrics = createMetrics(store);
  server = new HttpServer(silentLogger());
  mountHealth(server, { store, clock, metrics, lastPollAt: () => lastPoll, adapters: () => adapters, maxPollAgeMs: 30 * 60_000 });
  base = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}`;
});
afterEach(async () => {
  await server.close();
  store.close();
});

describe('GET /healthz', () => {
  it('is 200 with the store reachable, a recent poll and adapters connected', async () => {
    lastPoll = new Date(clock.now().getTime() - 90_000);
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', store: true, lastPollAgeSeconds: 90, pollStale: false, adapters: { slack: true, discord: true }, problems: [] });
  });

  it('is 503 and says why when an adapter is down or polling has stalled', async () => {
    adapters = { slack: true, discord: false };
    lastPoll = new Date(clock.now().getTime() - 2 * 3600_000);
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(503);
    const body = (await res.json()) as { problems: string[]; pollStale: boolean };
    expect(body.pollStale).toBe(true);
    expect(body.problems).toEqual(['last poll 7200 s ago', 'discord not connected']);
  });

  it('is 503 when the store does not answer', async () => {
    store.close();
    const res = await fetch(`${base}/healthz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toMatchObject({ store: false, problems: ['store unreachable'] });
    store = openStore(':memory:'); // for afterEach
  });
});

describe('GET /metrics', () => {
  it('serves every counter, the pending gauge and the latency histogram in Prometheus text format', async () => {
    metrics.feedPolled();
    metrics.feedPolled();
    metrics.feedFailed();
    metrics.recordIngest({ status: 'stored', analysis: { placement: { kind: 'story' } } });
    metrics.recordIngest({ status: 'stored', analysis: { placement: { kind: 'duplicate' } } });
    metrics.recordIngest({ status: 'seen' });
    metrics.deliverySent('slack');
    metrics.deliveryFailed('discord');
    metrics.observePostLatency('discord', 42);
    const a = makeArticle();
    store.enqueueDeliveries([delivery('slack', 'C1', a, 'story'), delivery('slack', 'C2', a, 'story'), delivery('discord', '1', a, 'story')], clock.now().toISOString());

    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const lines = text.split('\n');
    for (const expected of [
      'feeds_polled_total 2',
      'feeds_failed_total 1',
      'articles_ingested_total 2',
      'duplicates_folded_total 1',
      'storylines_opened_total 1',
      'deliveries_sent_total{platform="slack"} 1',
      'deliveries_failed_total{platform="discord"} 1',
      'deliveries_pending{platform="slack"} 2',
      'deliveries_pending{platform="discord"} 1',
      'item_first_seen_to_posted_seconds_bucket{le="30",platform="discord"} 0',
      'item_first_seen_to_posted_seconds_bucket{le="60",platform="discord"} 1',
      'item_first_seen_to_posted_seconds_count{platform="discord"} 1',
      '# TYPE item_first_seen_to_posted_seconds histogram',
      '# TYPE deliveries_pending gauge',
      '# TYPE feeds_polled_total counter',
    ]) {
      expect(lines).toContain(expected);
    }
  });

  it('keeps registries apart, so two apps (or tests) do not share counts', async () => {
    const other = createMetrics();
    metrics.feedPolled();
    expect(await other.render()).toContain('feeds_polled_total 0');
  });
});
