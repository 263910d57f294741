import { describe, expect, it } from 'vitest';
import { DocumentFrequency } from '../../src/core/document-frequency.js';
import type { SparseVector } from '../../src/core/sparse.js';

const vector = (keys: number[]): SparseVector => ({ keys: Uint32Array.from(keys), values: new Float32Array(keys.length).fill(1) });

/** The plain definition, over a Map. */
const idfOf = (docs: number, count: number): number => Math.log(1 + (docs + 1) / (count + 1));

describe('DocumentFrequency', () => {
  it('counts documents per key through growth, with key 0 and keys above 2^31', () => {
    const df = new DocumentFrequency();
    const want = new Map<number, number>();
    let x = 7;
    const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    // Enough distinct keys to double the table several times; a small pool makes repeats.
    const pool = [0, 1, 0xffffffff, 0x80000000, ...Array.from({ length: 30_000 }, next)];
    for (let doc = 0; doc < 3000; doc++) {
      const keys = [...new Set(Array.from({ length: 1 + (doc % 40) }, () => pool[next() % pool.length]!))];
      const [a, b] = [keys.slice(0, keys.length >> 1), keys.slice(keys.length >> 1)];
      df.add(vector(a), vector(b));
      for (const k of keys) want.set(k, (want.get(k) ?? 0) + 1);
      if (doc % 500 === 0) for (const k of pool.slice(0, 50)) expect(df.idf(k)).toBe(idfOf(df.size, want.get(k) ?? 0));
    }
    expect(df.size).toBe(3000);
    for (const k of pool) {
      expect(df.count(k)).toBe(want.get(k) ?? 0);
      expect(df.idf(k)).toBe(idfOf(3000, want.get(k) ?? 0));
    }
  });

  it('recomputes a cached IDF once another document is added', () => {
    const df = new DocumentFrequency();
    df.add(vector([5, 6]));
    expect(df.idf(5)).toBe(idfOf(1, 1));
    df.add(vector([6]));
    expect(df.idf(5)).toBe(idfOf(2, 1));
    expect(df.idf(6)).toBe(idfOf(2, 2));
    expect(df.idf(7)).toBe(idfOf(2, 0));
  });

  it('weighs a vector by the IDF of its keys, as a callback per key does', () => {
    const df = new DocumentFrequency();
    df.add(vector([1, 2, 3]));
    df.add(vector([2, 3]));
    df.add(vector([3]));
    const v: SparseVector = { keys: Uint32Array.of(1, 3, 9), values: Float32Array.of(0.5, 1.25, 3) };
    const out = new Float32Array(5).fill(-1);
    df.weigh(v, out);
    expect([...out]).toEqual([...Float32Array.from(v.keys, (k, i) => v.values[i]! * df.idf(k)), -1, -1]);
  });
});
