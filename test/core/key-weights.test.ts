import { describe, expect, it } from 'vitest';
import { toSparse } from '../../src/core/sparse.js';
import { ArticleTerms, KeyWeights } from '../../src/core/story-vector.js';
import { termKey } from '../../src/core/terms.js';
import { keyedTerms } from '../../src/core/terms.js';

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

describe('ArticleTerms', () => {
  it('counts each body term in order of first use there, with its termKey, through growth and reuse', () => {
    const terms = new ArticleTerms();
    let x = 5;
    const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    for (let round = 1; round <= 60; round++) {
      terms.clear();
      const want = new Map<string, number>();
      // 't7pfs' and 'tovja' share a termKey: they must still be counted apart.
      const pool = keyedTerms(['t7pfs', 'tovja', ...Array.from({ length: round * 7 }, (_, i) => `w${i}`)]);
      // Terms the table holds before the body is counted: their indices come first.
      for (const t of pool.slice(0, round)) terms.index(t);
      for (let i = 0; i < round * 20; i++) {
        const t = pool[next() % pool.length]!;
        terms.countInBody(terms.index(t));
        want.set(t.term, (want.get(t.term) ?? 0) + 1);
      }
      const got = Array.from({ length: terms.bodyTerms }, (_, k) => [terms.term(terms.bodyTerm(k)), terms.bodyCount(terms.bodyTerm(k))]);
      expect(got).toEqual([...want]);
      for (let i = 0; i < terms.size; i++) expect(terms.key(i)).toBe(termKey(terms.term(i)));
      // A copy of the term, as an equal string from elsewhere would be.
      for (const t of pool.slice(0, round)) expect(terms.find({ term: (' ' + t.term).slice(1), key: t.key })).toBe(terms.index(t));
    }
    expect(termKey('t7pfs')).toBe(termKey('tovja'));
    expect(terms.find({ term: 'absent', key: termKey('absent') | 0 })).toBe(-1);
  });
});
