import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDiscordAdapter, type DiscordAdapter } from '../../src/adapters/discord/discord-app.js';
import { toInvocation } from '../../src/adapters/discord/invocation.js';
import { loadEnv } from '../../src/config/env.js';
import { HttpServer } from '../../src/server/http-server.js';
import { openStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { ManualClock } from '../../src/util/clock.js';
import { silentLogger } from '../../src/util/logger.js';
import { makeArticle, makeStoryline } from '../helpers/articles.js';
import { FakeDiscordApi } from '../fakes/discord-api.js';
import type { CommandRouter, Reply } from '../../commands/types.js';
import { createCommandRouter } from '../../commands/router.js';
import type { ThreadlineConfig } from '../../src/config/schema.js';
import { restFor } from './helpers.js';
import { testConfig, testRouter, type CountingRouter } from './test-router.js';

interface Keys {
  publicKeyHex: string;
  privateKey: KeyObject;
}

function makeKeys(): Keys {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { publicKeyHex: der.subarray(der.length - 32).toString('hex'), privateKey };
}

let fake: FakeDiscordApi;
let server: HttpServer;
let store: Store;
let router: CountingRouter;
let adapter: DiscordAdapter;
let url: string;
const keys = makeKeys();

async function setUp(deferAfterMs: number, routerFor?: (deps: { config: ThreadlineConfig; store: Store; clock: ManualClock }) => CommandRouter): Promise<void> {
  fake = await new FakeDiscordApi().start();
  store = openStore(':memory:');
  const clock = new ManualClock('2025-07-20T12:00:00Z');
  const config = testConfig();
  router = testRouter({ config, store, clock });
  server = new HttpServer(silentLogger());
  const env = loadEnv({ DISCORD_PUBLIC_KEY: keys.publicKeyHex, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.api });
  const used = routerFor ? routerFor({ config, store, clock }) : router;
  adapter = createDiscordAdapter({ env, config, store, clock, log: silentLogger(), server, router: used, rest: restFor(fake), deferAfterMs });
  await adapter.start();
  const port = await server.listen(0, '127.0.0.1');
  url = `http://127.0.0.1:${port}/discord/interactions`;
}

afterEach(async () => {
  await adapter.stop();
  await server.close();
  await fake.close();
  store.close();
});

function seedTimeline(): void {
  // Inserted out of order: the reply must come back oldest first.
  const rows = [
    makeArticle({ id: 'b', title: 'Meta hires Alexandr Wang', published: '2025-06-12T09:00:00.000Z', storylineId: 's-b' }),
    makeArticle({ id: 'c', title: 'Behemoth delayed', published: '2025-07-15T09:00:00.000Z', storylineId: 's-c' }),
    makeArticle({ id: 'a', title: 'Meta invests in Scale AI', published: '2025-06-10T09:00:00.000Z', storylineId: 's-a' }),
  ];
  for (const a of rows) {
    store.upsertStoryline(makeStoryline(a));
    store.insertArticle(a);
  }
}

async function post(body: unknown, opts: { key?: KeyObject; tamper?: boolean; noHeaders?: boolean } = {}): Promise<Response> {
  const raw = JSON.stringify(body);
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = sign(null, Buffer.from(timestamp + raw), opts.key ?? keys.privateKey).toString('hex');
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (!opts.noHeaders) {
    headers['x-signature-ed25519'] = signature;
    headers['x-signature-timestamp'] = timestamp;
  }
  return fetch(url, { method: 'POST', headers, body: opts.tamper ? raw.replace('timeline', 'latest') : raw });
}

function command(options: unknown[], token = 'tok-' + Math.random().toString(36).slice(2), name = 'meta-ai'): Record<string, unknown> {
  return {
    id: fake.snowflake(),
    application_id: fake.applicationId,
    type: 2,
    token,
    version: 1,
    channel_id: '123456789012345678',
    guild_id: fake.guildId,
    member: { user: { id: '555' } },
    data: { id: '1', name, type: 1, options },
  };
}

describe('Discord HTTP interactions', () => {
  beforeEach(() => setUp(1500));

  it('answers PING with PONG', async () => {
    const res = await post({ id: '1', application_id: fake.applicationId, type: 1, token: 't', version: 1 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ type: 1 });
  });

  it('rejects a bad, missing or mismatched signature with 401 and never runs a command', async () => {
    const body = command([{ name: 'timeline', type: 1, options: [] }]);
    const other = generateKeyPairSync('ed25519').privateKey;
    expect((await post(body, { key: other })).status).toBe(401);
    expect((await post(body, { noHeaders: true })).status).toBe(401);
    expect((await post(body, { tamper: true })).status).toBe(401);
    expect((await post({ type: 1 }, { key: other })).status).toBe(401);
    expect(router.runs).toHaveLength(0);
  });

  it('answers /meta-ai timeline with the entries in date order, ephemeral', async () => {
    seedTimeline();
    const res = await post(command([{ name: 'timeline', type: 1, options: [] }]));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { type: number; data: { flags?: number; embeds: { title?: string; description?: string }[] } };
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(64);
    expect(router.runs[0]).toMatchObject({ platform: 'discord', command: 'meta-ai', subcommand: 'timeline', args: [], channelId: '123456789012345678', userId: '555' });
    const lines = (body.data.embeds[0]?.description ?? '').split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toContain('Meta invests in Scale AI');
    expect(lines[1]).toContain('Meta hires Alexandr Wang');
    expect(lines[2]).toContain('Behemoth delayed');
    expect(lines[0]).toMatch(/^\*\*10 Jun 2025\*\* · \[Meta invests in Scale AI\]\(<https:\/\/neuraldispatch\.example\/a>\)/);
  });

  it('answers an unknown interaction kind without failing', async () => {
    const res = await post({ ...command([]), type: 3 });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { flags: number } }).data.flags).toBe(64);
  });

  it('answers malformed JSON with 400 once the signature is valid', async () => {
    const raw = '{not json';
    const timestamp = '1700000000';
    const signature = sign(null, Buffer.from(timestamp + raw), keys.privateKey).toString('hex');
    const res = await fetch(url, { method: 'POST', headers: { 'x-signature-ed25519': signature, 'x-signature-timestamp': timestamp }, body: raw });
    expect(res.status).toBe(400);
  });
});

