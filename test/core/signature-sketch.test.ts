import { describe, expect, it } from 'vitest';
import { NUM_HASHES } from '../../src/core/minhash.js';
import { SKETCH_WORDS, sketchDifference, sketchInto } from '../../src/core/near-duplicate.js';

describe('signature sketches', () => {
  let seed = 7;
  const next = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  const signature = (): Uint32Array => Uint32Array.from({ length: NUM_HASHES }, next);

  it('count the positions whose low two bits differ, never more than the positions that differ', () => {
    for (let round = 0; round < 200; round++) {
      const a = signature();
      const b = a.slice();
      // Some positions changed, some of them only above their low two bits.
      for (let i = 0; i < NUM_HASHES; i++) if (next() % 3 === 0) b[i] = next() % 2 ? next() : (a[i]! ^ 4) >>> 0;
      const sa = new Uint32Array(SKETCH_WORDS * 2);
      const sb = new Uint32Array(SKETCH_WORDS);
      sketchInto(a, sa, SKETCH_WORDS);
      sketchInto(b, sb, 0);
      let lowBits = 0;
      let differ = 0;
      for (let i = 0; i < NUM_HASHES; i++) {
        if ((a[i]! & 3) !== (b[i]! & 3)) lowBits++;
        if (a[i] !== b[i]) differ++;
      }
      const d = sketchDifference(sa, SKETCH_WORDS, sb, 0);
      expect(d).toBe(lowBits);
      expect(d).toBeLessThanOrEqual(differ);
    }
  });
});
