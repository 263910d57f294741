import { beforeEach, describe, expect, it } from 'vitest';
import { createCommandRouter, MAX_ARG_LENGTH } from '../../commands/router.js';
import type { CommandRouter, Invocation, Reply } from '../../commands/types.js';
import { parseConfig } from '../../src/config/load-config.js';
import type { Article } from '../../src/core/types.js';
import { openStore, type SqliteStore } from '../../src/store/sqlite-store.js';
import { ManualClock } from '../../src/util/clock.js';
import { silentLogger } from '../../src/util/logger.js';
import { makeArticle, makeStoryline } from '../helpers/articles.js';

/**
 * The platform-neutral commands through the router both adapters use: a real store,
 * the real timeline, no platform in sight.
 */

const config = parseConfig({
  topics: [
    { id: 'meta-ai', title: 'Meta AI', keywords: ['meta', 'llama'] },
    { id: 'openai', title: 'OpenAI', keywords: ['openai'] },
  ],
  channels: [{ platform: 'slack', id: 'CCONFIG', topics: ['openai'], timeZone: 'Asia/Tokyo' }],
});

let store: SqliteStore;
let clock: ManualClock;
let router: CommandRouter;

const story = 's-meta-strategy';
// Inserted out of order on purpose: the timeline must sort by publication date.
const ARTICLES: Article[] = [
  makeArticle({ id: 'hybrid', title: 'Meta plans a hybrid of open and closed models', published: '2025-08-06T14:00:00.000Z', storylineId: story, source: 'Axis Daily' }),
  makeArticle({ id: 'behemoth', title: 'Meta weighs keeping Behemoth closed', published: '2025-07-14T09:00:00.000Z', storylineId: story, source: 'Neural Dispatch' }),
  makeArticle({ id: 'behemoth-copy', title: 'Meta may close Behemoth, plus more news', published: '2025-07-14T15:00:00.000Z', storylineId: story, source: 'Roundup Weekly', duplicateOf: 'behemoth', similarity: 0.81 }),
  makeArticle({ id: 'portions', title: 'Meta to open-source portions of its next models', published: '2025-11-02T23:30:00.000Z', storylineId: story, source: 'Neural Dispatch' }),
  makeArticle({ id: 'glasses', title: 'Meta shows new display glasses', published: '2025-11-01T10:00:00.000Z', storylineId: 's-glasses', source: 'Gadget Wire' }),
];

function inv(command: string, subcommand: string | null, args: string[] = [], channelId = 'C1'): Invocation {
  return { platform: 'slack', command, subcommand, args, channelId, userId: 'U1' };
}

const text = (r: Reply) => r.text;

beforeEach(() => {
  store = openStore(':memory:');
  clock = new ManualClock('2025-11-05T12:00:00Z');
  for (const a of ARTICLES) store.insertArticle(a);
  const first = ARTICLES.find((a) => a.id === 'behemoth')!;
  store.upsertStoryline(makeStoryline(first, { articleCount: 4, updatedAt: '2025-11-02T23:30:00.000Z' }));
  store.upsertStoryline(makeStoryline(ARTICLES.find((a) => a.id === 'glasses')!));
  router = createCommandRouter({
    config,
    store,
    clock,
    log: silentLogger(),
    services: {
      explain: (key) => {
        if (key === 'boom') throw new Error('explain exploded');
        return `explained ${key}`;
      },
    },
  });
});

describe('/<topic> timeline', () => {
  it('lists entries oldest first, folds the copy into "+1 more", ephemeral unless asked', async () => {
    const reply = await router.run(inv('meta-ai', 'timeline', ['all']));
    expect(reply.visibility).toBe('ephemeral');
    const block = reply.blocks.find((b) => b.type === 'timeline');
    if (block?.type !== 'timeline') throw new Error('no timeline block');
    const headlines = block.entries.map((e) => e.headline);
    expect(headlines).toEqual([
      'Meta weighs keeping Behemoth closed',
      'Meta plans a hybrid of open and closed models',
      'Meta shows new display glasses',
      'Meta to open-source portions of its next models',
    ]);
    expect(block.entries[0]!.moreCount).toBe(1);
    const publicReply = await router.run(inv('meta-ai', 'timeline', ['all', 'public']));
    expect(publicReply.visibility).toBe('in_channel');
  });

  it('honours the period: 7d keeps only the last week', async () => {
    const reply = await router.run(inv('meta-ai', 'timeline', ['7d']));
    expect(text(reply)).toContain('Meta to open-source portions of its next models');
    expect(text(reply)).not.toContain('Behemoth');
  });

  it("dates entries in the channel's time zone", async () => {
    // 2025-11-02T23:30Z is already 3 November in Tokyo.
    const tokyo = createCommandRouter({ config: { ...config, topics: config.topics }, store, clock });
    const reply = await tokyo.run({ ...inv('meta-ai', 'timeline', ['all']), channelId: 'CCONFIG' });
    const block = reply.blocks.find((b) => b.type === 'timeline');
    if (block?.type !== 'timeline') throw new Error('no timeline block');
    const portions = block.entries.find((e) => e.headline.startsWith('Meta to open-source'))!;
    const utc = await router.run(inv('meta-ai', 'timeline', ['all']));
    const utcBlock = utc.blocks.find((b) => b.type === 'timeline');
    if (utcBlock?.type !== 'timeline') throw new Error('no timeline block');
    const portionsUtc = utcBlock.entries.find((e) => e.headline.startsWith('Meta to open-source'))!;
    expect(portions.dateLabel).not.toBe(portionsUtc.dateLabel);
    expect(portions.dateLabel).toMatch(/3/);
  });

  it('answers an unknown period with short ephemeral help, never silence', async () => {
    const reply = await router.run(inv('meta-ai', 'timeline', ['yesterday']));
    expect(reply.visibility).toBe('ephemeral');
    expect(text(reply)).toContain('"yesterday"');
    expect(text(reply)).toContain('/meta-ai timeline');
  });
});

