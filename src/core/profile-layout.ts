/**
 * The scoring layout of one storyline's profiles (its first article, its latest ones, its
 * centroid). Per channel (terms, entities), the union of the profiles' keys in ascending
 * order, each with a bitmask of the profiles that have it and a row of its weight in every
 * profile (0 where absent). Scoring a query reads this once, sequentially, with one probe of
 * the query per key: ~250 term keys per storyline where scanning each profile took ~500 (the
 * profiles share most of their keys), and all profiles advance together.
 * Each profile's own keys and weights are kept in flat arrays as well: they carry the
 * weights over when the profiles move.
 */
import type { KeyLookup } from './sparse.js';
import type { StoryVector } from './story-vector.js';

/** Per profile in `meta`: first key, term keys, entity keys, corpus size (NOT_WEIGHED: never), term norm, entity norm. */
const META = 6;
const NOT_WEIGHED = -1;
/** Profiles per layout: one bit each in a byte, and the width of a weight row. */
const MAX_PROFILES = 8;
/** Above every 32-bit key. */
const NONE = 2 ** 32;
export const TERMS = 0;
export const ENTITIES = 1;

/** One channel: the union of the profiles' keys, ascending; per key, which profiles have it and their weights. */
interface Channel {
  keys: Uint32Array;
  present: Uint8Array;
  /** Per key, MAX_PROFILES weights (0 where the profile lacks the key): a fixed row the term pass reads into registers. */
  weights: Float32Array;
}

/**
 * A query channel's keys and weights in a direct-mapped table with no two keys in one slot
 * (the hash multiplier is drawn until there are none): a key is found, or known absent, with
 * one multiply and one compare. Empty slots weigh 0. Refilled for each query, not reallocated.
 */
export class QueryTable {
  keys = new Uint32Array(0);
  weights = new Float32Array(0);
  mult = 0x9e3779b1;
  shift = 32;
  private filled: Uint32Array = new Uint32Array(0);

  fill(keys: Uint32Array, weights: Float32Array): void {
    for (const k of this.filled) {
      const s = Math.imul(k, this.mult) >>> this.shift;
      this.keys[s] = 0;
      this.weights[s] = 0;
    }
    // n keys in >= n^2 slots land apart with probability ~e^-1/2: a few draws at most.
    let bits = 4;
    while (1 << bits < keys.length * keys.length) bits++;
    if (bits > 32 - this.shift) {
      this.keys = new Uint32Array(1 << bits);
      this.weights = new Float32Array(1 << bits);
      this.shift = 32 - bits;
    }
    for (let draw = 1; !this.apart(keys); draw++) {
      this.mult = (Math.imul(this.mult, 0x2c1b3c6d) + draw) | 1;
      if (draw % 16 === 0) {
        this.keys = new Uint32Array(this.keys.length * 2);
        this.weights = new Float32Array(this.keys.length);
        this.shift--;
      }
    }
    for (let i = 0; i < keys.length; i++) {
      const s = Math.imul(keys[i]!, this.mult) >>> this.shift;
      this.keys[s] = keys[i]!;
      this.weights[s] = weights[i]!;
    }
    this.filled = keys;
  }

  /** True when no two of the keys share a slot (the table is empty). */
  private apart(keys: Uint32Array): boolean {
    for (let i = 0; i < keys.length; i++) {
      const s = Math.imul(keys[i]!, this.mult) >>> this.shift;
      if (this.weights[s] === 1) {
        for (let j = 0; j < i; j++) this.weights[Math.imul(keys[j]!, this.mult) >>> this.shift] = 0;
        return false;
      }
      this.weights[s] = 1;
    }
    for (let i = 0; i < keys.length; i++) this.weights[Math.imul(keys[i]!, this.mult) >>> this.shift] = 0;
    return true;
  }
}

/**
 * The channel of the given sorted key lists, merged in one pass (no sort); `at[from[p] + i]`
 * receives where the weight of list p's i-th key goes in `weights`.
 */
