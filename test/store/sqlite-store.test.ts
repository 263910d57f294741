import { mkdtempSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Article, Post, Storyline } from '../../src/core/types.js';
import { openStore, type SqliteStore } from '../../src/store/sqlite-store.js';

export function sampleArticle(over: Partial<Article> = {}): Article {
  return {
    id: 'a1',
    feedId: 'f1',
    source: 'Neural Dispatch',
    guid: 'g1',
    url: 'https://neuraldispatch.example/meta-behemoth',
    canonicalUrl: 'neuraldispatch.example/meta-behemoth',
    title: 'Meta weighs closing Behemoth',
    text: 'Meta is said to weigh keeping Behemoth closed.',
    published: '2025-07-15T10:00:00.000Z',
    firstSeen: '2025-07-15T10:05:00.000Z',
    summary: 'Meta is said to weigh keeping Behemoth closed.',
    topics: ['meta-ai'],
    entities: ['Meta', 'Behemoth'],
    angles: { 'meta-ai': 'closed' },
    storylineId: 's-a1',
    duplicateOf: null,
    duplicateReason: null,
    similarity: null,
    whatsNew: [],
    suppressed: null,
    ...over,
  };
}

const storyline: Storyline = {
  id: 's-a1',
  title: 'Meta weighs closing Behemoth',
  topics: ['meta-ai'],
  entities: ['Meta'],
  firstArticleId: 'a1',
  startedAt: '2025-07-15T10:00:00.000Z',
  updatedAt: '2025-07-15T10:00:00.000Z',
  articleCount: 1,
  angles: {},
};

const post = { kind: 'story', headline: 'h' } as Post;
const dirs: string[] = [];
const stores: SqliteStore[] = [];
function fileStore(): { path: string; store: SqliteStore } {
  const dir = mkdtempSync(join(tmpdir(), 'tl-store-'));
  dirs.push(dir);
  const path = join(dir, 'sub', 'threadline.db');
  const store = openStore(path);
  stores.push(store);
  return { path, store };
}

afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('SqliteStore', () => {
  it('migrates a new database to the latest version and reopens without re-running migrations', () => {
    const { path, store } = fileStore();
    expect(store.schemaVersion()).toBeGreaterThanOrEqual(1);
    store.insertArticle(sampleArticle());
    store.close();
    const again = openStore(path);
    stores.push(again);
    expect(again.getArticle('a1')?.title).toBe('Meta weighs closing Behemoth');
  });

  it('round-trips articles and finds them by guid, canonical URL, storyline and topic', () => {
    const store = openStore(':memory:');
    store.insertArticle(sampleArticle());
    store.insertArticle(sampleArticle({ id: 'a2', guid: 'g2', published: '2025-08-01T00:00:00.000Z', canonicalUrl: 'x.example/2' }));
    expect(store.findArticleByGuid('f1', 'g2')?.id).toBe('a2');
    expect(store.findArticleByCanonicalUrl('neuraldispatch.example/meta-behemoth')?.id).toBe('a1');
    expect(store.listStorylineArticles('s-a1').map((a) => a.id)).toEqual(['a1', 'a2']);
    expect(store.listTopicArticles('meta-ai').map((a) => a.id)).toEqual(['a2', 'a1']);
    expect(store.listTopicArticles('meta-ai', { since: '2025-07-20T00:00:00Z' }).map((a) => a.id)).toEqual(['a2']);
    expect(store.getArticle('a1')?.angles).toEqual({ 'meta-ai': 'closed' });
    expect(store.countArticles()).toBe(2);
  });

  it('keeps storylines listable by topic, newest first', () => {
    const store = openStore(':memory:');
    store.upsertStoryline(storyline);
    store.upsertStoryline({ ...storyline, id: 's2', updatedAt: '2025-09-01T00:00:00.000Z', topics: ['openai'] });
    store.upsertStoryline({ ...storyline, articleCount: 3, updatedAt: '2025-10-01T00:00:00.000Z' });
    expect(store.listStorylines().map((s) => s.id)).toEqual(['s-a1', 's2']);
    expect(store.listStorylines({ topic: 'openai' }).map((s) => s.id)).toEqual(['s2']);
    expect(store.getStoryline('s-a1')?.articleCount).toBe(3);
  });

  it('rolls a failed transaction back completely', () => {
    const store = openStore(':memory:');
    expect(() =>
      store.transaction(() => {
        store.insertArticle(sampleArticle());
        store.enqueueDeliveries([{ platform: 'slack', channelId: 'C1', kind: 'story', articleId: 'a1', storylineId: 's-a1', post }], '2025-07-15T10:00:00.000Z');
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.countArticles()).toBe(0);
    expect(store.listDeliveries()).toEqual([]);
  });

  it('runs the delivery lifecycle: due, retry, failed, requeue, sent, stats', () => {
    const store = openStore(':memory:');
    const now = '2025-07-15T10:00:00.000Z';
    const [a, b] = store.enqueueDeliveries(
      [
        { platform: 'slack', channelId: 'C1', kind: 'story', articleId: 'a1', storylineId: 's-a1', post },
        { platform: 'discord', channelId: '42', kind: 'story', articleId: 'a1', storylineId: 's-a1', post, notBefore: '2025-07-15T11:00:00.000Z' },
      ],
      now,
    ) as [number, number];
    expect(store.listDueDeliveries(now, 10).map((d) => d.id)).toEqual([a]);
    const nonce = store.getDelivery(a)!.nonce;
    expect(nonce.length).toBeLessThanOrEqual(25);
    store.markDeliveryRetry(a, '2025-07-15T10:01:00.000Z', 'rate_limited');
    expect(store.listDueDeliveries(now, 10)).toEqual([]);
    store.markDeliveryFailed(b, 'channel_not_found');
    expect(store.requeueFailedDeliveries(now)).toBe(1);
    store.markDeliverySent(a, { messageId: '1752573600.000100', threadId: '1752573600.000100', sentAt: now });
    const d = store.getDelivery(a)!;
    expect([d.status, d.messageId, d.attempts, d.nonce]).toEqual(['sent', '1752573600.000100', 2, nonce]);
    store.markDeliveryFailed(b, 'missing permissions');
    const stats = store.deliveryStats();
    expect(stats).toEqual([
      { platform: 'discord', channelId: '42', pending: 0, sent: 0, failed: 1, failures: ['missing permissions'] },
      { platform: 'slack', channelId: 'C1', pending: 0, sent: 1, failed: 0, failures: [] },
    ]);
  });

  it('stores thread refs and finds them by message or thread id', () => {
    const store = openStore(':memory:');
    store.saveThreadRef({ platform: 'discord', channelId: '42', storylineId: 's-a1', messageId: 'm1', threadId: 't1', updatedAt: 'x' });
    expect(store.findThreadRefByMessage('discord', 'anything', 't1')?.storylineId).toBe('s-a1');
    expect(store.findThreadRefByMessage('discord', '42', 'm1')?.storylineId).toBe('s-a1');
    expect(store.findThreadRefByMessage('slack', '42', 'm1')).toBeUndefined();
    store.saveThreadRef({ platform: 'discord', channelId: '42', storylineId: 's-a1', messageId: 'm2', threadId: 't2', updatedAt: 'y' });
    expect(store.getThreadRef('discord', '42', 's-a1')?.threadId).toBe('t2');
  });

  it('upserts feeds by URL and updates health fields', () => {
    const store = openStore(':memory:');
    const feed = store.upsertFeed({ url: 'https://a.example/feed.xml', name: 'A' });
    expect(store.upsertFeed({ url: 'https://a.example/feed.xml', name: 'A2' }).id).toBe(feed.id);
    store.updateFeed(feed.id, { consecutiveFailures: 3, lastError: 'HTTP 500', initialised: true, url: 'https://a.example/new.xml' });
    const f = store.getFeed(feed.id)!;
    expect([f.name, f.consecutiveFailures, f.lastError, f.initialised, f.url]).toEqual(['A2', 3, 'HTTP 500', true, 'https://a.example/new.xml']);
  });

  it('keeps subscriptions and state across reopen', () => {
    const { path, store } = fileStore();
    expect(store.addSubscription({ platform: 'slack', channelId: 'C1', topic: 'meta-ai' })).toBe(true);
    expect(store.addSubscription({ platform: 'slack', channelId: 'C1', topic: 'meta-ai' })).toBe(false);
    store.setState('k', 'v');
    store.close();
    const again = openStore(path);
    stores.push(again);
    expect(again.listSubscriptions('slack')).toEqual([{ platform: 'slack', channelId: 'C1', topic: 'meta-ai' }]);
    expect(again.getState('k')).toBe('v');
    expect(again.removeSubscription({ platform: 'slack', channelId: 'C1', topic: 'meta-ai' })).toBe(true);
  });

  it('refuses writes on a read-only database file without losing what is stored', () => {
    const { path, store } = fileStore();
    store.insertArticle(sampleArticle());
    store.close();
    chmodSync(path, 0o444);
    const ro = openStore(path, { readonly: true });
    stores.push(ro);
    expect(() => ro.insertArticle(sampleArticle({ id: 'a2', guid: 'g2' }))).toThrow();
    expect(ro.getArticle('a1')?.id).toBe('a1');
    expect(ro.countArticles()).toBe(1);
  });
});
