import { describe, expect, it } from 'vitest';
import { buildTimeline } from '../../src/core/timeline.js';
import { makeArticle } from '../helpers/articles.js';

const story = 's-meta';
const a003 = makeArticle({ id: 'early', storylineId: story, title: 'Meta weighs keeping Behemoth closed', published: '2025-07-15T18:30:00.000Z', angles: { 'meta-ai': 'closed' }, url: 'https://coinledger.example/behemoth' });
const a002 = makeArticle({ id: 'hybrid', storylineId: story, title: 'Meta plans a hybrid release', published: '2025-08-20T13:00:00.000Z', angles: { 'meta-ai': 'open' } });
const a001 = makeArticle({ id: 'open', storylineId: story, title: 'Meta to open-source parts of its models', published: '2025-09-10T09:00:00.000Z', source: 'Tool Digest', url: 'https://tooldigest.example/meta-open' });
const copy1 = makeArticle({ id: 'copy1', storylineId: story, duplicateOf: 'open', duplicateReason: 'near-text', published: '2025-09-11T07:00:00.000Z', source: 'Tools Weekly' });
const copy2 = makeArticle({ id: 'copy2', storylineId: story, duplicateOf: 'open', duplicateReason: 'url', published: '2025-09-12T07:00:00.000Z', source: 'Aggregator' });

describe('timeline', () => {
  it('lists originals in chronological order whatever the input order', () => {
    const entries = buildTimeline([a001, copy2, a003, copy1, a002], { timeZone: 'UTC' });
    expect(entries.map((e) => e.articleId)).toEqual(['early', 'hybrid', 'open']);
    expect(entries.map((e) => e.published)).toEqual([a003.published, a002.published, a001.published]);
  });

  it('breaks ties on the same instant by article id, so the order is stable', () => {
    const x = makeArticle({ id: 'b', published: '2025-07-15T10:00:00.000Z' });
    const y = makeArticle({ id: 'a', published: '2025-07-15T10:00:00.000Z' });
    expect(buildTimeline([x, y], { timeZone: 'UTC' }).map((e) => e.articleId)).toEqual(['a', 'b']);
    expect(buildTimeline([y, x], { timeZone: 'UTC' }).map((e) => e.articleId)).toEqual(['a', 'b']);
  });

  it('formats the date in the requested time zone: one instant, different days', () => {
    // 16:00 UTC on 15 July is 09:00 on the 15th in Los Angeles and 01:00 on the 16th in Tokyo.
    const a = makeArticle({ id: 'tz', published: '2025-07-15T16:00:00.000Z' });
    expect(buildTimeline([a], { timeZone: 'America/Los_Angeles' })[0]?.dateLabel).toBe('15 Jul 2025');
    expect(buildTimeline([a], { timeZone: 'Asia/Tokyo' })[0]?.dateLabel).toBe('16 Jul 2025');
    // 03:30 UTC on 15 July is still the evening of the 14th in Los Angeles.
    const b = makeArticle({ id: 'tz2', published: '2025-07-15T03:30:00.000Z' });
    expect(buildTimeline([b], { timeZone: 'America/Los_Angeles' })[0]?.dateLabel).toBe('14 Jul 2025');
    expect(buildTimeline([b], { timeZone: 'Asia/Tokyo' })[0]?.dateLabel).toBe('15 Jul 2025');
    expect(buildTimeline([b], { timeZone: 'UTC' })[0]?.dateLabel).toBe('15 Jul 2025');
  });

  it('falls back to UTC for an unknown time zone instead of throwing', () => {
    const b = makeArticle({ id: 'tz2', published: '2025-07-15T03:30:00.000Z' });
    expect(buildTimeline([b], { timeZone: 'Mars/Olympus_Mons' })[0]?.dateLabel).toBe('15 Jul 2025');
  });

  it('folds duplicates into their original as "+N more"', () => {
    const entries = buildTimeline([a001, copy1, copy2], { timeZone: 'UTC' });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ articleId: 'open', outlet: 'Tool Digest', moreCount: 2 });
  });

  it('without the original in range, the first copy stands for it and the others fold into it', () => {
    const entries = buildTimeline([a001, copy1, copy2], { timeZone: 'UTC', since: '2025-09-11T00:00:00.000Z' });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ articleId: 'copy1', outlet: 'Tools Weekly', moreCount: 1 });
  });

  it('carries headline, outlet, one-line summary, angle label and link', () => {
    const long = makeArticle({ id: 'long', summary: `Meta\n  said   ${'word '.repeat(80)}`, angles: { 'meta-ai': 'closed' }, url: 'https://coinledger.example/x' });
    const [e] = buildTimeline([long], { timeZone: 'UTC' });
    expect(e).toMatchObject({ headline: long.title, outlet: long.source, angle: 'closed', url: 'https://coinledger.example/x', storylineId: long.storylineId });
    expect(e!.summary).not.toMatch(/\n|\s{2}/);
    expect(e!.summary.startsWith('Meta said word')).toBe(true);
    expect(e!.summary.length).toBeLessThanOrEqual(200);
    expect(e!.summary.endsWith('…')).toBe(true);

    const entries = buildTimeline([a003, a002, a001], { timeZone: 'UTC' });
    expect(entries.map((x) => x.angle)).toEqual(['closed', 'open', null]);
    expect(entries[0]!.url).toBe('https://coinledger.example/behemoth');
  });

  it('shows the angle of the requested topic only', () => {
    const a = makeArticle({ id: 'x', topics: ['meta-ai', 'open-weights'], angles: { 'open-weights': 'open' } });
    expect(buildTimeline([a], { timeZone: 'UTC', topic: 'meta-ai' })[0]?.angle).toBeNull();
    expect(buildTimeline([a], { timeZone: 'UTC', topic: 'open-weights' })[0]?.angle).toBe('open');
    expect(buildTimeline([a], { timeZone: 'UTC' })[0]?.angle).toBe('open');
  });

  it('since: an ISO instant or a duration before now', () => {
    const all = [a003, a002, a001];
    expect(buildTimeline(all, { timeZone: 'UTC', since: '2025-08-01T00:00:00.000Z' }).map((e) => e.articleId)).toEqual(['hybrid', 'open']);
    const now = new Date('2025-09-12T00:00:00.000Z');
    expect(buildTimeline(all, { timeZone: 'UTC', since: '7d', now }).map((e) => e.articleId)).toEqual(['open']);
    expect(buildTimeline(all, { timeZone: 'UTC', since: '30d', now }).map((e) => e.articleId)).toEqual(['hybrid', 'open']);
    // An unreadable `since` filters nothing rather than hiding everything.
    expect(buildTimeline(all, { timeZone: 'UTC', since: 'last tuesday' })).toHaveLength(3);
  });

  it('is empty for no articles and does not mutate its input', () => {
    expect(buildTimeline([], { timeZone: 'UTC' })).toEqual([]);
    const input = [a001, a003];
    buildTimeline(input, { timeZone: 'UTC' });
    expect(input.map((a) => a.id)).toEqual(['open', 'early']);
  });
});
