import { describe, expect, it } from 'vitest';
import { kthSmallest, SparseSum, toSparse, type SparseVector } from '../../src/core/sparse.js';

/** The plain definition: positive weights, the heaviest `max` (ties to the smaller key), sorted by key. */
function reference(weights: Map<number, number>, max = Infinity): { keys: number[]; values: number[] } {
  const kept = [...weights].filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, max);
  kept.sort((a, b) => a[0] - b[0]);
  return { keys: kept.map(([k]) => k), values: kept.map(([, v]) => Math.fround(v)) };
}

function randomWeights(seed: number, size: number, distinct: number): Map<number, number> {
  let x = seed;
  const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
  const m = new Map<number, number>();
  while (m.size < size) m.set(next(), ((next() % distinct) - 2) / 4);
  return m;
}

describe('toSparse', () => {
  it('keeps the heaviest keys, ties to the smaller key, in key order', () => {
    for (let seed = 1; seed <= 200; seed++) {
      for (const max of [Infinity, 1, 8, 64, 128]) {
        // Few distinct weights: many ties at the cut-off; zero and negative weights dropped.
        const w = randomWeights(seed, 1 + (seed % 150), 2 + (seed % 9));
        const got = toSparse(w, max);
        const want = reference(w, max);
        expect([...got.keys]).toEqual(want.keys);
        expect([...got.values]).toEqual(want.values);
      }
    }
  });

  it('handles an empty map and a map without positive weights', () => {
    expect(toSparse(new Map()).keys.length).toBe(0);
    expect(toSparse(new Map([[1, 0], [2, -1], [3, NaN]]), 1).keys.length).toBe(0);
  });
});

describe('SparseSum', () => {
  it('sums vectors as a Map would, and keeps and gives the strongest keys as toSparse does', () => {
    let x = 3;
    const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    for (let seed = 0; seed < 40; seed++) {
      const sum = new SparseSum();
      const map = new Map<number, number>();
      for (let round = 0; round < 12; round++) {
        const weights = new Map<number, number>();
        while (weights.size < 1 + (next() % 50)) weights.set(next() % 300, 1 + (next() % 5));
        const v: SparseVector = toSparse(weights);
        const by = 1 + (next() % 7);
        sum.add(v, by);
        // The sums are held in Float32: each addition is rounded to it, once.
        v.keys.forEach((k, i) => map.set(k, Math.fround((map.get(k) ?? 0) + v.values[i]! / by)));
        if (sum.size > 64) {
          sum.prune(32);
          const kept = toSparse(map, 32).keys;
          for (const k of [...map.keys()]) if (!kept.includes(k)) map.delete(k);
        }
        expect(sum.size).toBe(map.size);
        for (const max of [8, 32, Infinity]) {
          const got = sum.top(max);
          const want = toSparse(map, max);
          expect([...got.keys]).toEqual([...want.keys]);
          expect([...got.values]).toEqual([...want.values]);
        }
      }
    }
  });
});

describe('kthSmallest', () => {
  it('finds the value a sort puts at k, ties and sorted runs included', () => {
    let x = 5;
    const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    for (let round = 0; round < 300; round++) {
      const n = 1 + (next() % 90);
      const distinct = 1 + (next() % 12);
      const values = Float64Array.from({ length: n }, () => (next() % distinct) / 3);
      if (round % 5 === 0) values.sort();
      if (round % 7 === 0) values.reverse();
      const sorted = values.slice().sort();
      const k = next() % n;
      // Extra room past n must be left alone.
      const room = Float64Array.from([...values, -1, -1]);
      expect(kthSmallest(room, n, k)).toBe(sorted[k]);
      expect([...room.subarray(n)]).toEqual([-1, -1]);
      expect([...room.subarray(0, n)].sort((a, b) => a - b)).toEqual([...sorted]);
    }
  });
});
