import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ThreadlineApp } from '../../src/app/app.js';
import { loadEnv } from '../../src/config/env.js';
import { parseConfig } from '../../src/config/load-config.js';
import { openStore } from '../../src/store/sqlite-store.js';
import { ManualClock } from '../../src/util/clock.js';
import { silentLogger } from '../../src/util/logger.js';
import { FeedServer } from '../feeds/feed-server.js';
import { rss, type FixtureItem } from '../feeds/feed-fixtures.js';

/**
 * The foundation's promise across restarts: a new feed's first poll posts only the
 * `backfill` newest items, and a restart (same database file, same feed) posts nothing
 * again, even when the feed answers 200 with the full document.
 */

const STORIES: FixtureItem[] = [
  ['Northwind Labs opens weights of its 40B reasoning model', 'northwind-weights', 'Tue, 15 Jul 2025 09:00:00 GMT', 'Northwind Labs released the weights of its 40-billion-parameter reasoning model under a permissive licence.'],
  ['Cobalt AI raises $300M Series C for inference chips', 'cobalt-series-c', 'Mon, 14 Jul 2025 16:30:00 GMT', 'The inference-chip start-up Cobalt AI raised a Series C led by growth investors.'],
  ['Regulators question data practices of chatbot makers', 'regulators-chatbots', 'Sun, 13 Jul 2025 08:15:00 GMT', 'A consultation asks how chatbot training data is collected and how users can opt out.'],
  ['Anthropic ships a new Claude model for coding agents', 'claude-coding', 'Sat, 12 Jul 2025 10:00:00 GMT', 'Anthropic released a Claude model tuned for long-running coding agents.'],
  ['Google DeepMind details a Gemini robotics controller', 'gemini-robotics', 'Fri, 11 Jul 2025 07:00:00 GMT', 'Google DeepMind published a Gemini-based controller for warehouse robots.'],
].map(([title, slug, date, description]) => ({ title: title!, link: `https://ledger.example/news/${slug}`, guid: slug, date, description }));

const LATE_STORY: FixtureItem = {
  title: 'Mistral releases a small open-weight speech model',
  link: 'https://ledger.example/news/mistral-speech',
  guid: 'mistral-speech',
  date: 'Wed, 16 Jul 2025 09:00:00 GMT',
  description: 'Mistral published weights of a compact speech recognition model under Apache 2.0.',
};

const feeds = new FeedServer();
let dir: string;
let items: FixtureItem[] = STORIES;

beforeAll(async () => {
  await feeds.start();
  // No validators: every poll is a full 200, the harshest case for "never re-post".
  feeds.route('/feed.xml', () => ({ headers: { 'content-type': 'application/rss+xml' }, body: rss(items) }));
  dir = mkdtempSync(join(tmpdir(), 'threadline-restart-'));
});
afterAll(async () => {
  await feeds.close();
  rmSync(dir, { recursive: true, force: true });
});

function config() {
  return parseConfig({
    allowPrivateFeeds: true,
    poll: { interval: '10m', backfill: 2 },
    feeds: [{ url: feeds.url('/feed.xml'), name: 'The Gradient Ledger' }],
    topics: [{ id: 'ai', title: 'AI', keywords: ['model', 'ai', 'chatbot', 'weights', 'gemini', 'claude'] }],
    channels: [{ platform: 'discord', id: '123456789012345678', topics: ['*'] }],
  });
}

/** One process lifetime: open the file, poll once, close. Returns the outbox afterwards. */
async function lifetime(clock: ManualClock) {
  const store = openStore(join(dir, 'threadline.db'));
  try {
    const app = new ThreadlineApp({ config: config(), env: loadEnv({}), store, clock, log: silentLogger() });
    await app.runOnce();
    const articles = store.listArticlesSince('2000-01-01T00:00:00Z').length;
    return { deliveries: store.listDeliveries(), articles };
  } finally {
    store.close();
  }
}

describe('restart and backfill', () => {
  it('posts only the backfill newest on the first poll, nothing on restart, and only the new item later', async () => {
    const clock = new ManualClock('2025-07-16T08:00:00Z');

    const first = await lifetime(clock);
    expect(first.articles).toBe(STORIES.length);
    const posted = first.deliveries.filter((d) => d.kind === 'story');
    expect(posted).toHaveLength(2);

    clock.advance(15 * 60_000);
    const second = await lifetime(clock);
    expect(second.articles).toBe(STORIES.length);
    expect(second.deliveries.map((d) => d.id)).toEqual(first.deliveries.map((d) => d.id));

    items = [LATE_STORY, ...STORIES];
    clock.advance(15 * 60_000);
    const third = await lifetime(clock);
    expect(third.articles).toBe(STORIES.length + 1);
    const added = third.deliveries.filter((d) => !first.deliveries.some((f) => f.id === d.id));
    expect(added).toHaveLength(1);
    expect(added[0]!.kind).toBe('story');
  });
});