describe('Discord HTTP interactions: deferred replies', () => {
  beforeEach(() => setUp(0));

  it('defers, then edits @original with a public reply', async () => {
    seedTimeline();
    const token = 'tok-public';
    fake.openInteraction(token);
    const res = await post(command([{ name: 'timeline', type: 1, options: [{ name: 'visibility', type: 3, value: 'public' }, { name: 'period', type: 3, value: 'all' }] }], token));
    expect(await res.json()).toEqual({ type: 5 });
    // args follow the definition's option order, not the order they were sent in.
    expect(router.runs[0]?.args).toEqual(['all', 'public']);

    const edit = await fake.waitForCall((c) => c.method === 'PATCH' && c.path === `/webhooks/${fake.applicationId}/${token}/messages/@original`);
    expect(edit.status).toBe(200);
    expect(edit.authorization).toBeNull(); // the interaction token is the credential
    const original = fake.original(token);
    expect(original?.embeds[0]?.title).toBe('Meta AI timeline');
    expect(original?.embeds[0]?.description?.split('\n').map((l) => l.replace(/^.*\[(.*?)\].*$/, '$1'))).toEqual([
      'Meta invests in Scale AI',
      'Meta hires Alexandr Wang',
      'Behemoth delayed',
    ]);
  });

  it('replaces a public deferral with an ephemeral follow-up when the reply is ephemeral', async () => {
    seedTimeline();
    const token = 'tok-ephemeral';
    fake.openInteraction(token);
    const res = await post(command([{ name: 'timeline', type: 1, options: [] }], token));
    expect(await res.json()).toEqual({ type: 5 });

    const followUp = await fake.waitForCall((c) => c.method === 'POST' && c.path === `/webhooks/${fake.applicationId}/${token}`);
    expect((followUp.body as { flags: number }).flags).toBe(64);
    expect(fake.callsTo('DELETE', /@original$/).map((c) => c.status)).toEqual([204]);
    expect(fake.original(token)).toBeUndefined();
    expect(fake.webhookMessages(token)).toHaveLength(1);
  });

  it('defers help (no subcommand) as ephemeral', async () => {
    const token = 'tok-help';
    fake.openInteraction(token);
    const res = await post(command([], token));
    expect(await res.json()).toEqual({ type: 5, data: { flags: 64 } });
    await fake.waitForCall((c) => c.method === 'PATCH' && c.path.endsWith(`/${token}/messages/@original`));
    expect(fake.original(token)?.content).toBe('Usage: /meta-ai timeline');
  });
});

