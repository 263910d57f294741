/**
 * Document frequencies for IDF, updated in O(terms of one article): no recomputation over
 * the corpus, so the cost of adding an article is flat however many are stored.
 */
import type { SparseVector } from './sparse.js';

/** Slots of an empty table; it doubles whenever it gets half full. */
const INITIAL_SLOTS = 1 << 12;
/** Fields of a slot, side by side in one cache line: its key, its document count, its IDF and the corpus size that IDF is for. */
const FIELDS = 4;
const KEY = 0;
const COUNT = 1;
const IDF = 2;
const STAMP = 3;

/**
 * Per key, in an open-addressing table: its document count (0 = empty slot, every stored key
 * counts at least one document), and its IDF as last computed with the corpus size it was
 * computed for. The storyline index asks for IDFs many times per article, at keys spread
 * over a table far larger than the caches: a slot's fields are read together, in one
 * Float64Array (a uint32 key and a count are exact in a double), so one lookup is one
 * cache miss rather than one per field. A Map of uint32 keys boxed half of them as heap
 * numbers and held an object per key.
 */
export class DocumentFrequency {
  private table = newTable(INITIAL_SLOTS);
  private shift = 32 - Math.log2(INITIAL_SLOTS);
  private used = 0;
  private docs = 0;

  /** Counts one document made of the given vectors (e.g. its term and entity channels). */
  add(...vectors: SparseVector[]): void {
    this.docs++;
    for (const v of vectors) {
      for (const k of v.keys) {
        const s = this.slot(k);
        if (this.table[s + COUNT] === 0) {
          this.table[s + KEY] = k;
          this.used++;
        }
        this.table[s + COUNT]!++;
        if (this.used * 2 > this.slots) this.grow();
      }
    }
  }

  get size(): number {
    return this.docs;
  }

  count(key: number): number {
    return this.table[this.slot(key) + COUNT]!;
  }

  /**
   * Smoothed IDF: ln(1 + (N + 1) / (df + 1)); never 0, so a term seen everywhere still counts a little.
   * Kept per key until the next document: placing one article weighs the same keys many times.
   */
  idf(key: number): number {
    const table = this.table;
    const s = this.slot(key);
    const count = table[s + COUNT]!;
    if (count === 0) return Math.log(1 + (this.docs + 1) / 1);
    if (table[s + STAMP] !== this.docs) {
      table[s + IDF] = Math.log(1 + (this.docs + 1) / (count + 1));
      table[s + STAMP] = this.docs;
    }
    return table[s + IDF]!;
  }

  /** v's values times their keys' IDF, into `out` (at least as long as v): no callback per key. */
  weigh(v: SparseVector, out: Float32Array): void {
    const { keys, values } = v;
    for (let i = 0; i < keys.length; i++) out[i] = values[i]! * this.idf(keys[i]!);
  }

  private get slots(): number {
    return this.table.length / FIELDS;
  }

  /** Where the key's slot starts in the table, or the empty slot's where it would go. */
  private slot(key: number): number {
    const table = this.table;
    const mask = this.slots - 1;
    let s = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (table[s * FIELDS + COUNT] !== 0 && table[s * FIELDS + KEY] !== key) s = (s + 1) & mask;
    return s * FIELDS;
  }

  private grow(): void {
    const old = this.table;
    this.table = newTable(this.slots * 2);
    this.shift--;
    for (let i = 0; i < old.length; i += FIELDS) {
      if (old[i + COUNT] === 0) continue;
      const s = this.slot(old[i + KEY]!);
      for (let f = 0; f < FIELDS; f++) this.table[s + f] = old[i + f]!;
    }
  }
}

/** A table of empty slots, their IDFs computed for no corpus size (-1). */
function newTable(slots: number): Float64Array {
  const table = new Float64Array(slots * FIELDS);
  for (let s = 0; s < table.length; s += FIELDS) table[s + STAMP] = -1;
  return table;
}
