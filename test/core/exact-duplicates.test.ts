import { describe, expect, it } from 'vitest';
import { item, newEngine, place } from './engine-setup.js';
import { closedLean, hybridPlan, metaNuclear } from './stories.js';

describe('exact duplicates', () => {
  it('same GUID from the same feed is a duplicate of the first item, even with a new URL and title', () => {
    const engine = newEngine();
    const first = place(engine, { ...closedLean, feedId: 'f1', guid: 'post-1001' });
    const again = engine.analyse({ ...closedLean, feedId: 'f1', guid: 'post-1001', url: 'https://coinledger.example/moved', title: 'A new headline' });
    expect(again.placement).toMatchObject({ kind: 'duplicate', duplicateOf: first.article.id, duplicateReason: 'guid', storylineId: first.placement.storylineId });
    expect(again.article.duplicateOf).toBe(first.article.id);
  });

  it('the same GUID in another feed is not a GUID duplicate (GUIDs are per feed)', () => {
    const engine = newEngine();
    place(engine, { ...closedLean, feedId: 'f1', guid: '1' });
    const other = engine.analyse({ ...metaNuclear, feedId: 'f2', guid: '1' });
    expect(other.placement.kind).not.toBe('duplicate');
  });

  it('the same canonical URL (tracking, scheme, www, AMP) is a duplicate', () => {
    const engine = newEngine();
    const first = place(engine, { ...hybridPlan, url: 'https://axiswire.example/meta-hybrid' });
    const variant = engine.analyse({
      ...hybridPlan,
      source: 'Aggregator',
      title: 'Meta weighs hybrid release plan',
      url: 'http://www.AxisWire.example/meta-hybrid/amp/?utm_source=twitter&fbclid=abc#top',
    });
    expect(variant.placement).toMatchObject({ kind: 'duplicate', duplicateReason: 'url', duplicateOf: first.article.id });
    expect(variant.article.canonicalUrl).toBe(first.article.canonicalUrl);
  });

  it('the same normalised headline from the same outlet is a duplicate; from another outlet it is not', () => {
    const engine = newEngine();
    const first = place(engine, closedLean);
    const retitled = `  ${closedLean.title.toUpperCase().replace(/'/g, '\u2019')}!! `;
    const same = engine.analyse({ ...closedLean, url: 'https://coinledger.example/other-slug', title: retitled });
    expect(same.placement).toMatchObject({ kind: 'duplicate', duplicateReason: 'title', duplicateOf: first.article.id });

    const elsewhere = engine.analyse({ ...metaNuclear, source: 'Grid Times', title: closedLean.title });
    expect(elsewhere.placement.duplicateReason).not.toBe('title');
  });

  it('a recurring headline over a clearly different text is not a duplicate', () => {
    const engine = newEngine();
    place(engine, item({ source: 'Grid Times', title: 'This week in AI infrastructure news', text: metaNuclear.text, published: '2025-08-21T15:00:00.000Z' }));
    const nextWeek = engine.analyse(item({ source: 'Grid Times', title: 'This week in AI infrastructure news', text: hybridPlan.text, published: '2025-08-28T15:00:00.000Z', url: 'https://gridtimes.example/week-35' }));
    expect(nextWeek.placement.kind).not.toBe('duplicate');
  });

  it('a copy of a copy points at the original, not at the copy', () => {
    const engine = newEngine();
    const first = place(engine, { ...closedLean, feedId: 'f1', guid: 'g1', url: 'https://coinledger.example/a' });
    const copy = place(engine, { ...closedLean, feedId: 'f2', guid: 'g2', url: 'https://coinledger.example/a?utm_source=x' });
    expect(copy.placement.duplicateOf).toBe(first.article.id);
    const copyOfCopy = engine.analyse({ ...closedLean, feedId: 'f2', guid: 'g2', url: 'https://mirror.example/x' });
    expect(copyOfCopy.placement).toMatchObject({ kind: 'duplicate', duplicateReason: 'guid', duplicateOf: first.article.id });
  });

  it('analyse alone does not change the engine: without remember the same item is new again', () => {
    const engine = newEngine();
    const a = engine.analyse(closedLean);
    const b = engine.analyse(closedLean);
    expect(a.placement.kind).toBe('story');
    expect(b.placement.kind).toBe('story');
    engine.remember(a);
    expect(engine.analyse(closedLean).placement.kind).toBe('duplicate');
  });
});
