import { describe, expect, it } from 'vitest';
import { ENTITIES, ProfileLayout, QueryTable, TERMS } from '../../src/core/profile-layout.js';
import { cosine, norm, type SparseVector } from '../../src/core/sparse.js';
import type { StoryVector } from '../../src/core/story-vector.js';

const vector = (terms: number[], entities: number[]): StoryVector => ({
  terms: { keys: Uint32Array.from(terms), values: new Float32Array(terms.length).fill(1) },
  entities: { keys: Uint32Array.from(entities), values: new Float32Array(entities.length).fill(1) },
  protagonists: new Uint32Array(0),
});

/** A seeded stream of numbers and of sparse vectors (distinct ascending keys below `range`, positive weights). */
function seededSparse(seed: number): { next: () => number; sparse: (size: number, range: number) => SparseVector } {
  let x = seed;
  const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
  const sparse = (size: number, range: number): SparseVector => {
    const keys = new Set<number>();
    while (keys.size < size) keys.add(next() % range);
    const sorted = Uint32Array.from(keys).sort();
    return { keys: sorted, values: Float32Array.from(sorted, () => (next() % 1000) / 97 + 0.01) };
  };
  return { next, sparse };
}

/** A query channel's keys and weights in a table, as the index fills one per query. */
function tableOf(keys: Uint32Array, weights: Float32Array): QueryTable {
  const table = new QueryTable();
  table.fill(keys, weights);
  return table;
}