describe('Discord HTTP interactions: the 3 s deadline', () => {
  let release: (reply: Reply) => void = () => undefined;
  let finished = false;
  beforeEach(() => {
    finished = false;
    return setUp(20, () => ({
      definitions: () => router.definitions(),
      run: () =>
        new Promise<Reply>((resolve) => {
          release = (reply) => {
            finished = true;
            resolve(reply);
          };
        }),
      threadReply: async () => ({ visibility: 'in_channel', text: '', blocks: [] }),
    }));
  });

  it('defers (type 5) while the command is still running, then edits the original when it is done', async () => {
    const token = 'tok-slow';
    fake.openInteraction(token);
    const res = await post(command([{ name: 'timeline', type: 1, options: [{ name: 'visibility', type: 3, value: 'public' }] }], token));
    // The HTTP answer came back although the command has not finished.
    expect(await res.json()).toEqual({ type: 5 });
    expect(finished).toBe(false);
    expect(fake.callsTo('PATCH', /@original$/)).toHaveLength(0);

    release({ visibility: 'in_channel', text: 'Slow answer', blocks: [{ type: 'paragraph', text: 'Slow answer' }] });
    await adapter.idle();
    const [edit] = fake.callsTo('PATCH', new RegExp(`/webhooks/${fake.applicationId}/${token}/messages/@original$`));
    expect(edit?.status).toBe(200);
    expect((edit?.body as { flags?: number }).flags).toBeUndefined();
    expect(fake.original(token)?.embeds[0]?.description).toBe('Slow answer');
  });
});

