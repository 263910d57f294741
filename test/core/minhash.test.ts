import { describe, expect, it } from 'vitest';
import { fmix32 } from '../../src/core/hash.js';
import { estimateJaccard, minhashSignature, NUM_HASHES, sortUint32 } from '../../src/core/minhash.js';

/**
 * The plain definition: bin and value from one fmix32 of each shingle; each bin keeps its first
 * shingle of least value; an empty bin takes the shingle of the first filled bin in its draw
 * sequence, or else the next filled bin to its right.
 */
function reference(shingles: Uint32Array): Uint32Array {
  const out = new Uint32Array(NUM_HASHES);
  if (shingles.length === 0) return out;
  const best: Array<number | null> = Array.from({ length: NUM_HASHES }, () => null);
  for (const x of shingles) {
    const h = fmix32((x ^ 0x2545f491) >>> 0);
    const bin = Math.floor(h / 2 ** 25);
    const value = h % 2 ** 25;
    if (best[bin] === null || value < best[bin]!) {
      best[bin] = value;
      out[bin] = x;
    }
  }
  for (let bin = 0; bin < NUM_HASHES; bin++) {
    if (best[bin] !== null) continue;
    let from = -1;
    for (let draw = 1; draw <= 64 && from < 0; draw++) {
      const j = Math.floor(fmix32((Math.imul(bin + 1, 0x9e3779b1) + draw) >>> 0) / 2 ** 25);
      if (best[j] !== null) from = j;
    }
    for (let j = (bin + 1) % NUM_HASHES; from < 0; j = (j + 1) % NUM_HASHES) if (best[j] !== null) from = j;
    out[bin] = out[from]!;
  }
  return out;
}

describe('minhashSignature', () => {
  it('keeps, per bin, the shingle the plain definition keeps, borrowing for empty bins alike', () => {
    let seed = 3;
    const next = (): number => (seed = fmix32(seed + 0x9e3779b9));
    for (let round = 0; round < 200; round++) {
      const n = round % 50 === 0 ? round % 7 : 1 + (next() % 600);
      // Extreme values and repeats too, and sets of a handful of shingles (most bins borrow).
      const pool = [0, 1, 0xffffffff, 0x80000000, 0x1ffff, ...Array.from({ length: 1 + (next() % 300) }, next)];
      const shingles = Uint32Array.from({ length: n }, () => pool[next() % pool.length]!);
      expect([...minhashSignature(shingles)]).toEqual([...reference(shingles)]);
    }
  });

  it('estimates Jaccard similarity by equal positions, for long texts and short ones', () => {
    let seed = 11;
    const next = (): number => (seed = fmix32(seed + 0x9e3779b9));
    for (const size of [40, 200, 1000]) {
      for (const jaccard of [0.1, 0.5, 0.9]) {
        let error = 0;
        const trials = 40;
        for (let t = 0; t < trials; t++) {
          // |A ∩ B| / |A ∪ B| = jaccard, with |A| = |B| = size.
          const common = Math.round((2 * size * jaccard) / (1 + jaccard));
          const shared = Array.from({ length: common }, next);
          const a = Uint32Array.from([...shared, ...Array.from({ length: size - common }, next)]);
          const b = Uint32Array.from([...shared, ...Array.from({ length: size - common }, next)]);
          const exact = common / (2 * size - common);
          error += Math.abs(estimateJaccard(minhashSignature(a), minhashSignature(b)) - exact);
        }
        // k-mins with 128 functions averages ~0.035 at 0.5; densified bins of a 40-shingle text a little more.
        expect(error / trials).toBeLessThan(0.06);
      }
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
