import { describe, expect, it } from 'vitest';
import { estimateContainment, minhashSignature } from '../../src/core/minhash.js';
import { NearDuplicateIndex, ShingleSet } from '../../src/core/near-duplicate.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function shingles(next: () => number, count: number, range: number): Uint32Array {
  const set = new Set<number>();
  while (set.size < count) set.add(Math.floor(next() * range) >>> 0);
  return Uint32Array.from(set).sort();
}

describe('ShingleSet', () => {
  it('answers as a Set would, refilled with sets of other sizes (key 0 included)', () => {
    const set = new ShingleSet();
    const next = rng(7);
    for (const count of [50, 600, 3, 200]) {
      const keys = shingles(next, count, 2 ** 32);
      keys[0] = 0;
      const ref = new Set(keys);
      set.fill(Uint32Array.from(ref).sort());
      expect(set.size).toBe(ref.size);
      for (const k of ref) expect(set.has(k)).toBe(true);
      for (let i = 0; i < 2000; i++) {
        const probe = Math.floor(next() * 2 ** 32) >>> 0;
        expect(set.has(probe)).toBe(ref.has(probe));
      }
    }
  });
});

describe('NearDuplicateIndex', () => {
  const DAY = 86_400_000;

  it('finds a copy, forgets it once evicted, and reuses its slot for a later text', () => {
    const index = new NearDuplicateIndex(0.5, 14 * DAY);
    const next = rng(3);
    const a = shingles(next, 300, 1e9);
    const b = shingles(next, 300, 1e9);
    index.add({ articleId: 'a', rootId: 'a', signature: minhashSignature(a), size: a.length, at: 0 });
    const copy = index.find({ shingles: a, signature: minhashSignature(a) }, DAY, [], () => true);
    expect(copy).toMatchObject([{ articleId: 'a', rootId: 'a', jaccard: 1, by: 'jaccard' }]);
    expect(index.get('a')?.signature).toEqual(minhashSignature(a));

    index.evictBefore(1);
    expect(index.get('a')).toBeUndefined();
    expect(index.find({ shingles: a, signature: minhashSignature(a) }, DAY, ['a'], () => true)).toEqual([]);

    index.add({ articleId: 'b', rootId: 'x', signature: minhashSignature(b), size: b.length, at: 2 * DAY });
    expect(index.find({ shingles: a, signature: minhashSignature(a) }, 2 * DAY, ['b'], () => true)).toEqual([]);
    expect(index.find({ shingles: b, signature: minhashSignature(b) }, 2 * DAY, ['b'], () => true)).toMatchObject([{ articleId: 'b', rootId: 'x' }]);
  });

  it('finds a short text contained in a longer stored one through the extra ids, when about the same story', () => {
    const index = new NearDuplicateIndex(0.5, 14 * DAY);
    const next = rng(11);
    // Jaccard 0.4, below the threshold: only containment finds it. The long text's signature holds ~51 of the short one's shingles, so the estimate clears 0.8 by a margin.
    const short = shingles(next, 120, 1e9);
    const long = Uint32Array.from(new Set([...short, ...shingles(next, 180, 1e9)])).sort();
    index.add({ articleId: 'long', rootId: 'long', signature: minhashSignature(long), size: long.length, at: 0 });
    const fp = { shingles: short, signature: minhashSignature(short) };
    expect(index.find(fp, 0, ['long'], () => false)).toEqual([]);
    // The stored text is the longer one: its share found in the short text, scaled by their sizes.
    const containment = Math.min(1, (estimateContainment(minhashSignature(long), short) * long.length) / short.length);
    expect(containment).toBeGreaterThanOrEqual(0.8);
    expect(index.find(fp, 0, ['long', 'long'], () => true)).toMatchObject([{ articleId: 'long', by: 'containment', containment }]);
  });
});
