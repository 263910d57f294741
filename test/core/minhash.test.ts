import { describe, expect, it } from 'vitest';
import { fmix32 } from '../../src/core/hash.js';
import { minhashSignature, NUM_HASHES, sortUint32 } from '../../src/core/minhash.js';

/** The plain definition: for each hash function, the first shingle with the smallest xorshift(a * x + b). */
function reference(shingles: Uint32Array): Uint32Array {
  const out = new Uint32Array(NUM_HASHES);
  if (shingles.length === 0) return out;
  for (let i = 0; i < NUM_HASHES; i++) {
    const mul = (fmix32(0x9e3779b9 + i * 2) | 1) >>> 0;
    const add = fmix32(0x7f4a7c15 + i * 2 + 1);
    let best = Infinity;
    for (const x of shingles) {
      const h = (Math.imul(x, mul) + add) >>> 0;
      const v = (h ^ (h >>> 15)) >>> 0;
      if (v < best) {
        best = v;
        out[i] = x;
      }
    }
  }
  return out;
}

describe('minhashSignature', () => {
  it('keeps, per hash function, the first shingle the plain definition keeps', () => {
    let seed = 3;
    const next = (): number => (seed = fmix32(seed + 0x9e3779b9));
    for (let round = 0; round < 200; round++) {
      const n = round % 50 === 0 ? round % 7 : 1 + (next() % 600);
      // Extreme values and repeats too: the bound test must not skip a tie-breaking first minimum.
      const pool = [0, 1, 0xffffffff, 0x80000000, 0x1ffff, ...Array.from({ length: 1 + (next() % 300) }, next)];
      const shingles = Uint32Array.from({ length: n }, () => pool[next() % pool.length]!);
      expect([...minhashSignature(shingles)]).toEqual([...reference(shingles)]);
    }
  });
});

describe('sortUint32', () => {
  it('sorts as the built-in sort does, across byte ranges, repeats and growth of its scratch', () => {
    let x = 3;
    const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    for (let round = 0; round < 200; round++) {
      const n = round < 190 ? round * 3 : 3000 + round;
      const mask = [0xff, 0xffff, 0xffffffff, 0x7][round % 4]!;
      const values = Uint32Array.from({ length: n }, () => (next() & mask) >>> 0);
      const want = values.slice().sort();
      sortUint32(values);
      expect([...values]).toEqual([...want]);
    }
    const edges = Uint32Array.from([0xffffffff, 0, 0x80000000, 0x7fffffff, 1]);
    sortUint32(edges);
    expect([...edges]).toEqual([0, 1, 0x7fffffff, 0x80000000, 0xffffffff]);
  });
});
