/**
 * Document frequencies for IDF, updated in O(terms of one article): no recomputation over
 * the corpus, so the cost of adding an article is flat however many are stored.
 */
import type { SparseVector } from './sparse.js';

/** A key's document count, and its IDF as last computed (valid while the corpus size is `docs`). */
interface Entry {
  count: number;
  idf: number;
  docs: number;
}

export class DocumentFrequency {
  private readonly df = new Map<number, Entry>();
  private docs = 0;

  /** Counts one document made of the given vectors (e.g. its term and entity channels). */
  add(...vectors: SparseVector[]): void {
    this.docs++;
    for (const v of vectors) {
      for (const k of v.keys) {
        const e = this.df.get(k);
        if (e) e.count++;
        else this.df.set(k, { count: 1, idf: 0, docs: -1 });
      }
    }
  }

  get size(): number {
    return this.docs;
  }

  count(key: number): number {
    return this.df.get(key)?.count ?? 0;
  }

  /**
   * Smoothed IDF: ln(1 + (N + 1) / (df + 1)); never 0, so a term seen everywhere still counts a little.
   * Kept per key until the next document: placing one article weighs the same keys many times.
   */
  idf(key: number): number {
    const e = this.df.get(key);
    if (!e) return Math.log(1 + (this.docs + 1) / 1);
    if (e.docs !== this.docs) {
      e.idf = Math.log(1 + (this.docs + 1) / (e.count + 1));
      e.docs = this.docs;
    }
    return e.idf;
  }
}
