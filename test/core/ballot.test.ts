import { describe, expect, it } from 'vitest';
import { Ballot } from '../../src/core/ballot.js';

/** What the ballot should hold: slots in order first voted, each key's weight counted once per slot. */
function tally(votes: Array<[slot: number, key: number, weight: number]>): { slots: number[]; votes: number[] } {
  const order: number[] = [];
  const sums = new Map<number, number>();
  const keys = new Map<number, Set<number>>();
  for (const [slot, key, weight] of votes) {
    if (!sums.has(slot)) {
      order.push(slot);
      sums.set(slot, 0);
      keys.set(slot, new Set());
    }
    if (keys.get(slot)!.has(key)) continue;
    keys.get(slot)!.add(key);
    sums.set(slot, sums.get(slot)! + weight);
  }
  return { slots: order, votes: order.map((s) => sums.get(s)!) };
}

describe('Ballot', () => {
  it("sums each slot's votes once per key, slots in the order first voted, and starts empty after clear", () => {
    let x = 7;
    const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    const ballot = new Ballot(300);
    for (let round = 0; round < 40; round++) {
      const votes: Array<[number, number, number]> = [];
      // Keys in ascending runs, as a query's keys vote one after another; slots from a range wider than the table.
      for (let key = 0; votes.length < 300 && key < 16; key++) {
        for (let i = next() % 30; i > 0 && votes.length < 300; i--) votes.push([next() % (round % 2 === 0 ? 50 : 1_000_000), key, (next() % 1000) / 7]);
      }
      ballot.clear();
      for (const [slot, key, weight] of votes) ballot.vote(slot, key, weight);
      const want = tally(votes);
      expect([...ballot.slots.subarray(0, ballot.size)]).toEqual(want.slots);
      expect([...ballot.votes.subarray(0, ballot.size)]).toEqual(want.votes);
    }
  });
});
