import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/sqlite-store.js';
import { ManualClock } from '../../src/util/clock.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { rss } from '../feeds/feed-fixtures.js';
import { FeedServer } from '../feeds/feed-server.js';
import { DATA_CENTRE, FOLLOW_UP, GLASSES, STORY } from './fixtures.js';
import { slackConfig, startSlackApp } from './harness.js';

/**
 * Slack far stricter than the worker's own pacing: the fake allows one message per
 * channel per minute (the worker paces 1/s), answering 429 + Retry-After otherwise, so
 * every channel is refused and the long waits go back to the worker. Every post still
 * lands exactly once, and never faster than the fake allowed.
 */

const feeds = new FeedServer();
beforeAll(async () => {
  await feeds.start();
  feeds.route('/feed.xml', () => ({ headers: { 'content-type': 'application/rss+xml' }, body: rss([FOLLOW_UP, STORY, GLASSES, DATA_CENTRE]) }));
});
afterAll(() => feeds.close());

describe('per-channel rate limits', () => {
  it('waits out every 429 and posts each message once per channel', async () => {
    const clock = new ManualClock('2025-07-16T08:00:00Z');
    const fake = await new FakeSlackApi({ channelRateLimit: { limit: 1, windowMs: 60_000 }, now: () => clock.now().getTime() }).start();
    const store = openStore(':memory:');
    const channels = ['C0ONE', 'C0TWO', 'C0THREE'];
    const h = await startSlackApp({ fake, config: slackConfig({ feeds: [{ url: feeds.url('/feed.xml'), name: 'AI Wire' }], channels }), store, clock });
    try {
      await h.app.runOnce();
      await h.app.worker.drain({ waitForRetriesMs: 30 * 60_000 });

      expect(store.listDeliveries().every((d) => d.status === 'sent')).toBe(true);
      const stats = fake.channelStats();
      for (const channel of channels) {
        // Three stories at the top, the follow-up in the Behemoth thread: four messages, no repeats.
        const messages = fake.messages.filter((m) => m.channel === channel);
        expect(messages).toHaveLength(4);
        expect(new Set(messages.map((m) => m.text)).size).toBe(4);
        expect(fake.topLevel(channel)).toHaveLength(3);
        expect(stats.get(channel)).toMatchObject({ posts: 4 });
        expect(stats.get(channel)!.rateLimited).toBeGreaterThan(0);
        const accepted = fake.callsTo('chat.postMessage').filter((c) => c.args.channel === channel && c.status === 200).map((c) => c.at);
        for (let i = 1; i < accepted.length; i++) expect(accepted[i]! - accepted[i - 1]!).toBeGreaterThanOrEqual(60_000);
      }
      expect(fake.totalRateLimited()).toBe([...stats.values()].reduce((n, s) => n + s.rateLimited, 0));
    } finally {
      await h.stop();
      store.close();
      await fake.close();
    }
  });
});
