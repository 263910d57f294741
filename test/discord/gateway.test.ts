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
import { restFor } from './helpers.js';
import { testConfig, testRouter, type CountingRouter } from './test-router.js';

let fake: FakeDiscordApi;
let gateway: FakeDiscordGateway;
let store: Store;
let router: CountingRouter;
let adapter: DiscordAdapter;
const BOT_ID = '900000000000000001';

beforeEach(async () => {
  fake = await new FakeDiscordApi({ applicationId: BOT_ID }).start();
  gateway = await new FakeDiscordGateway({ id: BOT_ID, username: 'threadline' }, BOT_ID).start();
  fake.gatewayUrl = gateway.url;
  store = openStore(':memory:');
  const clock = new ManualClock('2025-07-20T12:00:00Z');
  const config = testConfig();
  router = testRouter({ config, store, clock });
  const env = loadEnv({ DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: BOT_ID, DISCORD_API_URL: fake.api });
  adapter = createDiscordAdapter({ env, config, store, clock, log: silentLogger(), router, rest: restFor(fake) });
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
    gateway.dispatch('INTERACTION_CREATE', {
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
      data: { id: '1', name: 'meta-ai', type: 1, options: [{ name: 'timeline', type: 1, options: [] }] },
    });

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

  it('fails start() with a clear error when the token is refused', async () => {
    const env = loadEnv({ DISCORD_TOKEN: 'wrong-token', DISCORD_API_URL: fake.api });
    const bad = createDiscordAdapter({ env, config: testConfig(), store, clock: new ManualClock(), log: silentLogger(), router });
    await expect(bad.start()).rejects.toThrow(/discord gateway: could not connect/);
    await bad.stop();
  });
});
