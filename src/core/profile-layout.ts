/**
 * The scoring layout of one storyline's profiles (its first article, its latest ones, its
 * centroid). Per channel (terms, entities), the union of the profiles' keys in ascending
 * order, each with a bitmask of the profiles that have it and, packed behind one another,
 * its weight in each of those profiles. Scoring a query reads this once, sequentially, with
 * one probe of the query's lookup per key: ~250 term keys per storyline where scanning each
 * profile took ~500 (the profiles share most of their keys), and no cold random reads.
 * Each profile's own keys and weights are kept in flat arrays as well: they carry the
 * weights over when the profiles move.
 */
import type { KeyLookup } from './sparse.js';
import type { StoryVector } from './story-vector.js';

/** Per profile in `meta`: first key, term keys, entity keys, corpus size (NOT_WEIGHED: never), term norm, entity norm. */
const META = 6;
const NOT_WEIGHED = -1;
/** Profiles per layout: one bit each in a byte. */
const MAX_PROFILES = 8;
/** Above every 32-bit key. */
const NONE = 2 ** 32;
export const TERMS = 0;
export const ENTITIES = 1;

/** Bits set per byte. */
const BITS = Uint8Array.from({ length: 256 }, (_, m) => {
  let n = 0;
  for (let x = m; x !== 0; x &= x - 1) n++;
  return n;
});

/** One channel: the union of the profiles' keys, ascending; per key, which profiles have it and their weights. */
interface Channel {
  keys: Uint32Array;
  present: Uint8Array;
  /** Per key, one weight per profile that has it, in profile order. */
  weights: Float32Array;
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
  const start = new Int32Array(n + 1);
  for (let r = 0; r < n; r++) start[r + 1] = start[r]! + BITS[present[r]!]!;
  lists.forEach((l, p) => {
    for (let i = 0; i < l.length; i++) {
      const r = rowOf[offset[p]! + i]!;
      at[from[p]! + i] = start[r]! + BITS[present[r]! & ((1 << p) - 1)]!;
    }
  });
  return { keys, present, weights: new Float32Array(total) };
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
    for (let r = 0, at = 0; r < keys.length; at += BITS[present[r]!]!, r++) {
      const i = lookup.indexOf(keys[r]!);
      if (i < 0) continue;
      const x = w[i]!;
      for (let has = present[r]!, k = at; has !== 0; has &= has - 1, k++) {
        const p = 31 - Math.clz32(has & -has);
        dot[p] = dot[p]! + x * weights[k]!;
        shared[p] = shared[p]! + 1;
      }
    }
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
