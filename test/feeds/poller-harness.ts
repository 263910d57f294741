import { Writable } from 'node:stream';
import { configSchema, type ThreadlineConfig } from '../../src/config/schema.js';
import type { IncomingItem } from '../../src/core/types.js';
import { createHttpClient } from '../../src/feeds/http-client.js';
import { FeedPoller, type FeedPollerDeps } from '../../src/feeds/poller.js';
import { openStore } from '../../src/store/sqlite-store.js';
import type { FeedRecord, Store } from '../../src/store/store.js';
import { ManualClock } from '../../src/util/clock.js';
import { createLogger } from '../../src/util/logger.js';

export type PollConfig = ThreadlineConfig['poll'];

export const START = '2025-07-15T12:00:00.000Z';
export const MINUTE = 60_000;

export interface Received {
  feed: FeedRecord;
  items: IncomingItem[];
  initialPoll: boolean;
}

/** A real poller over a real in-memory store and the real HTTP client; logs are captured as JSON. */
export function makePoller(poll: Partial<PollConfig> = {}, extra: Partial<FeedPollerDeps> = {}) {
  const config: PollConfig = { ...configSchema.parse({ topics: [{ id: 't', title: 'T', keywords: ['x'] }] }).poll, interval: 10 * MINUTE, ...poll };
  const store: Store = openStore(':memory:');
  const clock = new ManualClock(START);
  const logs: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const log = createLogger('debug', sink);
  const received: Received[] = [];
  const poller = new FeedPoller({
    store,
    http: createHttpClient({ log }),
    clock,
    log,
    config,
    random: () => 0.5, // no jitter: schedules are exact
    onItems: (feed, items, meta) => {
      received.push({ feed, items, initialPoll: meta.initialPoll });
    },
    ...extra,
  });
  const feed = (url: string, name = 'Test Outlet') => store.upsertFeed({ url, name });
  const reload = (id: string) => store.getFeed(id)!;
  const at = (ms: number) => new Date(Date.parse(START) + ms).toISOString();
  return { poller, store, clock, logs, received, config, feed, reload, at };
}
