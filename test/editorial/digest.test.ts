import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { buildDigest, DigestScheduler, lastDigestTime, nextDigestTime } from '../../src/editorial/digest.js';
import { openStore } from '../../src/store/sqlite-store.js';
import { makeArticle, makeStoryline } from '../helpers/articles.js';

function seeded() {
  const store = openStore(':memory:');
  const big = makeArticle({ id: 'big', title: 'Meta plans hybrid open/closed models', published: '2025-09-02T08:00:00.000Z' });
  store.insertArticle(big);
  store.insertArticle(makeArticle({ id: 'big2', storylineId: big.storylineId, source: 'Frontier Wire', published: '2025-09-02T12:00:00.000Z' }));
  store.upsertStoryline(makeStoryline(big, { updatedAt: '2025-09-02T12:00:00.000Z', articleCount: 2 }));
  const small = makeArticle({ id: 'small', title: 'Meta smart glasses sales', published: '2025-09-02T09:00:00.000Z' });
  store.insertArticle(small);
  store.upsertStoryline(makeStoryline(small));
  const old = makeArticle({ id: 'old', title: 'Old news', published: '2025-08-01T09:00:00.000Z' });
  store.insertArticle(old);
  store.upsertStoryline(makeStoryline(old));
  return store;
}

describe('digests', () => {
  it('computes the local digest time across time zones and weeks', () => {
    const now = new Date('2025-09-03T06:30:00.000Z'); // 08:30 in Paris (UTC+2)
    expect(lastDigestTime(now, 'daily', '08:00', 'Europe/Paris').toISOString()).toBe('2025-09-03T06:00:00.000Z');
    expect(lastDigestTime(now, 'daily', '09:00', 'Europe/Paris').toISOString()).toBe('2025-09-02T07:00:00.000Z');
    expect(nextDigestTime(now, 'daily', '09:00', 'Europe/Paris').toISOString()).toBe('2025-09-03T07:00:00.000Z');
    // 2025-09-03 is a Wednesday: the weekly digest was Monday 1 September.
    expect(lastDigestTime(now, 'weekly', '09:00', 'America/New_York').toISOString()).toBe('2025-09-01T13:00:00.000Z');
  });

  it('ranks the period\'s storylines by coverage and leaves out older ones', () => {
    const post = buildDigest(seeded(), {
      topics: ['meta-ai'],
      since: new Date('2025-09-02T00:00:00Z'),
      until: new Date('2025-09-03T00:00:00Z'),
      timeZone: 'UTC',
      every: 'daily',
    });
    expect(post?.kind).toBe('digest');
    const lines = post!.body!.split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^1\. Meta plans hybrid open\/closed models \(2 reports, 2 outlets\)/);
    expect(lines[1]).toMatch(/^2\. Meta smart glasses sales \(1 report, 1 outlet\)/);
    expect(post!.headline).toBe('Daily digest: 2 Sep 2025 to 2 Sep 2025');
  });

  it('returns null for an empty period', () => {
    const none = buildDigest(seeded(), { topics: ['openai'], since: new Date('2025-09-02T00:00:00Z'), until: new Date('2025-09-03T00:00:00Z'), timeZone: 'UTC', every: 'daily' });
    expect(none).toBeNull();
  });

  it('queues one digest per channel per period, and not again after a restart', () => {
    const store = seeded();
    const config = parseConfig({
      topics: [{ id: 'meta-ai', title: 'Meta AI', keywords: ['meta'] }],
      channels: [{ platform: 'slack', id: 'C1', topics: ['meta-ai'], digest: { every: 'daily', at: '00:00' } }],
    });
    const at = new Date('2025-09-03T00:05:00Z');
    expect(new DigestScheduler({ store, config }).tick(at)).toBe(1);
    expect(new DigestScheduler({ store, config }).tick(new Date('2025-09-03T10:00:00Z'))).toBe(0);
    const queued = store.listDeliveries();
    expect(queued.map((d) => [d.kind, d.channelId])).toEqual([['digest', 'C1']]);
  });

  it('covers the whole local day when the clocks change, so no story falls between two digests', () => {
    const store = openStore(':memory:');
    // Saturday 25 October 2025, 08:30 in Paris (summer time): just after that day's digest.
    const early = makeArticle({ id: 'early', title: 'Meta opens a research lab in Paris', published: '2025-10-25T06:30:00.000Z' });
    store.insertArticle(early);
    store.upsertStoryline(makeStoryline(early));
    const config = parseConfig({
      timeZone: 'Europe/Paris',
      topics: [{ id: 'meta-ai', title: 'Meta AI', keywords: ['meta'] }],
      channels: [{ platform: 'slack', id: 'C1', topics: ['meta-ai'], digest: { every: 'daily', at: '08:00' } }],
    });
    const scheduler = new DigestScheduler({ store, config });
    expect(scheduler.tick(new Date('2025-10-25T06:05:00Z'))).toBe(0); // Saturday's digest: nothing yet
    // Sunday 08:00 is 07:00Z (winter time): the period is the 25 hours since Saturday 08:00.
    expect(scheduler.tick(new Date('2025-10-26T07:05:00Z'))).toBe(1);
    const [digest] = store.listDeliveries();
    expect(digest!.post.body).toMatch(/^1\. Meta opens a research lab in Paris \(1 report, 1 outlet\)/);
  });
});
