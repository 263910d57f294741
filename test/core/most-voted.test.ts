import { describe, expect, it } from 'vitest';
import { mostVoted } from '../../src/core/storyline-index.js';

/** The reference: every slot sorted by votes (descending), ties to the lower slot, cut at k. */
function bySort(slots: number[], votes: Float64Array, k: number): number[] {
  return [...slots].sort((a, b) => votes[b]! - votes[a]! || a - b).slice(0, k);
}

describe('mostVoted', () => {
  it('picks the k most voted slots in the order a full sort gives, ties to the lower slot', () => {
    // Deterministic pseudo-random inputs with many ties (votes in steps of 0.25).
    let seed = 7;
    const next = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let round = 0; round < 200; round++) {
      const n = Math.floor(next() * 60);
      const votes = new Float64Array(100);
      const slots: number[] = [];
      for (let i = 0; i < n; i++) {
        const slot = Math.floor(next() * 100);
        if (slots.includes(slot)) continue;
        slots.push(slot);
        votes[slot] = Math.floor(next() * 8) / 4;
      }
      for (const k of [0, 1, 5, 12, 80]) expect(mostVoted(slots, slots.map((s) => votes[s]!), k)).toEqual(bySort(slots, votes, k));
    }
  });

  it('leaves out ineligible slots as a filter before ranking would, asking only of slots that could rank', () => {
    let seed = 11;
    const next = (): number => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    for (let round = 0; round < 200; round++) {
      const votes = new Float64Array(100);
      const slots: number[] = [];
      for (let i = 0; i < 80; i++) {
        const slot = Math.floor(next() * 100);
        if (slots.includes(slot)) continue;
        slots.push(slot);
        votes[slot] = Math.floor(next() * 8) / 4;
      }
      const odd = (slot: number): boolean => slot % 2 === 1;
      for (const k of [0, 1, 5, 12]) {
        const asked: number[] = [];
        const got = mostVoted(slots, slots.map((s) => votes[s]!), k, (slot) => (asked.push(slot), odd(slot)));
        expect(got).toEqual(bySort(slots.filter(odd), votes, k));
        if (k === 0) expect(asked).toEqual([]);
        else expect(asked.length).toBeLessThan(slots.length);
      }
    }
  });

  it('returns every slot when there are fewer than k', () => {
    const votes = new Float64Array([0, 2, 1]);
    expect(mostVoted([2, 0, 1], [2, 0, 1].map((s) => votes[s]!), 12)).toEqual([1, 2, 0]);
  });
});