describe('ProfileLayout', () => {
  const a = vector([1, 5, 9], [100]);
  const b = vector([2, 3], []);
  const c = vector([7], [200, 300]);

  /** Each profile's term dot product with a query whose keys all weigh 1. */
  const termDotsOf = (layout: ProfileLayout, keys: number[]): number[] => {
    const dot = new Float64Array(8);
    layout.dots(TERMS, tableOf(Uint32Array.from(keys), new Float32Array(keys.length).fill(1)), dot, new Int32Array(8));
    return [...dot.subarray(0, layout.size)];
  };

  it('lays each profile out unweighed', () => {
    const layout = new ProfileLayout([a, b]);
    expect(layout.size).toBe(2);
    expect([layout.termCount(0), layout.entityCount(0), layout.termCount(1), layout.entityCount(1)]).toEqual([3, 1, 2, 0]);
    expect(layout.weighedAt(0)).toBeNull();
    expect(termDotsOf(layout, [1, 2, 3, 5, 9])).toEqual([0, 0]);
  });

  it('stores weights and norms with the corpus size they were taken at', () => {
    const layout = new ProfileLayout([a, b]);
    layout.setWeights(1, Float32Array.of(0.5, 0.25), 0.75, new Float32Array(0), 0, 42);
    expect(layout.weighedAt(1)).toBe(42);
    expect(termDotsOf(layout, [2])).toEqual([0, 0.5]);
    expect(termDotsOf(layout, [3])).toEqual([0, 0.25]);
    expect([layout.termNorm(1), layout.entityNorm(1)]).toEqual([0.75, 0]);
  });

  it('carries weights over to a new layout of the profiles that remain, as they were taken', () => {
    const old = new ProfileLayout([a, b]);
    old.setWeights(0, Float32Array.of(1, 2, 3), 3.7, Float32Array.of(4), 4, 10);
    old.setWeights(1, Float32Array.of(5, 6), 7.8, new Float32Array(0), 0, 11);
    // b dropped, c new, a kept (and moved): a's weights move with it, c is unweighed.
    const next = new ProfileLayout([c, a], old, [-1, 0]);
    expect([next.weighedAt(1), next.termNorm(1), next.entityNorm(1)]).toEqual([10, 3.7, 4]);
    expect(next.weighedAt(0)).toBeNull();
    expect(termDotsOf(next, [1])).toEqual([0, 1]);
    expect(termDotsOf(next, [9])).toEqual([0, 3]);
    expect(termDotsOf(next, [2, 3, 7])).toEqual([0, 0]);
    const dot = new Float64Array(8);
    const shared = new Int32Array(8);
    next.dots(ENTITIES, tableOf(Uint32Array.of(100, 200), Float32Array.of(1, 1)), dot, shared);
    expect([...dot.subarray(0, 2)]).toEqual([0, 4]);
    expect([...shared.subarray(0, 2)]).toEqual([1, 1]);
  });

  it('lays out moved profiles as a fresh layout of them would, to the bit', () => {
    const { next, sparse } = seededSparse(11);
    const profile = (): StoryVector => ({ terms: sparse(1 + (next() % 60), 300), entities: sparse(next() % 6, 20), protagonists: new Uint32Array(0) });
    const weighAll = (layout: ProfileLayout, profiles: StoryVector[]): void =>
      profiles.forEach((v, p) => {
        if (layout.weighedAt(p) === null) layout.setWeights(p, v.terms.values, norm(v.terms.values), v.entities.values, norm(v.entities.values), 1);
      });
    // As a storyline moves: the first stays, a member is pushed, the oldest latest dropped, the centroid replaced.
    let profiles = [profile()];
    let layout = new ProfileLayout(profiles);
    weighAll(layout, profiles);
    const table = new QueryTable();
    const entityTable = new QueryTable();
    for (let round = 0; round < 60; round++) {
      const latest = profiles.slice(1, profiles.length > 1 ? -1 : 1);
      for (let pushed = 1 + (round % 3 === 0 ? 1 : 0); pushed > 0; pushed--) latest.push(profile());
      while (latest.length > 5) latest.shift();
      const moved = [profiles[0]!, ...latest, profile()];
      const from = moved.map((v) => profiles.indexOf(v));
      // Every other round, the new profiles' weights are given to the layout rather than set after.
      const given = moved.map((v, p) =>
        round % 2 === 0 || from[p]! >= 0 ? null : { terms: v.terms.values, termNorm: norm(v.terms.values), entities: v.entities.values, entityNorm: norm(v.entities.values), docs: 1 },
      );
      // Mostly laid out again in place, as the index does; now and then as a new layout of the
      // old one, or in a spare layout of other profiles, carrying none over (as the index re-uses an idle storyline's).
      if (round % 4 === 3) {
        const others = Array.from({ length: 7 }, profile);
        const spare = new ProfileLayout(others);
        weighAll(spare, others);
        spare.relayout(moved, moved.map(() => -1), given);
        layout = spare;
      } else if (round % 3 === 2) layout = new ProfileLayout(moved, layout, from, given);
      else layout.relayout(moved, from, given);
      profiles = moved;
      weighAll(layout, profiles);
      const fresh = new ProfileLayout(profiles);
      weighAll(fresh, profiles);
      const query = sparse(1 + (next() % 80), 300);
      const entities = sparse(next() % 6, 20);
      table.fill(query.keys, query.values);
      const got = new Float64Array(8);
      const want = new Float64Array(8);
      layout.termDots(table, got);
      fresh.termDots(table, want);
      expect([...got]).toEqual([...want]);
      const gotShared = new Int32Array(8);
      const wantShared = new Int32Array(8);
      entityTable.fill(entities.keys, entities.values);
      layout.dots(ENTITIES, entityTable, got, gotShared);
      fresh.dots(ENTITIES, entityTable, want, wantShared);
      expect([...got]).toEqual([...want]);
      expect([...gotShared]).toEqual([...wantShared]);
    }
  });

  it('scores a query against every profile as `cosine` does, to the bit, with the keys in common', () => {
    const { next, sparse } = seededSparse(7);
    // One table refilled for every query, as the index uses it.
    const table = new QueryTable();
    for (let round = 0; round < 50; round++) {
      const profiles = Array.from({ length: 1 + (round % 7) }, () => ({ terms: sparse(1 + (next() % 60), 200), entities: sparse(next() % 6, 20), protagonists: new Uint32Array(0) }));
      const layout = new ProfileLayout(profiles);
      profiles.forEach((v, p) => layout.setWeights(p, v.terms.values, norm(v.terms.values), v.entities.values, norm(v.entities.values), 1));
      const query = sparse(1 + (next() % 60), 200);
      const queryEntities = sparse(next() % 6, 20);
      const dot = new Float64Array(8);
      const shared = new Int32Array(8);
      layout.dots(TERMS, tableOf(query.keys, query.values), dot, shared);
      profiles.forEach((v, p) => {
        const want = cosine(query, query.values, norm(query.values), v.terms, v.terms.values, norm(v.terms.values));
        expect(dot[p]! / (norm(query.values) * norm(v.terms.values))).toBe(want);
        expect(shared[p]).toBe(v.terms.keys.filter((k) => query.keys.includes(k)).length);
      });
      table.fill(query.keys, query.values);
      layout.termDots(table, dot);
      profiles.forEach((v, p) => {
        const want = cosine(query, query.values, norm(query.values), v.terms, v.terms.values, norm(v.terms.values));
        expect(dot[p]! / (norm(query.values) * norm(v.terms.values))).toBe(want);
      });
      layout.dots(ENTITIES, tableOf(queryEntities.keys, queryEntities.values), dot, shared);
      profiles.forEach((v, p) => expect(shared[p]).toBe(v.entities.keys.filter((k) => queryEntities.keys.includes(k)).length));
    }
  });

  it('counts no key in common at key 0 when the query lacks it (an empty table slot reads key 0)', () => {
    const layout = new ProfileLayout([vector([1], [0, 7]), vector([2], [0])]);
    layout.setWeights(0, Float32Array.of(1), 1, Float32Array.of(2, 3), 1, 1);
    layout.setWeights(1, Float32Array.of(1), 1, Float32Array.of(5), 1, 1);
    const table = new QueryTable();
    const dot = new Float64Array(8);
    const shared = new Int32Array(8);
    table.fill(Uint32Array.of(7), Float32Array.of(0.5));
    layout.dots(ENTITIES, table, dot, shared);
    expect([...dot.subarray(0, 2)]).toEqual([1.5, 0]);
    expect([...shared.subarray(0, 2)]).toEqual([1, 0]);
    table.fill(Uint32Array.of(0), Float32Array.of(0.5));
    layout.dots(ENTITIES, table, dot, shared);
    expect([...dot.subarray(0, 2)]).toEqual([1, 2.5]);
    expect([...shared.subarray(0, 2)]).toEqual([1, 1]);
  });
});
