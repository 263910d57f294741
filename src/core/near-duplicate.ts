/**
 * Near-duplicate detection across outlets: syndicated copies and light rewrites.
 * Candidates come from LSH (plus any the caller already suspects, e.g. the storyline
 * index's best matches, which find a copy buried in a longer roundup that plain Jaccard
 * would miss); each is then checked by estimated Jaccard and by containment. Signatures
 * live in a time window, so memory and cost stay flat.
 */
import { LshIndex } from './lsh.js';
import { estimateContainmentIn, estimateJaccard } from './minhash.js';
import { KeyLookup } from './sparse.js';

/** Texts shorter than this many shingles are too short to call copies by text alone. */
export const MIN_SHINGLES = 12;
/** The smaller text of a containment match must have at least this many shingles (~45 words). */
export const MIN_CONTAINED_SHINGLES = 40;
/** Share of the smaller text found in the larger one for a containment match. */
export const CONTAINMENT_THRESHOLD = 0.8;

export interface TextFingerprint {
  /** Sorted distinct shingle hashes. */
  shingles: Uint32Array;
  /** MinHash signature (minimising shingles). */
  signature: Uint32Array;
}

export interface StoredFingerprint {
  articleId: string;
  /** Original article this one copies (itself if it is an original). */
  rootId: string;
  signature: Uint32Array;
  size: number;
  at: number;
}

export interface NearMatch {
  articleId: string;
  rootId: string;
  jaccard: number;
  /** Estimated share of the smaller text contained in the larger. */
  containment: number;
  /** What crossed a threshold. */
  by: 'jaccard' | 'containment';
}

export class NearDuplicateIndex {
  private readonly lsh = new LshIndex();
  private readonly bySlot: Array<StoredFingerprint | null> = [];
  private readonly slotById = new Map<string, number>();
  /** Slots of evicted entries, reused so the LSH's arrays stay the size of the window. */
  private readonly freeSlots: number[] = [];
  /** Entries in insertion order, for eviction. */
  private readonly queue: StoredFingerprint[] = [];
  private head = 0;

  constructor(
    private readonly threshold: number,
    private readonly windowMs: number,
  ) {}

  get(articleId: string): StoredFingerprint | undefined {
    const slot = this.slotById.get(articleId);
    return slot === undefined ? undefined : (this.bySlot[slot] ?? undefined);
  }

  add(entry: StoredFingerprint): void {
    if (entry.size < MIN_SHINGLES || this.slotById.has(entry.articleId)) return;
    const slot = this.freeSlots.pop() ?? this.bySlot.length;
    this.bySlot[slot] = entry;
    this.slotById.set(entry.articleId, slot);
    this.queue.push(entry);
    this.lsh.add(slot, entry.signature);
  }

  /** Drops fingerprints older than `cutoff` (ms), oldest insertions first. */
  evictBefore(cutoff: number): void {
    while (this.head < this.queue.length) {
      const e = this.queue[this.head]!;
      if (e.at >= cutoff) break;
      const slot = this.slotById.get(e.articleId)!;
      this.lsh.remove(slot, e.signature);
      this.slotById.delete(e.articleId);
      this.bySlot[slot] = null;
      this.freeSlots.push(slot);
      this.head++;
    }
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }

  /**
   * Every candidate that is a copy by Jaccard or by containment, best first.
   * `extra` are article ids to check besides the LSH candidates (bounded by the caller).
   * `sameStory(id)` guards containment: a short text found inside a long one is only a
   * copy when the two are about the same story (a roundup line is not the article).
   */
  find(fp: TextFingerprint, at: number, extra: readonly string[], sameStory: (articleId: string) => boolean): NearMatch[] {
    const size = fp.shingles.length;
    if (size < MIN_SHINGLES) return [];
    const slots = new Set(this.lsh.query(fp.signature));
    for (const id of extra) {
      const slot = this.slotById.get(id);
      if (slot !== undefined) slots.add(slot);
    }
    const out: NearMatch[] = [];
    let shingles: KeyLookup | null = null; // built on the first containment check, reused for the rest
    for (const slot of slots) {
      const e = this.bySlot[slot];
      if (!e || Math.abs(at - e.at) > this.windowMs) continue;
      // Counted only as far as the threshold: below it, only a containment match needs the figure (counted again there).
      const jaccard = estimateJaccard(fp.signature, e.signature, this.threshold);
      // Short texts share boilerplate easily: they must also be about the same story.
      if (jaccard >= this.threshold && (Math.min(size, e.size) >= MIN_CONTAINED_SHINGLES || sameStory(e.articleId))) {
        out.push({ articleId: e.articleId, rootId: e.rootId, jaccard, containment: jaccard, by: 'jaccard' });
        continue;
      }
      if (Math.min(size, e.size) < MIN_CONTAINED_SHINGLES) continue;
      const containment = this.containment((shingles ??= new KeyLookup(fp.shingles)), e);
      if (containment >= CONTAINMENT_THRESHOLD && sameStory(e.articleId)) {
        out.push({ articleId: e.articleId, rootId: e.rootId, jaccard: estimateJaccard(fp.signature, e.signature), containment, by: 'containment' });
      }
    }
    return out.sort((a, b) => Math.max(b.jaccard, b.containment) - Math.max(a.jaccard, a.containment) || (a.articleId < b.articleId ? -1 : 1));
  }

  /**
   * Share of the smaller of the two texts that is found in the other; exact when it reaches
   * CONTAINMENT_THRESHOLD (the count stops once the threshold is out of reach).
   */
  private containment(shingles: KeyLookup, e: StoredFingerprint): number {
    // |E ∩ A| / |E| is estimated directly from E's minimising shingles and A's full set.
    const size = shingles.keys.length;
    if (e.size <= size) return estimateContainmentIn(e.signature, shingles, CONTAINMENT_THRESHOLD);
    // Scaled by |E| / |A| below, so E's own share must reach the threshold scaled back.
    const storedInNew = estimateContainmentIn(e.signature, shingles, (CONTAINMENT_THRESHOLD * size) / e.size);
    return Math.min(1, (storedInNew * e.size) / size);
  }
}
