import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../src/core/types.js';
import { planDeliveries, type ChannelFilterHook } from '../../src/delivery/plan.js';
import { openStore, type SqliteStore } from '../../src/store/sqlite-store.js';
import type { Subscription } from '../../src/store/store.js';
import { makeArticle, makeStoryline } from '../helpers/articles.js';
import { channel, delivery, placementOf, postFor } from './helpers.js';

const NOW = '2025-07-15T12:00:00.000Z';

let store: SqliteStore;
beforeEach(() => {
  store = openStore(':memory:');
});
afterEach(() => store.close());

/** Stores the article and its storyline as the pipeline would before planning. */
function stored(article: Article, storylineOf: Article = article): Article {
  store.insertArticle(article);
  store.upsertStoryline(makeStoryline(storylineOf));
  return article;
}

function plan(article: Article, kind: 'story' | 'follow-up' | 'duplicate', channels = CHANNELS, subscriptions: Subscription[] = [], filter?: ChannelFilterHook) {
  return planDeliveries({ article, placement: placementOf(article, kind), post: postFor(article, kind === 'duplicate' ? 'also-reported' : kind), channels, subscriptions, store, filter });
}

const CHANNELS = [
  channel('slack', 'CMETA', ['meta-ai']),
  channel('discord', '111', ['meta-ai', 'openai']),
  channel('slack', 'COPENAI', ['openai']),
  channel('discord', '222', ['*']),
];

const targets = (ds: { platform: string; channelId: string; kind: string }[]) => ds.map((d) => `${d.platform}:${d.channelId}:${d.kind}`).sort();

describe('planDeliveries', () => {
  it('posts a new story to every channel whose topics match, "*" included', () => {
    const a = stored(makeArticle({ id: 'a1', topics: ['meta-ai'] }));
    expect(targets(plan(a, 'story'))).toEqual(['discord:111:story', 'discord:222:story', 'slack:CMETA:story']);
  });

  it('merges runtime subscriptions with config channels, one delivery per channel', () => {
    const a = stored(makeArticle({ id: 'a1', topics: ['openai'] }));
    const subs: Subscription[] = [
      { platform: 'slack', channelId: 'CMETA', topic: 'openai' },
      { platform: 'slack', channelId: 'CNEW', topic: 'openai' },
      { platform: 'slack', channelId: 'CNEW', topic: 'meta-ai' },
    ];
    expect(targets(plan(a, 'story', CHANNELS, subs))).toEqual([
      'discord:111:story',
      'discord:222:story',
      'slack:CMETA:story',
      'slack:CNEW:story',
      'slack:COPENAI:story',
    ]);
  });

  it('gives no channel anything for an article nobody follows or a suppressed one', () => {
    const a = stored(makeArticle({ id: 'a1', topics: ['google'] }));
    expect(plan(a, 'story', CHANNELS.slice(0, 3))).toEqual([]);
    const b = stored(makeArticle({ id: 'b1', topics: ['meta-ai'], suppressed: 'backfill' }));
    expect(plan(b, 'story')).toEqual([]);
  });

  it('threads a follow-up where the storyline lives and opens it as a story elsewhere', () => {
    const root = stored(makeArticle({ id: 'a1', topics: ['meta-ai'] }));
    // CMETA: root already posted (thread ref). 111: root still pending. 222: root failed for good.
    store.saveThreadRef({ platform: 'slack', channelId: 'CMETA', storylineId: root.storylineId, messageId: '1.1', threadId: '1.1', updatedAt: NOW });
    const [pending, failed] = store.enqueueDeliveries([delivery('discord', '111', root, 'story'), delivery('discord', '222', root, 'story')], NOW);
    store.markDeliveryFailed(failed!, '10003 unknown channel');
    expect(pending).toBeDefined();

    const follow = stored(makeArticle({ id: 'a2', topics: ['meta-ai'], storylineId: root.storylineId }), root);
    const subs: Subscription[] = [{ platform: 'slack', channelId: 'CLATE', topic: 'meta-ai' }];
    const planned = plan(follow, 'follow-up', CHANNELS, subs);
    expect(targets(planned)).toEqual(['discord:111:follow-up', 'discord:222:story', 'slack:CLATE:story', 'slack:CMETA:follow-up']);
    const late = planned.find((d) => d.channelId === 'CLATE')!;
    expect(late.post.kind).toBe('story');
    expect(late.storylineId).toBe(root.storylineId);
  });

  it("keeps a thread growing when a follow-up is tagged only with the storyline's other topic", () => {
    const root = stored(makeArticle({ id: 'a1', topics: ['meta-ai', 'openai'] }));
    store.saveThreadRef({ platform: 'slack', channelId: 'CMETA', storylineId: root.storylineId, messageId: '1.1', threadId: '1.1', updatedAt: NOW });
    const follow = stored(makeArticle({ id: 'a2', topics: ['openai'], storylineId: root.storylineId }), root);
    const planned = plan(follow, 'follow-up', [channel('slack', 'CMETA', ['meta-ai'])]);
    expect(targets(planned)).toEqual(['slack:CMETA:follow-up']);
  });

  it('folds a duplicate into an also-reported note only where the storyline already is', () => {
    const root = stored(makeArticle({ id: 'a1', topics: ['meta-ai'] }));
    store.saveThreadRef({ platform: 'discord', channelId: '111', storylineId: root.storylineId, messageId: 'm1', threadId: 'm1', updatedAt: NOW });
    const copy = stored(makeArticle({ id: 'a2', topics: ['meta-ai'], storylineId: root.storylineId, duplicateOf: 'a1', duplicateReason: 'near-text', source: 'Other Outlet' }), root);
    const planned = plan(copy, 'duplicate');
    expect(targets(planned)).toEqual(['discord:111:also-reported']);
    expect(planned[0]!.post.kind).toBe('also-reported');
  });

  it('asks the per-channel filter hook about stories and follow-ups, and reports what it refused', () => {
    const a = stored(makeArticle({ id: 'a1', topics: ['meta-ai'] }));
    const refused: string[] = [];
    const filter: ChannelFilterHook = (c) => (c.channelId === '111' ? { pass: false, rule: 'exclude outlet X' } : { pass: true });
    const planned = planDeliveries({
      article: a,
      placement: placementOf(a, 'story'),
      post: postFor(a),
      channels: CHANNELS,
      subscriptions: [],
      store,
      filter,
      onFiltered: (c, rule) => refused.push(`${c.channelId}: ${rule}`),
    });
    expect(targets(planned)).toEqual(['discord:222:story', 'slack:CMETA:story']);
    expect(refused).toEqual(['111: exclude outlet X']);
  });

  it('hands the filter the channel config so its rules can be read', () => {
    const a = stored(makeArticle({ id: 'a1', topics: ['meta-ai'] }));
    const seen: (string | undefined)[] = [];
    plan(a, 'story', [channel('slack', 'CMETA', ['meta-ai'], { timeZone: 'Europe/Paris' })], [], (c) => {
      seen.push(c.config?.timeZone);
      return { pass: true };
    });
    expect(seen).toEqual(['Europe/Paris']);
  });
});
