import { describe, expect, it } from 'vitest';
import { toSparse } from '../../src/core/sparse.js';
import { KeyWeights, TermCounts, termKey } from '../../src/core/story-vector.js';

describe('KeyWeights', () => {
  it('sums per key and keeps the vector toSparse keeps of the same sums, through growth and reuse', () => {
    const weights = new KeyWeights();
    let x = 11;
    const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    for (let seed = 1; seed <= 300; seed++) {
      for (const max of [1, 8, 32, 64, 1000]) {
        weights.clear();
        const map = new Map<number, number>();
        // Few distinct keys and weights: repeats to sum, ties at the cut-off; keys 0 and above 2^31 too.
        const pool = [0, 0xffffffff, ...Array.from({ length: 1 + (seed % 400) }, next)];
        for (let i = 0; i < 1 + seed * 2; i++) {
          const key = pool[next() % pool.length]!;
          const w = [0.3, 0.4, 1.5, 3, 0.5 * Math.log2(1 + (i % 4))][next() % 5]!;
          weights.add(key, w);
          map.set(key, (map.get(key) ?? 0) + w);
        }
        const got = weights.take(max);
        const want = toSparse(map, max);
        expect([...got.keys]).toEqual([...want.keys]);
        expect([...got.values]).toEqual([...want.values]);
      }
    }
  });

  it('drops keys whose sum is not positive', () => {
    const weights = new KeyWeights();
    weights.add(5, 0);
    weights.add(7, 1);
    weights.add(9, -1);
    expect([...weights.take(10).keys]).toEqual([7]);
  });
});

describe('TermCounts', () => {
  it('counts each term in order of first use, with its termKey, through growth and reuse', () => {
    const counts = new TermCounts();
    let x = 5;
    const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    for (let round = 1; round <= 60; round++) {
      counts.clear();
      const want = new Map<string, number>();
      // 't7pfs' and 'tovja' share a termKey: they must still be counted apart.
      const pool = ['t7pfs', 'tovja', ...Array.from({ length: round * 7 }, (_, i) => `w${i}`)];
      for (let i = 0; i < round * 20; i++) {
        const t = pool[next() % pool.length]!;
        counts.count(t);
        want.set(t, (want.get(t) ?? 0) + 1);
      }
      const got = Array.from({ length: counts.size }, (_, i) => [counts.term(i), counts.countOf(i)]);
      expect(got).toEqual([...want]);
      for (let i = 0; i < counts.size; i++) expect(counts.key(i)).toBe(termKey(counts.term(i)));
    }
    expect(termKey('t7pfs')).toBe(termKey('tovja'));
  });
});
