import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../src/adapters/discord/discord-app.js';
import { loadEnv } from '../../src/config/env.js';
import { openStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { ManualClock } from '../../src/util/clock.js';
import { silentLogger } from '../../src/util/logger.js';
import { makeArticle, makeStoryline } from '../helpers/articles.js';
import { FakeDiscordApi } from '../fakes/discord-api.js';
import { FakeDiscordGateway } from '../fakes/discord-gateway.js';
import type { CommandRouter, Reply } from '../../commands/types.js';
import { createCommandRouter } from '../../commands/router.js';
import { restFor } from './helpers.js';
import { testConfig, testRouter, type CountingRouter } from './test-router.js';

let fake: FakeDiscordApi;
let gateway: FakeDiscordGateway;
let store: Store;
let router: CountingRouter;
let adapter: DiscordAdapter;
let mode: 'test' | 'real' | 'slow' = 'test';
let release: (reply: Reply) => void = () => undefined;
const BOT_ID = '900000000000000001';

beforeEach(async () => {
  fake = await new FakeDiscordApi({ applicationId: BOT_ID }).start();
  gateway = await new FakeDiscordGateway({ id: BOT_ID, username: 'threadline' }, BOT_ID).start();
  fake.gatewayUrl = gateway.url;
  store = openStore(':memory:');
  const clock = new ManualClock('2025-07-20T12:00:00Z');
  const config = testConfig();
  router = testRouter({ config, store, clock });
  const real = createCommandRouter({ config, store, clock });
  mode = 'test';
  // One adapter per test; which router answers is switched per test.
  const active = (): CommandRouter => (mode === 'real' ? real : router);
  const switching: CommandRouter = {
    definitions: () => active().definitions(),
    run: (inv) => (mode === 'slow' ? new Promise<Reply>((resolve) => (release = resolve)) : active().run(inv)),
    threadReply: (q) => active().threadReply(q),
  };
  const env = loadEnv({ DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: BOT_ID, DISCORD_API_URL: fake.api });
  adapter = createDiscordAdapter({ env, config, store, clock, log: silentLogger(), router: switching, rest: restFor(fake), deferAfterMs: 100 });
  await adapter.start();
});

afterEach(async () => {
  await adapter.stop();
  await gateway.close();
  await fake.close();
  store.close();
});

function user(id: string): Record<string, unknown> {
  return { id, username: `user${id}`, discriminator: '0', global_name: null, avatar: null };
}

/** An INTERACTION_CREATE as Discord sends it (discord.js builds its own objects from every field here). */
function interactionCreate(token: string, data: Record<string, unknown>): Record<string, unknown> {
  return {
    id: fake.snowflake(),
    application_id: BOT_ID,
    type: 2,
    token,
    version: 1,
    channel_id: '123456789012345678',
    guild_id: fake.guildId,
    member: { user: user('555'), roles: [], joined_at: '2025-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0, permissions: '0' },
    app_permissions: '0',
    locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: {},
    data,
  };
}

function messageCreate(channelId: string, content: string, mentions: string[]): Record<string, unknown> {
  return {
    id: fake.snowflake(),
    type: 0,
    channel_id: channelId,
    guild_id: fake.guildId,
    author: user('555'),
    member: { roles: [], joined_at: '2025-01-01T00:00:00.000Z', deaf: false, mute: false, flags: 0 },
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: mentions.map(user),
    mention_roles: [],
    attachments: [],
    embeds: [],
    pinned: false,
    flags: 0,
    components: [],
  };
}

describe('Discord gateway mode (discord.js Client against a fake gateway)', () => {
  it('connects through GET /gateway/bot and identifies with the bot token and guild intents', async () => {
    await gateway.ready();
    expect(fake.callsTo('GET', /^\/gateway\/bot$/)).toHaveLength(1);
    expect(gateway.identifies[0]?.token).toBe(fake.token);
    // Guilds (1) | GuildMessages (512)
    expect(gateway.identifies[0]?.intents).toBe(513);
    expect(adapter.connected()).toBe(true);
  });

  it('answers an application command received over the gateway through the interaction callback', async () => {
    const a = makeArticle({ id: 'a', title: 'Meta invests in Scale AI', published: '2025-06-10T09:00:00.000Z' });
    store.upsertStoryline(makeStoryline(a));
    store.insertArticle(a);
    const token = 'gw-token';
    gateway.dispatch('INTERACTION_CREATE', interactionCreate(token, { id: '1', name: 'meta-ai', type: 1, options: [{ name: 'timeline', type: 1, options: [] }] }));

    const callback = await fake.waitForCall((c) => c.method === 'POST' && c.path.endsWith(`/${token}/callback`));
    expect(callback.status).toBe(204);
    const body = callback.body as { type: number; data: { flags: number; embeds: { description: string }[] } };
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(64);
    expect(body.data.embeds[0]?.description).toContain('Meta invests in Scale AI');
    expect(router.runs[0]).toMatchObject({ command: 'meta-ai', subcommand: 'timeline', userId: '555' });
  });

  it('answers a mention in a storyline thread in that thread, and ignores mentions elsewhere', async () => {
    const parent = fake.addTextChannel();
    const thread = fake.addThread(parent);
    const other = fake.addThread(parent);
    store.saveThreadRef({ platform: 'discord', channelId: parent, storylineId: 's-a', messageId: thread, threadId: thread, updatedAt: '2025-07-20T12:00:00Z' });
    await gateway.ready();

    gateway.dispatch('MESSAGE_CREATE', messageCreate(other, `<@${BOT_ID}> sources`, [BOT_ID]));
    gateway.dispatch('MESSAGE_CREATE', messageCreate(thread, 'no mention here', []));
    const asked = messageCreate(thread, `<@${BOT_ID}> sources`, [BOT_ID]);
    gateway.dispatch('MESSAGE_CREATE', asked);

    const reply = await fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${thread}/messages`);
    await adapter.idle();
    expect(reply.status).toBe(200);
    expect((reply.body as { message_reference: { message_id: string } }).message_reference.message_id).toBe(asked.id);
    expect(fake.messagesIn(thread)[0]?.embeds[0]?.description).toBe('Sources for s-a');
    expect(router.threadReplies).toEqual([{ channelId: parent, storylineId: 's-a', text: 'sources' }]);
    expect(fake.messagesIn(other)).toHaveLength(0);
  });

  it('defers a slow command over the gateway (callback type 5), then edits the original', async () => {
    mode = 'slow';
    await gateway.ready();
    const token = 'gw-slow';
    gateway.dispatch('INTERACTION_CREATE', interactionCreate(token, { id: '1', name: 'meta-ai', type: 1, options: [{ name: 'latest', type: 1, options: [] }] }));
    const callback = await fake.waitForCall((c) => c.method === 'POST' && c.path.endsWith(`/${token}/callback`));
    expect(callback.body).toEqual({ type: 5 });
    expect(fake.callsTo('PATCH', /@original$/)).toHaveLength(0);

    release({ visibility: 'in_channel', text: 'Latest', blocks: [{ type: 'paragraph', text: 'Latest Meta stories' }] });
    const edit = await fake.waitForCall((c) => c.method === 'PATCH' && c.path === `/webhooks/${BOT_ID}/${token}/messages/@original`);
    expect(edit.status).toBe(200);
    expect((edit.body as { embeds: { description: string }[] }).embeds[0]?.description).toBe('Latest Meta stories');
  });

  it('answers sources, timeline, summary and what\'s new in a storyline thread with the real router', async () => {
    mode = 'real';
    const first = makeArticle({ id: 'm1', title: 'Meta signs a nuclear power deal', source: 'Harbour Ledger', published: '2025-07-14T08:00:00.000Z', storylineId: 's-m', summary: 'Meta will buy the output of a nuclear plant.' });
    const copy = makeArticle({ id: 'm2', title: 'Meta signs nuclear power deal', source: 'Pixel Courier', url: 'https://pixel-courier.example/m2', published: '2025-07-14T11:00:00.000Z', storylineId: 's-m', duplicateOf: 'm1', duplicateReason: 'near-text' });
    const later = makeArticle({ id: 'm3', title: 'Regulators approve the Meta nuclear deal', source: 'Harbour Ledger', published: '2025-07-17T09:00:00.000Z', storylineId: 's-m', summary: 'Ohio approved the contract.', whatsNew: ['Northgate must pay for a grid upgrade.'] });
    store.upsertStoryline(makeStoryline(first, { articleCount: 3, updatedAt: later.published }));
    for (const a of [first, copy, later]) store.insertArticle(a);
    const parent = fake.addTextChannel();
    const thread = fake.addThread(parent);
    store.saveThreadRef({ platform: 'discord', channelId: parent, storylineId: 's-m', messageId: thread, threadId: thread, updatedAt: '2025-07-20T12:00:00Z' });
    await gateway.ready();

    const ask = async (question: string): Promise<{ title?: string; description?: string }> => {
      const asked = messageCreate(thread, `<@${BOT_ID}> ${question}`, [BOT_ID]);
      const before = fake.messagesIn(thread).length;
      gateway.dispatch('MESSAGE_CREATE', asked);
      await fake.waitForCall((c) => c.method === 'POST' && c.path === `/channels/${thread}/messages` && (c.body as { message_reference?: { message_id: string } }).message_reference?.message_id === asked.id);
      await adapter.idle();
      const replies = fake.messagesIn(thread);
      expect(replies).toHaveLength(before + 1);
      return replies[replies.length - 1]!.embeds[0] ?? {};
    };

    const sources = await ask('sources');
    expect(sources.title).toBe('2 outlets covered this story');
    expect(sources.description).toContain('Pixel Courier');

    const timeline = await ask('timeline please');
    expect(timeline.title).toBe('Timeline: Meta signs a nuclear power deal');
    const desc = timeline.description ?? '';
    expect(desc.indexOf('Meta signs a nuclear power deal')).toBeGreaterThanOrEqual(0);
    expect(desc.indexOf('Regulators approve the Meta nuclear deal')).toBeGreaterThan(desc.indexOf('Meta signs a nuclear power deal'));

    const summary = await ask('summary');
    expect(summary.description).toContain('Meta will buy the output of a nuclear plant.');
    expect(summary.description).toContain('Latest: Ohio approved the contract.');

    const news = await ask("what's new?");
    expect(news.title).toMatch(/^New in Harbour Ledger's report/);
    expect(news.description).toContain('Northgate must pay for a grid upgrade.');
    // Every answer stayed in the thread; nothing went to the parent channel.
    expect(fake.messagesIn(parent)).toHaveLength(0);
  });

  it('fails start() with a clear error when the token is refused', async () => {
    const env = loadEnv({ DISCORD_TOKEN: 'wrong-token', DISCORD_API_URL: fake.api });
    const bad = createDiscordAdapter({ env, config: testConfig(), store, clock: new ManualClock(), log: silentLogger(), router });
    await expect(bad.start()).rejects.toThrow(/discord gateway: could not connect/);
    await bad.stop();
  });
});
