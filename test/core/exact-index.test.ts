import { describe, expect, it } from 'vitest';
import { ExactIndex, exactDigests, keyDigest } from '../../src/core/exact-index.js';

describe('keyDigest', () => {
  it('gives exact integers below 2^53, the same for the same key', () => {
    for (const key of ['', 'a', 'TechCrunch\nhttps://techcrunch.example/2025/07/14/meta-behemoth', 'é ü 中文']) {
      const d = keyDigest(key);
      expect(Number.isSafeInteger(d)).toBe(true);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(keyDigest(key)).toBe(d);
    }
  });

  it('tells apart 300,000 keys that differ in a character or two (a full window of URLs)', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 100_000; i++) {
      for (const key of [`https://outlet.example/2025/07/${i}/story`, `outlet\nhttps://outlet.example/2025/07/${i}/story`, `outlet\nmeta weighs closed behemoth ${i}`]) seen.add(keyDigest(key));
    }
    expect(seen.size).toBe(300_000);
  });
});

describe('ExactIndex eviction', () => {
  const keys = (i: number) => ({ guid: `feed\nguid-${i}`, url: `https://outlet.example/${i}`, title: i % 2 ? `outlet\nheadline number ${i} here` : null });

  it('forgets what fell out of the window and still finds the rest after compacting its arrays', () => {
    const index = new ExactIndex();
    for (let i = 0; i < 10_000; i++) index.add(`a${i}`, i % 3 ? `a${i}` : `root${i}`, i, exactDigests(keys(i)));
    index.evictBefore(6_000); // 6,000 evicted: past the compaction point
    expect(index.find(exactDigests(keys(5_999)), () => true)).toBeNull();
    expect(index.find(exactDigests({ ...keys(7_001), guid: null, url: 'https://other.example/' }), () => true)).toEqual({ articleId: 'a7001', rootId: 'a7001', reason: 'title' });
    for (let i = 10_000; i < 12_000; i++) index.add(`a${i}`, `a${i}`, i, exactDigests(keys(i)));
    expect(index.find(exactDigests(keys(6_000)), () => true)).toEqual({ articleId: 'a6000', rootId: 'root6000', reason: 'guid' });
    expect(index.find(exactDigests({ guid: null, url: keys(11_999).url, title: null }), () => true)).toEqual({ articleId: 'a11999', rootId: 'a11999', reason: 'url' });
    // A same-title match the caller vetoes is none.
    expect(index.find(exactDigests({ guid: null, url: 'https://other.example/', title: keys(7_001).title }), () => false)).toBeNull();
  });

  it('keeps the first writer of a key until that writer is evicted', () => {
    const index = new ExactIndex();
    index.add('first', 'first', 1, exactDigests({ guid: null, url: 'https://x.example/a', title: null }));
    index.add('second', 'second', 2, exactDigests({ guid: null, url: 'https://x.example/a', title: null }));
    expect(index.find(exactDigests({ guid: null, url: 'https://x.example/a', title: null }), () => true)?.articleId).toBe('first');
    index.evictBefore(2);
    expect(index.find(exactDigests({ guid: null, url: 'https://x.example/a', title: null }), () => true)).toBeNull();
  });
});
