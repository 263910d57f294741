/**
 * The scoring layout of one storyline's profiles (its first article, its latest ones, its
 * centroid): every profile's keys and IDF weights in one pair of flat arrays, and per
 * profile where its keys start, its norms and the corpus size its weights were taken at.
 * Placing an article scores ~40 storylines of up to 7 profiles; with each profile in objects
 * of its own that was one cache miss after another, here it is one sequential read per storyline.
 */
import type { StoryVector } from './story-vector.js';

/** Per profile in `meta`: first key, term keys, entity keys, corpus size (NOT_WEIGHED: never), term norm, entity norm. */
const META = 6;
const NOT_WEIGHED = -1;

export class ProfileLayout {
  /** Per profile: its term keys, then its entity keys, as in its vector. */
  readonly keys: Uint32Array;
  /** The weight of each key, as taken when its profile was last weighed. */
  readonly weights: Float32Array;
  private readonly meta: Float64Array;

  /**
   * Lays out the vectors, unweighed, except that `from[i]` >= 0 carries vector i's weights
   * over from that profile of `previous` as they were taken (a refresh is the caller's call).
   */
  constructor(vectors: readonly StoryVector[], previous: ProfileLayout | null = null, from: readonly number[] = []) {
    let total = 0;
    for (const v of vectors) total += v.terms.keys.length + v.entities.keys.length;
    this.keys = new Uint32Array(total);
    this.weights = new Float32Array(total);
    this.meta = new Float64Array(vectors.length * META);
    let at = 0;
    vectors.forEach((v, p) => {
      const t = v.terms.keys.length;
      const e = v.entities.keys.length;
      this.keys.set(v.terms.keys, at);
      this.keys.set(v.entities.keys, at + t);
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
  }
}