function channelOf(lists: readonly Uint32Array[], at: Int32Array, from: readonly number[]): Channel {
  let total = 0;
  const offset: number[] = [];
  for (const l of lists) {
    offset.push(total);
    total += l.length;
  }
  const all = new Uint32Array(total);
  const mask = new Uint8Array(total);
  /** For each key of the lists (concatenated), its row. */
  const rowOf = new Int32Array(total);
  const heads = new Int32Array(lists.length);
  let n = 0;
  for (;;) {
    let min = NONE;
    for (let p = 0; p < lists.length; p++) if (heads[p]! < lists[p]!.length && lists[p]![heads[p]!]! < min) min = lists[p]![heads[p]!]!;
    if (min === NONE) break;
    let has = 0;
    for (let p = 0; p < lists.length; p++) {
      if (heads[p]! === lists[p]!.length || lists[p]![heads[p]!] !== min) continue;
      has |= 1 << p;
      rowOf[offset[p]! + heads[p]!] = n;
      heads[p]!++;
    }
    all[n] = min;
    mask[n++] = has;
  }
  const keys = all.subarray(0, n);
  const present = mask.subarray(0, n);
  lists.forEach((l, p) => {
    for (let i = 0; i < l.length; i++) at[from[p]! + i] = rowOf[offset[p]! + i]! * MAX_PROFILES + p;
  });
  return { keys, present, weights: new Float32Array(n * MAX_PROFILES) };
}

export class ProfileLayout {
  /** Per profile: its term keys, then its entity keys, as in its vector. */
  readonly keys: Uint32Array;
  /** The weight of each key, as taken when its profile was last weighed. */
  readonly weights: Float32Array;
  /** Where each key's weight sits in its channel's `weights`. */
  private readonly packedAt: Int32Array;
  private readonly channels: [Channel, Channel];
  private readonly meta: Float64Array;

  /**
   * Lays out the vectors, unweighed, except that `from[i]` >= 0 carries vector i's weights
   * over from that profile of `previous` as they were taken (a refresh is the caller's call).
   */
  constructor(vectors: readonly StoryVector[], previous: ProfileLayout | null = null, from: readonly number[] = []) {
    if (vectors.length > MAX_PROFILES) throw new Error(`ProfileLayout: at most ${MAX_PROFILES} profiles`);
    let total = 0;
    for (const v of vectors) total += v.terms.keys.length + v.entities.keys.length;
    this.keys = new Uint32Array(total);
    this.weights = new Float32Array(total);
    this.packedAt = new Int32Array(total);
    this.meta = new Float64Array(vectors.length * META);
    const termsAt: number[] = [];
    const entitiesAt: number[] = [];
    let at = 0;
    vectors.forEach((v, p) => {
      const t = v.terms.keys.length;
      const e = v.entities.keys.length;
      this.keys.set(v.terms.keys, at);
      this.keys.set(v.entities.keys, at + t);
      termsAt.push(at);
      entitiesAt.push(at + t);
      const m = p * META;
      this.meta[m] = at;
      this.meta[m + 1] = t;
      this.meta[m + 2] = e;
      this.meta[m + 3] = NOT_WEIGHED;
      const q = from[p] ?? -1;
      if (previous && q >= 0) {
        const old = q * META;
        const start = previous.meta[old]!;
        this.weights.set(previous.weights.subarray(start, start + t + e), at);
        for (let k = 3; k < META; k++) this.meta[m + k] = previous.meta[old + k]!;
      }
      at += t + e;
    });
    this.channels = [
      channelOf(
        vectors.map((v) => v.terms.keys),
        this.packedAt,
        termsAt,
      ),
      channelOf(
        vectors.map((v) => v.entities.keys),
        this.packedAt,
        entitiesAt,
      ),
    ];
    for (let p = 0; p < vectors.length; p++) this.scatter(p);
  }

  get size(): number {
    return this.meta.length / META;
  }

  start(p: number): number {
    return this.meta[p * META]!;
  }

  termCount(p: number): number {
    return this.meta[p * META + 1]!;
  }