describe('Discord HTTP interactions with the real command router', () => {
  let failing = false;
  beforeEach(() => {
    failing = false;
    return setUp(1500, (deps) => {
      const real = createCommandRouter({ ...deps, config: { ...deps.config, feeds: [] } });
      return { ...real, run: (inv) => (failing ? Promise.reject(new Error('store is down')) : real.run(inv)) };
    });
  });

  async function answer(name: string, options: unknown[]): Promise<{ type: number; data: { flags?: number; content?: string; embeds?: { title?: string; description?: string }[] } }> {
    const res = await post(command(options, undefined, name));
    expect(res.status).toBe(200);
    return (await res.json()) as never;
  }

  function text(body: { data: { content?: string; embeds?: { title?: string; description?: string }[] } }): string {
    return [body.data.content ?? '', ...(body.data.embeds ?? []).flatMap((e) => [e.title ?? '', e.description ?? ''])].join('\n');
  }

  it('answers /threadline help and errors as ephemeral (flag 64)', async () => {
    const help = await answer('threadline', [{ name: 'help', type: 1, options: [] }]);
    expect(help.type).toBe(4);
    expect(help.data.flags).toBe(64);
    expect(text(help)).toContain('/meta-ai timeline');

    const unknownTopic = await answer('threadline', [{ name: 'subscribe', type: 1, options: [{ name: 'topic', type: 3, value: 'nope' }] }]);
    expect(unknownTopic.data.flags).toBe(64);
    expect(text(unknownTopic)).toContain('Unknown topic "nope"');

    failing = true;
    const failed = await answer('meta-ai', [{ name: 'latest', type: 1, options: [] }]);
    expect(failed.type).toBe(4);
    expect(failed.data.flags).toBe(64);
    expect(text(failed)).toMatch(/Sorry/);
  });

  it('answers /meta-ai timeline period:all with the entries in date order, ephemeral', async () => {
    seedTimeline();
    const body = await answer('meta-ai', [{ name: 'timeline', type: 1, options: [{ name: 'period', type: 3, value: 'all' }] }]);
    expect(body.type).toBe(4);
    expect(body.data.flags).toBe(64);
    const linked = text(body).split('\n').filter((l) => l.includes('](<'));
    expect(linked.map((l) => /\[(.*?)\]\(</.exec(l)?.[1])).toEqual(['Meta invests in Scale AI', 'Meta hires Alexandr Wang', 'Behemoth delayed']);
  });

  it('takes visibility:public without a period as public over the default 30 days (a skipped option is not an argument)', async () => {
    seedTimeline();
    const body = await answer('meta-ai', [{ name: 'timeline', type: 1, options: [{ name: 'visibility', type: 3, value: 'public' }] }]);
    expect(body.data.flags).toBeUndefined();
    const linked = text(body).split('\n').filter((l) => l.includes('](<'));
    expect(linked.map((l) => /\[(.*?)\]\(</.exec(l)?.[1])).toEqual(['Behemoth delayed']);
  });

  it('answers /meta-ai latest (newest first) and /meta-ai storylines as embeds with links', async () => {
    seedTimeline();
    const latest = await answer('meta-ai', [{ name: 'latest', type: 1, options: [] }]);
    expect(latest.type).toBe(4);
    expect(latest.data.embeds?.[0]?.title).toBe('Latest Meta AI stories');
    const named = (body: typeof latest): (string | undefined)[] => text(body).split('\n').filter((l) => l.startsWith('• ')).map((l) => /\[(.*?)\]\(</.exec(l)?.[1]);
    expect(named(latest)).toEqual(['Behemoth delayed', 'Meta hires Alexandr Wang', 'Meta invests in Scale AI']);

    const storylines = await answer('meta-ai', [{ name: 'storylines', type: 1, options: [] }]);
    expect(storylines.data.embeds?.[0]?.title).toBe('Meta AI storylines, most recently active first');
    expect(named(storylines)).toEqual(['Behemoth delayed', 'Meta hires Alexandr Wang', 'Meta invests in Scale AI']);
  });

  it('subscribes the channel with /threadline subscribe and lists it under /threadline topics', async () => {
    const sub = await answer('threadline', [{ name: 'subscribe', type: 1, options: [{ name: 'topic', type: 3, value: '*' }] }]);
    expect(sub.data.flags).toBe(64);
    expect(store.listSubscriptions().map((s) => [s.platform, s.channelId, s.topic])).toEqual([['discord', '123456789012345678', '*']]);
    const un = await answer('threadline', [{ name: 'unsubscribe', type: 1, options: [{ name: 'topic', type: 3, value: '*' }] }]);
    expect(text(un)).toMatch(/no longer follows/);
    expect(store.listSubscriptions()).toHaveLength(0);
  });

  it('answers /threadline topics, feeds, status, and feeds with only a URL (taken as "add")', async () => {
    const topics = await answer('threadline', [{ name: 'topics', type: 1, options: [] }]);
    expect(text(topics)).toContain('meta-ai');
    const feeds = await answer('threadline', [{ name: 'feeds', type: 1, options: [] }]);
    expect(text(feeds)).toContain('No feeds configured.');
    const add = await answer('threadline', [{ name: 'feeds', type: 1, options: [{ name: 'url', type: 3, value: 'https://example.org/feed.xml' }] }]);
    expect(text(add)).toContain('Adding feeds at run time is not enabled');
    const status = await answer('threadline', [{ name: 'status', type: 1, options: [] }]);
    expect(status.data.flags).toBe(64);
    expect(text(status)).toContain('Threadline status');
  });
});

describe('toInvocation', () => {
  const defs = testRouter({ config: testConfig(), store: null as never, clock: null as never }).definitions();

  it('maps a subcommand and its options by definition order; a skipped option is left out, as a Slack user would', () => {
    const inv = toInvocation(
      { name: 'meta-ai', options: [{ name: 'timeline', type: 1, options: [{ name: 'visibility', type: 3, value: 'public' }] }] },
      { channelId: 'c', userId: 'u' },
      defs,
    );
    expect(inv).toEqual({ platform: 'discord', command: 'meta-ai', subcommand: 'timeline', args: ['public'], channelId: 'c', userId: 'u' });
    const both = toInvocation(
      { name: 'meta-ai', options: [{ name: 'timeline', type: 1, options: [{ name: 'visibility', type: 3, value: 'public' }, { name: 'period', type: 3, value: '7d' }] }] },
      { channelId: 'c', userId: 'u' },
      defs,
    );
    expect(both.args).toEqual(['7d', 'public']);
  });

  it('gives subcommand null when none was sent, and keeps unknown commands for the router to answer', () => {
    expect(toInvocation({ name: 'meta-ai' }, { channelId: 'c', userId: 'u' }, defs).subcommand).toBeNull();
    expect(toInvocation({ name: 'nope', options: [{ name: 'x', type: 1 }] }, { channelId: 'c', userId: 'u' }, defs)).toMatchObject({ command: 'nope', subcommand: 'x', args: [] });
  });
});
