/**
 * Document frequencies for IDF, updated in O(terms of one article): no recomputation over
 * the corpus, so the cost of adding an article is flat however many are stored.
 */
import type { SparseVector } from './sparse.js';

export class DocumentFrequency {
  private readonly df = new Map<number, number>();
  private docs = 0;

  /** Counts one document made of the given vectors (e.g. its term and entity channels). */
  add(...vectors: SparseVector[]): void {
    this.docs++;
    for (const v of vectors) for (const k of v.keys) this.df.set(k, (this.df.get(k) ?? 0) + 1);
  }

  get size(): number {
    return this.docs;
  }

  count(key: number): number {
    return this.df.get(key) ?? 0;
  }

  /** Smoothed IDF: ln(1 + (N + 1) / (df + 1)); never 0, so a term seen everywhere still counts a little. */
  idf(key: number): number {
    return Math.log(1 + (this.docs + 1) / ((this.df.get(key) ?? 0) + 1));
  }
}
