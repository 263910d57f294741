import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/sqlite-store.js';
import { ManualClock } from '../../src/util/clock.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { rss, type FixtureItem } from '../feeds/feed-fixtures.js';
import { FeedServer } from '../feeds/feed-server.js';
import { GLASSES, STORY } from './fixtures.js';
import { sendSlash, slackConfig, startSlackApp } from './harness.js';

/**
 * `/threadline subscribe` from Slack is stored in the database: after a restart (a new
 * process on the same file) the channel still follows the topic and gets the next story.
 */

const feeds = new FeedServer();
let items: FixtureItem[] = [];
let dir: string;
let fake: FakeSlackApi;

beforeAll(async () => {
  await feeds.start();
  feeds.route('/feed.xml', () => ({ headers: { 'content-type': 'application/rss+xml' }, body: rss(items) }));
  fake = await new FakeSlackApi().start();
  dir = mkdtempSync(join(tmpdir(), 'threadline-slack-subs-'));
});
afterAll(async () => {
  await fake.close();
  await feeds.close();
  rmSync(dir, { recursive: true, force: true });
});

async function lifetime<T>(clock: ManualClock, body: (h: Awaited<ReturnType<typeof startSlackApp>>) => Promise<T>): Promise<T> {
  const store = openStore(join(dir, 'threadline.db'));
  const config = slackConfig({ feeds: [{ url: feeds.url('/feed.xml'), name: 'AI Wire' }], channels: ['C0META'] });
  const h = await startSlackApp({ fake, config, store, clock });
  try {
    return await body(h);
  } finally {
    await h.stop();
    store.close();
  }
}

async function slash(eventsUrl: string, command: string, text: string, channel: string) {
  return (await sendSlash(fake, eventsUrl, command, text, channel)).answer;
}

describe('/threadline subscribe from Slack', () => {
  it('is stored, survives a restart and routes the next story to the channel', async () => {
    const clock = new ManualClock('2025-07-16T08:00:00Z');
    items = [GLASSES];

    await lifetime(clock, async (h) => {
      await h.app.runOnce();
      expect(fake.topLevel('C0NEWS')).toHaveLength(0);
      const answer = await slash(h.eventsUrl, '/threadline', 'subscribe meta-ai', 'C0NEWS');
      expect(answer.response_type).toBe('ephemeral');
      expect(answer.text).toContain('now follows meta-ai');
      const again = await slash(h.eventsUrl, '/threadline', 'subscribe meta-ai', 'C0NEWS');
      expect(again.text).toContain('already follows meta-ai');
      const unknown = await slash(h.eventsUrl, '/threadline', 'subscribe bananas', 'C0NEWS');
      expect(unknown.text).toContain('Unknown topic "bananas"');
    });

    clock.advance(15 * 60_000);
    items = [STORY, GLASSES];
    await lifetime(clock, async (h) => {
      const topics = await slash(h.eventsUrl, '/threadline', 'topics', 'C0NEWS');
      expect(topics.text).toContain('✓ Meta AI (/meta-ai)');
      await h.app.runOnce();
    });

    // The earlier story is not re-posted to the new channel; the next one is.
    const posted = fake.topLevel('C0NEWS');
    expect(posted).toHaveLength(1);
    expect(posted[0]!.text).toContain('Llama 5 Behemoth');
    expect(fake.topLevel('C0META').map((m) => m.text)).toEqual([expect.stringContaining('Ray-Ban'), expect.stringContaining('Llama 5 Behemoth')]);
  });
});
