import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invocation } from '../../commands/types.js';
import { parseConfig } from '../../src/config/load-config.js';
import { ManualClock } from '../../src/util/clock.js';
import { FeedServer } from '../feeds/feed-server.js';
import { AI_ITEMS, rss } from '../feeds/feed-fixtures.js';
import { AppHarness } from '../pipeline/app-harness.js';

/**
 * A feed that keeps failing is paused after `poll.pauseAfterFailures` polls in a row, and
 * every channel that receives posts (config channels and runtime subscriptions) gets ONE
 * short notice, then one more when the feed recovers. Through the app's real poller and
 * outbox, with the feed served on 127.0.0.1.
 */

const feeds = new FeedServer();
let failing = false;
let h: AppHarness;
const clock = new ManualClock('2025-07-15T12:00:00Z');

beforeAll(async () => {
  await feeds.start();
  feeds.route('/flaky.xml', () => (failing ? { status: 500, headers: { 'content-type': 'text/plain' }, body: 'upstream exploded' } : { body: rss(AI_ITEMS, { title: 'Flaky' }) }));
  feeds.route('/steady.xml', () => ({ body: rss([], { title: 'Steady' }) }));
  h = new AppHarness(
    {
      poll: { interval: '10m', pauseAfterFailures: 3 },
      feeds: [
        { url: feeds.url('/flaky.xml'), name: 'Flaky Ledger' },
        { url: feeds.url('/steady.xml'), name: 'Steady Wire' },
      ],
      topics: [
        { id: 'ai', title: 'AI', keywords: ['model', 'chatbot'] },
        { id: 'chips', title: 'Chips', keywords: ['chips'] },
      ],
      channels: [
        { platform: 'slack', id: 'CAI', topics: ['ai'] },
        { platform: 'slack', id: 'CCHIPS', topics: ['chips'], digest: { every: 'daily', at: '08:00', only: true } },
        { platform: 'discord', id: '323456789012345678', topics: ['*'] },
      ],
    },
    clock,
  ).open();
  h.store.addSubscription({ platform: 'slack', channelId: 'CRUNTIME', topic: 'ai' });
});

afterAll(async () => {
  await h.close();
  await h.dispose();
  await feeds.close();
});

const notices = () => h.store.listDeliveries().filter((d) => d.kind === 'notice');
const flaky = () => h.store.listFeeds().find((f) => f.name === 'Flaky Ledger')!;
const ask = (sub: string, args: string[] = []): Invocation => ({ platform: 'slack', command: 'threadline', subcommand: sub, args, channelId: 'CAI', userId: 'U1' });

describe('feed notices', () => {
  it('defaults to pausing after 10 failures', () => {
    expect(parseConfig({ topics: [{ id: 'ai', title: 'AI', keywords: ['ai'] }] }).poll.pauseAfterFailures).toBe(10);
  });

  it('pauses a failing feed after N polls, tells each channel once, and once more when it recovers', async () => {
    await h.poll();
    expect(flaky().consecutiveFailures).toBe(0);
    failing = true;

    for (let i = 1; i <= 2; i++) {
      clock.advance(6 * 3600_000);
      await h.poll();
      expect(flaky().consecutiveFailures).toBe(i);
    }
    expect(notices()).toHaveLength(0);

    clock.advance(6 * 3600_000);
    await h.poll();
    expect(flaky().paused).toBe(true);
    const paused = notices();
    expect(paused.map((d) => `${d.platform} ${d.channelId}`).sort()).toEqual(['discord 323456789012345678', 'slack CAI', 'slack CCHIPS', 'slack CRUNTIME']);
    const text = paused[0]!.post.body!;
    expect(text).toContain('Feed "Flaky Ledger" is paused after 3 failed polls');
    expect(text).toContain('HTTP 500');
    expect(text.length).toBeLessThan(400);
    expect(paused.every((d) => d.post.headline === 'Feed paused: Flaky Ledger')).toBe(true);

    // Still failing (it is still polled, so it can recover): no further notices.
    for (let i = 0; i < 3; i++) {
      clock.advance(6 * 3600_000);
      await h.poll();
    }
    expect(flaky().consecutiveFailures).toBe(6);
    expect(notices()).toHaveLength(4);

    // `/threadline feeds` shows the paused feed and its last error; the healthy one as ok.
    const reply = await h.app.router.run(ask('feeds'));
    expect(reply.text).toMatch(/⏸ paused Flaky Ledger \(.*last error: .*HTTP 500/);
    expect(reply.text).toMatch(/✓ ok Steady Wire/);

    failing = false;
    clock.advance(6 * 3600_000);
    await h.poll();
    expect(flaky().paused).toBe(false);
    const recovered = notices().slice(4);
    expect(recovered.map((d) => d.channelId).sort()).toEqual(['323456789012345678', 'CAI', 'CCHIPS', 'CRUNTIME']);
    expect(recovered[0]!.post.body).toContain('Feed "Flaky Ledger" is back');
    expect((await h.app.router.run(ask('feeds'))).text).toMatch(/✓ ok Flaky Ledger/);

    // A healthy feed stays quiet.
    clock.advance(6 * 3600_000);
    await h.poll();
    expect(notices()).toHaveLength(8);
  });

  it('does not repeat the notice after a restart while the feed is still paused', async () => {
    failing = true;
    for (let i = 0; i < 3; i++) {
      clock.advance(6 * 3600_000);
      await h.poll();
    }
    expect(notices()).toHaveLength(12);
    await h.close();
    h.open();
    clock.advance(6 * 3600_000);
    await h.poll();
    expect(flaky().paused).toBe(true);
    expect(notices()).toHaveLength(12);
  });
});