  entityCount(p: number): number {
    return this.meta[p * META + 2]!;
  }

  /** Corpus size the profile's weights were taken at; null when it was never weighed. */
  weighedAt(p: number): number | null {
    const docs = this.meta[p * META + 3]!;
    return docs === NOT_WEIGHED ? null : docs;
  }

  termNorm(p: number): number {
    return this.meta[p * META + 4]!;
  }

  entityNorm(p: number): number {
    return this.meta[p * META + 5]!;
  }

  /** Stores profile p's weights (terms then entities), taken with the IDF of a corpus of `docs` documents. */
  setWeights(p: number, terms: Float32Array, termNorm: number, entities: Float32Array, entityNorm: number, docs: number): void {
    const at = this.start(p);
    this.weights.set(terms, at);
    this.weights.set(entities, at + terms.length);
    const m = p * META;
    this.meta[m + 3] = docs;
    this.meta[m + 4] = termNorm;
    this.meta[m + 5] = entityNorm;
    this.scatter(p);
  }

  /**
   * The dot product of a query channel (its keys in `lookup`, their weights `w`) with every
   * profile's same channel, into `dot[p]`; `shared[p]` receives the count of keys in common.
   * The channel's keys are read in ascending order, so each profile's products are summed
   * in ascending key order, as the merge in `cosine` sums them: the same result to the bit.
   */
  dots(channel: number, lookup: KeyLookup, w: Float32Array, dot: Float64Array, shared: Int32Array): void {
    const { keys, present, weights } = this.channels[channel]!;
    dot.fill(0, 0, this.size);
    shared.fill(0, 0, this.size);
    for (let r = 0; r < keys.length; r++) {
      const i = lookup.indexOf(keys[r]!);
      if (i < 0) continue;
      const x = w[i]!;
      for (let has = present[r]!; has !== 0; has &= has - 1) {
        const p = 31 - Math.clz32(has & -has);
        dot[p] = dot[p]! + x * weights[r * MAX_PROFILES + p]!;
        shared[p] = shared[p]! + 1;
      }
    }
  }

  /**
   * `dots` of the term channel, without the counts, and in registers: the hot loop of placing
   * an article (~250 keys for each of ~40 storylines). A sum whose profile lacks the key takes
   * x * 0 = +0 (weights are never negative), which leaves it as it was.
   */
  termDots(query: QueryTable, dot: Float64Array): void {
    const { keys, weights } = this.channels[TERMS];
    const { keys: queryKeys, weights: queryWeights, mult, shift } = query;
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    let d4 = 0;
    let d5 = 0;
    let d6 = 0;
    let d7 = 0;
    for (let r = 0; r < keys.length; r++) {
      const key = keys[r]!;
      const slot = Math.imul(key, mult) >>> shift;
      if (queryKeys[slot] !== key) continue;
      const x = queryWeights[slot]!;
      const b = r * MAX_PROFILES;
      d0 += x * weights[b]!;
      d1 += x * weights[b + 1]!;
      d2 += x * weights[b + 2]!;
      d3 += x * weights[b + 3]!;
      d4 += x * weights[b + 4]!;
      d5 += x * weights[b + 5]!;
      d6 += x * weights[b + 6]!;
      d7 += x * weights[b + 7]!;
    }
    dot[0] = d0;
    dot[1] = d1;
    dot[2] = d2;
    dot[3] = d3;
    dot[4] = d4;
    dot[5] = d5;
    dot[6] = d6;
    dot[7] = d7;
  }

  /** Copies profile p's weights from the flat arrays to its places in the channels. */
  private scatter(p: number): void {
    const at = this.start(p);
    const t = this.termCount(p);
    const end = at + t + this.entityCount(p);
    const [terms, entities] = this.channels;
    for (let j = at; j < at + t; j++) terms.weights[this.packedAt[j]!] = this.weights[j]!;
    for (let j = at + t; j < end; j++) entities.weights[this.packedAt[j]!] = this.weights[j]!;
  }
}
