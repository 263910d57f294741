/**
 * Document frequencies for IDF, updated in O(terms of one article): no recomputation over
 * the corpus, so the cost of adding an article is flat however many are stored.
 */
import type { SparseVector } from './sparse.js';

/** Slots of an empty table; it doubles whenever it gets half full. */
const INITIAL_SLOTS = 1 << 12;

/**
 * Per key, in an open-addressing table of typed arrays: its document count (0 = empty slot,
 * every stored key counts at least one document), and its IDF as last computed with the
 * corpus size it was computed for. The storyline index asks for IDFs many times per article;
 * a Map of uint32 keys boxed half of them as heap numbers and held an object per key.
 */
export class DocumentFrequency {
  private keys = new Uint32Array(INITIAL_SLOTS);
  private counts = new Uint32Array(INITIAL_SLOTS);
  private idfs = new Float64Array(INITIAL_SLOTS);
  /** Corpus size each cached IDF is valid for (-1: none yet). */
  private stamps = new Int32Array(INITIAL_SLOTS).fill(-1);
  private shift = 32 - Math.log2(INITIAL_SLOTS);
  private used = 0;
  private docs = 0;

  /** Counts one document made of the given vectors (e.g. its term and entity channels). */
  add(...vectors: SparseVector[]): void {
    this.docs++;
    for (const v of vectors) {
      for (const k of v.keys) {
        const s = this.slot(k);
        if (this.counts[s] === 0) {
          this.keys[s] = k;
          this.used++;
        }
        this.counts[s]!++;
        if (this.used * 2 > this.keys.length) this.grow();
      }
    }
  }

  get size(): number {
    return this.docs;
  }

  count(key: number): number {
    return this.counts[this.slot(key)]!;
  }

  /**
   * Smoothed IDF: ln(1 + (N + 1) / (df + 1)); never 0, so a term seen everywhere still counts a little.
   * Kept per key until the next document: placing one article weighs the same keys many times.
   */
  idf(key: number): number {
    const s = this.slot(key);
    const count = this.counts[s]!;
    if (count === 0) return Math.log(1 + (this.docs + 1) / 1);
    if (this.stamps[s] !== this.docs) {
      this.idfs[s] = Math.log(1 + (this.docs + 1) / (count + 1));
      this.stamps[s] = this.docs;
    }
    return this.idfs[s]!;
  }

  /** The key's slot, or the empty slot where it would go. */
  private slot(key: number): number {
    const mask = this.keys.length - 1;
    let s = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (this.counts[s] !== 0 && this.keys[s] !== key) s = (s + 1) & mask;
    return s;
  }

  private grow(): void {
    const { keys, counts, idfs, stamps } = this;
    const size = keys.length * 2;
    this.keys = new Uint32Array(size);
    this.counts = new Uint32Array(size);
    this.idfs = new Float64Array(size);
    this.stamps = new Int32Array(size).fill(-1);
    this.shift--;
    for (let i = 0; i < keys.length; i++) {
      if (counts[i] === 0) continue;
      const s = this.slot(keys[i]!);
      this.keys[s] = keys[i]!;
      this.counts[s] = counts[i]!;
      this.idfs[s] = idfs[i]!;
      this.stamps[s] = stamps[i]!;
    }
  }
}
