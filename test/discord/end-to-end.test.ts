import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDiscordAdapter } from '../../src/adapters/discord/discord-app.js';
import { ThreadlineApp } from '../../src/app/app.js';
import { loadEnv } from '../../src/config/env.js';
import { parseConfig } from '../../src/config/load-config.js';
import { openStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { ManualClock } from '../../src/util/clock.js';
import { silentLogger } from '../../src/util/logger.js';
import { FakeDiscordApi, type FakeMessage } from '../fakes/discord-api.js';
import { FeedServer } from '../feeds/feed-server.js';
import { rss, type FixtureItem } from '../feeds/feed-fixtures.js';

/**
 * The whole way through, as in production: two outlets' feeds served on 127.0.0.1, the
 * app's poller, ingest pipeline and outbox worker, and the Discord adapter built from the
 * environment alone (DISCORD_API_URL), so the real @discordjs/rest client talks to the
 * fake Discord API. Each "lifetime" opens the same SQLite file, polls once and closes.
 */

const CHANNEL = '123456789012345678';
const FORUM = '123456789012345679';

// Invented news, written for this test: one Meta storyline over three days.
const STORY: FixtureItem = {
  title: 'Meta signs nuclear power deal to run its Llama training clusters',
  link: 'https://harbour-ledger.example/2025/07/meta-nuclear-deal',
  guid: 'hl-meta-nuclear',
  date: 'Mon, 14 Jul 2025 08:00:00 GMT',
  description:
    'Meta has agreed a twenty-year contract with Northgate Energy to buy the entire output of a nuclear plant in Ohio, the company said on Monday. ' +
    'The power will feed the data centres where Meta trains its Llama models, which have grown to more than a million GPUs. ' +
    'Northgate will extend the life of the plant by two decades and add a small modular reactor on the same site by 2031. ' +
    'Meta did not disclose the price, but analysts put the deal at several billion dollars over its lifetime.',
};

// Another outlet running the same wire copy a few hours later, lightly edited.
const COPY: FixtureItem = {
  title: 'Meta signs nuclear power deal to run Llama training clusters',
  link: 'https://pixel-courier.example/news/meta-nuclear-power',
  guid: 'pc-5521',
  date: 'Mon, 14 Jul 2025 11:30:00 GMT',
  description:
    'Meta has agreed a twenty-year contract with Northgate Energy to buy the entire output of a nuclear plant in Ohio, the company said on Monday. ' +
    'The power will feed the data centres where Meta trains its Llama models, which have grown to more than a million GPUs. ' +
    'Northgate will extend the life of the plant by two decades and add a small modular reactor on the same site by 2031. ' +
    'Meta did not disclose the price, but analysts put the deal at several billion dollars over its lifetime.',
};

// Three days on: the same storyline moves forward.
const FOLLOW_UP: FixtureItem = {
  title: 'Ohio regulators approve Meta and Northgate nuclear deal for Llama data centres',
  link: 'https://harbour-ledger.example/2025/07/ohio-approves-meta-nuclear',
  guid: 'hl-meta-nuclear-approval',
  date: 'Thu, 17 Jul 2025 09:00:00 GMT',
  description:
    'Ohio utility regulators approved the twenty-year nuclear power contract between Meta and Northgate Energy on Thursday. ' +
    'The plant will supply the data centres where Meta trains its Llama models from next spring. ' +
    'Regulators required Northgate to fund a grid upgrade so that local customers do not pay for the deal. ' +
    'Construction of the small modular reactor is now set to begin in 2027.',
};

const feeds = new FeedServer();
let ledgerItems: FixtureItem[] = [STORY];
let courierItems: FixtureItem[] = [COPY];
let discord: FakeDiscordApi;
let dir: string;
const keys = generateKeyPairSync('ed25519');
const publicKeyHex = keys.publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');

beforeAll(async () => {
  await feeds.start();
  feeds.route('/ledger.xml', () => ({ headers: { 'content-type': 'application/rss+xml' }, body: rss(ledgerItems, { title: 'Harbour Ledger' }) }));
  feeds.route('/courier.xml', () => ({ headers: { 'content-type': 'application/rss+xml' }, body: rss(courierItems, { title: 'Pixel Courier' }) }));
  discord = await new FakeDiscordApi().start();
  discord.addTextChannel(CHANNEL);
  discord.addForumChannel(FORUM);
  dir = mkdtempSync(join(tmpdir(), 'threadline-discord-e2e-'));
});

afterAll(async () => {
  await feeds.close();
  await discord.close();
  rmSync(dir, { recursive: true, force: true });
});

function config() {
  return parseConfig({
    allowPrivateFeeds: true,
    poll: { interval: '10m', backfill: 5 },
    feeds: [
      { url: feeds.url('/ledger.xml'), name: 'Harbour Ledger' },
      { url: feeds.url('/courier.xml'), name: 'Pixel Courier' },
    ],
    topics: [{ id: 'meta-ai', title: 'Meta AI', keywords: ['meta', 'llama'], entities: ['Meta', 'Llama', 'Northgate Energy'] }],
    channels: [
      { platform: 'discord', id: CHANNEL, topics: ['meta-ai'] },
      { platform: 'discord', id: FORUM, topics: ['meta-ai'], forum: true },
    ],
  });
}

function env() {
  // The gateway stays off (gateway: false below); every REST call must go where DISCORD_API_URL says.
  return loadEnv({ DISCORD_TOKEN: discord.token, DISCORD_APPLICATION_ID: discord.applicationId, DISCORD_PUBLIC_KEY: publicKeyHex, DISCORD_API_URL: discord.api });
}

/** One process lifetime: open the file, poll once, deliver, optionally use the running app, close. */
async function lifetime<T>(clock: ManualClock, during?: (app: ThreadlineApp, store: Store) => Promise<T>): Promise<T | undefined> {
  const store = openStore(join(dir, 'threadline.db'));
  const cfg = config();
  const app = new ThreadlineApp({
    config: cfg,
    env: env(),
    store,
    clock,
    log: silentLogger(),
    adapters: ({ router, server }) => [createDiscordAdapter({ env: env(), config: cfg, store, clock, log: silentLogger(), server, router, gateway: false, deferAfterMs: 2000 })],
  });
  try {
    await app.runOnce();
    return during ? await during(app, store) : undefined;
  } finally {
    await app.stop();
    store.close();
  }
}

function titles(messages: FakeMessage[]): string[] {
  return messages.map((m) => m.embeds[0]?.title ?? m.content);
}

describe('Discord end to end: feeds → pipeline → outbox → discord.js REST → fake Discord', () => {
  it('threads a story, folds in a copy, adds a follow-up days later, and posts nothing again after a restart', async () => {
    const clock = new ManualClock('2025-07-14T12:00:00Z');

    // Day 1: the story and another outlet's copy of it.
    await lifetime(clock);
    const roots = discord.messagesIn(CHANNEL);
    expect(titles(roots)).toEqual([STORY.title]);
    const root = roots[0]!;
    const [thread] = discord.threadsOf(CHANNEL);
    expect(thread?.id).toBe(root.id);
    expect(thread?.name).toBe(STORY.title);
    const embed = root.embeds[0]!;
    expect(embed.url).toBe(STORY.link);
    expect(embed.description).toContain('Northgate Energy');
    const fields = Object.fromEntries((embed.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields.Outlet).toBe('Harbour Ledger');
    expect(fields.Published).toContain('14 Jul 2025');
    expect(fields.Entities).toContain('Meta');
    const noteInThread = discord.messagesIn(thread!.id);
    expect(noteInThread).toHaveLength(1);
    expect(noteInThread[0]!.content).toContain('Also reported by **Pixel Courier**');
    expect(noteInThread[0]!.content).toContain(COPY.link);
    expect(discord.messages.get(root.id)?.embeds[0]?.fields?.find((f) => f.name === 'Also reported by')?.value).toContain('Pixel Courier');

    // Day 4: the follow-up goes into the same thread, not the channel.
    clock.set('2025-07-17T12:00:00Z');
    ledgerItems = [FOLLOW_UP, STORY];
    await lifetime(clock);
    expect(titles(discord.messagesIn(CHANNEL))).toEqual([STORY.title]);
    const inThread = discord.messagesIn(thread!.id);
    expect(inThread).toHaveLength(2);
    expect(inThread[1]!.embeds[0]?.title).toBe(FOLLOW_UP.title);
    expect(inThread[1]!.embeds[0]?.author?.name).toBe('Follow-up');

    // The forum channel got one post for the storyline, with the copy and the follow-up inside it.
    const posts = discord.threadsOf(FORUM);
    expect(posts.map((p) => p.name)).toEqual([STORY.title]);
    const inPost = discord.messagesIn(posts[0]!.id);
    expect(titles(inPost)).toEqual([STORY.title, expect.stringContaining('Also reported by **Pixel Courier**'), FOLLOW_UP.title]);

    // Every channel call came through DISCORD_API_URL with the bot token from the environment.
    const channelCalls = discord.calls.filter((c) => c.path.startsWith('/channels/'));
    expect(channelCalls.length).toBeGreaterThanOrEqual(5);
    expect(channelCalls.every((c) => c.authorization === `Bot ${discord.token}`)).toBe(true);

    // Restart: same file, same feeds polled again; nothing new reaches Discord.
    const before = discord.messages.size;
    const postsBefore = discord.callsTo('POST', /^\/channels\//).length;
    clock.advance(15 * 60_000);
    const timeline = await lifetime(clock, async (app, store) => {
      const outbox = store.listDeliveries();
      for (const channelId of [CHANNEL, FORUM]) {
        expect(outbox.filter((d) => d.channelId === channelId).map((d) => [d.kind, d.status])).toEqual([
          ['story', 'sent'],
          ['also-reported', 'sent'],
          ['follow-up', 'sent'],
        ]);
      }
      expect(new Set(outbox.map((d) => d.storylineId)).size).toBe(1);
      // The interactions endpoint lives on the app's shared server.
      const port = await app.server.listen(0, '127.0.0.1');
      const body = JSON.stringify({
        id: discord.snowflake(),
        application_id: discord.applicationId,
        type: 2,
        token: 'e2e-token',
        version: 1,
        channel_id: CHANNEL,
        member: { user: { id: '555' } },
        data: { id: '1', name: 'meta-ai', type: 1, options: [{ type: 1, name: 'timeline', options: [{ type: 3, name: 'period', value: 'all' }] }] },
      });
      const timestamp = String(Math.floor(clock.now().getTime() / 1000));
      const signature = sign(null, Buffer.from(timestamp + body), keys.privateKey).toString('hex');
      const res = await fetch(`http://127.0.0.1:${port}/discord/interactions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp },
        body,
      });
      return { status: res.status, json: (await res.json()) as { type: number; data?: { embeds?: { description?: string }[] } } };
    });
    expect(discord.messages.size).toBe(before);
    expect(discord.callsTo('POST', /^\/channels\//)).toHaveLength(postsBefore);

    // `/meta-ai timeline all` through the app's real router: the storyline's entries, oldest first.
    expect(timeline?.status).toBe(200);
    expect(timeline?.json.type).toBe(4);
    const text = (timeline?.json.data?.embeds ?? []).map((e) => e.description ?? '').join('\n');
    const storyAt = text.indexOf('Meta signs nuclear power deal');
    const followAt = text.indexOf('Ohio regulators approve');
    expect(storyAt).toBeGreaterThanOrEqual(0);
    expect(followAt).toBeGreaterThan(storyAt);
  });
});
