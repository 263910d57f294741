import { describe, expect, it } from 'vitest';
import { fmix32 } from '../../src/core/hash.js';
import { minhashSignature, NUM_HASHES } from '../../src/core/minhash.js';

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
