import { describe, expect, it } from 'vitest';
import { Coverage } from '../../src/core/coverage.js';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** Distinct keys from a small vocabulary, so sentences overlap. */
function sentence(next: () => number, vocabulary: number, max: number): Uint32Array {
  const keys = new Set<number>();
  const n = 1 + Math.floor(next() * max);
  while (keys.size < n) keys.add((Math.floor(next() * vocabulary) * 2654435761) >>> 0);
  return Uint32Array.from(keys);
}

/** The definition, computed the plain way: best share of the keys found in one earlier sentence. */
function coveredByDefinition(earlier: Uint32Array[], keys: Uint32Array): number {
  let best = 0;
  for (const s of earlier) {
    const set = new Set(s);
    best = Math.max(best, keys.filter((k) => set.has(k)).length);
  }
  return best / keys.length;
}

describe('Coverage', () => {
  it('says how much of a sentence one earlier sentence already holds', () => {
    const c = new Coverage();
    c.addKeys(Uint32Array.of(1, 2, 3));
    c.addKeys(Uint32Array.of(3, 4));
    expect(c.covered(Uint32Array.of(1, 2, 4, 5))).toBe(0.5);
    expect(c.covered(Uint32Array.of(3, 4))).toBe(1);
    expect(c.covered(Uint32Array.of(9))).toBe(0);
    expect(c.covered(Uint32Array.of())).toBe(1);
    expect(c.isNovel(4)).toBe(false);
    expect(c.isNovel(5)).toBe(true);
  });

  it('matches the definition over many sentences, through growth and reuse after reset', () => {
    const c = new Coverage();
    const next = rng(7);
    for (let round = 0; round < 4; round++) {
      c.reset();
      const earlier: Uint32Array[] = [];
      const sentences = round === 1 ? 1500 : 120; // round 1 grows every array
      for (let i = 0; i < sentences; i++) {
        const s = sentence(next, 400, 14);
        earlier.push(s);
        c.addKeys(s);
      }
      for (let q = 0; q < 60; q++) {
        const keys = sentence(next, 500, 10);
        expect(c.covered(keys)).toBe(coveredByDefinition(earlier, keys));
        const probe = (Math.floor(next() * 500) * 2654435761) >>> 0;
        expect(c.isNovel(probe)).toBe(!earlier.some((s) => s.includes(probe)));
      }
    }
  });

  it('counts a key repeated within one sentence once', () => {
    const c = new Coverage();
    c.addKeys(Uint32Array.of(5, 5, 6));
    expect(c.covered(Uint32Array.of(5))).toBe(1);
    expect(c.covered(Uint32Array.of(5, 7))).toBe(0.5);
  });
});