describe('routing and limits', () => {
  it('an unknown subcommand gets the usage of the command', async () => {
    const reply = await router.run(inv('meta-ai', 'frobnicate'));
    expect(reply.visibility).toBe('ephemeral');
    expect(text(reply)).toMatch(/\/meta-ai latest/);
    expect(text(reply)).toMatch(/\/meta-ai storylines/);
  });

  it('an unknown command is answered, not dropped', async () => {
    const reply = await router.run(inv('nope', 'timeline'));
    expect(reply.visibility).toBe('ephemeral');
    expect(text(reply)).toContain('Unknown command /nope');
  });

  it('refuses an over-long argument without running the command', async () => {
    const reply = await router.run(inv('threadline', 'subscribe', ['x'.repeat(MAX_ARG_LENGTH + 1)]));
    expect(text(reply)).toContain('longer than I accept');
    expect(store.listSubscriptions()).toHaveLength(0);
  });

  it('turns a failing command into an ephemeral apology', async () => {
    const reply = await router.run(inv('threadline', 'why', ['boom']));
    expect(reply.visibility).toBe('ephemeral');
    expect(text(reply)).toContain('something went wrong');
  });

  it('latest shows originals newest first, never copies', async () => {
    const reply = await router.run(inv('meta-ai', 'latest'));
    const list = reply.blocks.find((b) => b.type === 'list');
    if (list?.type !== 'list') throw new Error('no list block');
    expect(list.items.map((i) => i.text)[0]).toBe('Meta to open-source portions of its next models');
    expect(list.items.some((i) => i.text.includes('plus more news'))).toBe(false);
  });
});

describe('/threadline subscribe', () => {
  it('stores a subscription, refuses unknown topics and config duplicates, and unsubscribes', async () => {
    expect(text(await router.run(inv('threadline', 'subscribe', ['meta-ai'])))).toContain('now follows meta-ai');
    expect(store.listSubscriptions()).toEqual([expect.objectContaining({ platform: 'slack', channelId: 'C1', topic: 'meta-ai' })]);
    expect(text(await router.run(inv('threadline', 'subscribe', ['crypto'])))).toContain('Unknown topic "crypto"');
    expect(text(await router.run(inv('threadline', 'subscribe', ['openai'], 'CCONFIG')))).toContain('config file');
    expect(text(await router.run(inv('threadline', 'unsubscribe', ['meta-ai'])))).toContain('no longer follows');
    expect(store.listSubscriptions()).toHaveLength(0);
  });
});

describe('thread mentions', () => {
  const ask = (q: string) => router.threadReply({ platform: 'slack', channelId: 'C1', storylineId: story, userId: 'U1', text: `<@UBOT> ${q}` });

  it('sources lists every outlet, copies included, with links', async () => {
    const reply = await ask('sources?');
    expect(text(reply)).toContain('3 outlets covered this story');
    for (const a of ARTICLES.filter((x) => x.storylineId === story)) expect(text(reply)).toContain(a.url);
  });

  it("what's new and timeline answer in the thread; anything else lists what it understands", async () => {
    expect((await ask("what's new")).visibility).toBe('in_channel');
    const timeline = await ask('timeline please');
    expect(text(timeline).indexOf('Behemoth')).toBeLessThan(text(timeline).indexOf('portions'));
    const other = await ask('tell me a joke');
    for (const q of ['sources', 'timeline', 'summary', "what's new"]) expect(text(other)).toContain(q);
  });
});
