/**
 * Near-duplicate detection across outlets: syndicated copies and light rewrites.
 * Candidates come from LSH (plus any the caller already suspects, e.g. the storyline
 * index's best matches, which find a copy buried in a longer roundup that plain Jaccard
 * would miss); each is then checked by estimated Jaccard and by containment. Signatures
 * live in a time window, so memory and cost stay flat.
 */
import { LshIndex } from './lsh.js';
import { allowedMisses, NUM_HASHES } from './minhash.js';
import { grown } from './typed-arrays.js';

/** Texts shorter than this many shingles are too short to call copies by text alone. */
export const MIN_SHINGLES = 12;
/** The smaller text of a containment match must have at least this many shingles (~45 words). */
export const MIN_CONTAINED_SHINGLES = 40;
/** Share of the smaller text found in the larger one for a containment match. */
export const CONTAINMENT_THRESHOLD = 0.8;
/** Bits of ShingleSet's filter: a few hundred shingles set under a tenth of them. */
const SET_FILTER_BITS = 8192;
/** Words of a signature's sketch: two bits of each of its NUM_HASHES positions, sixteen positions a word. */
export const SKETCH_WORDS = NUM_HASHES / 16;

/**
 * A signature's sketch: the low two bits of each position, packed. Where two sketches differ
 * the signatures differ, so the count of differing pairs is a lower bound on the positions
 * that differ: unrelated texts (almost every candidate) differ in three quarters of them,
 * well past what a Jaccard match allows, and are rejected from one cache line instead of
 * the signature's eight.
 */
export function sketchInto(signature: Uint32Array, into: Uint32Array, at: number): void {
  for (let w = 0; w < SKETCH_WORDS; w++) {
    let bits = 0;
    for (let j = 0; j < 16; j++) bits |= (signature[w * 16 + j]! & 3) << (2 * j);
    into[at + w] = bits;
  }
}

/** Positions whose two bits differ between the sketches at `a[from..]` and `b[at..]`. */
export function sketchDifference(a: Uint32Array, from: number, b: Uint32Array, at: number): number {
  let n = 0;
  for (let w = 0; w < SKETCH_WORDS; w++) {
    const x = a[from + w]! ^ b[at + w]!;
    n += popcount((x | (x >>> 1)) & 0x55555555);
  }
  return n;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

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

/**
 * The new text's shingles as a set for containment checks: a bit filter that rejects most
 * absent keys, then open addressing. One instance serves every article (stamped slots, so
 * nothing is cleared or allocated per article once it has grown to the longest text).
 */
export class ShingleSet {
  private readonly filter = new Int32Array(SET_FILTER_BITS >>> 5);
  private keys = new Uint32Array(0);
  private stamps = new Uint32Array(0);
  private stamp = 0;
  private mask = 0;
  size = 0;

  /** Forgets the previous set and holds these (distinct) keys. */
  fill(shingles: Uint32Array): void {
    let slots = 16;
    while (slots < shingles.length * 4) slots *= 2;
    if (this.keys.length < slots) {
      this.keys = new Uint32Array(slots);
      this.stamps = new Uint32Array(slots);
      this.stamp = 0;
    }
    if (++this.stamp === 0xffffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
    this.mask = slots - 1;
    this.size = shingles.length;
    this.filter.fill(0);
    for (let i = 0; i < shingles.length; i++) {
      const key = shingles[i]!;
      this.filter[(key & (SET_FILTER_BITS - 1)) >>> 5]! |= 1 << (key & 31);
      let s = this.home(key);
      while (this.stamps[s] === this.stamp) s = (s + 1) & this.mask;
      this.stamps[s] = this.stamp;
      this.keys[s] = key;
    }
  }

  has(key: number): boolean {
    if ((this.filter[(key & (SET_FILTER_BITS - 1)) >>> 5]! & (1 << (key & 31))) === 0) return false;
    for (let s = this.home(key); this.stamps[s] === this.stamp; s = (s + 1) & this.mask) if (this.keys[s] === key) return true;
    return false;
  }

  private home(key: number): number {
    return Math.imul(key, 0x9e3779b1) & this.mask;
  }
}

/**
 * Fingerprints by slot in flat arrays (the signatures one after another in one array): a
 * candidate check reads its time and its signature without visiting an object per article,
 * and the window's tens of thousands of signatures are not as many small heap objects.
 */
export class NearDuplicateIndex {
  private readonly lsh = new LshIndex();
  private signatures = new Uint32Array(0);
  /** Per slot: its signature's sketch (SKETCH_WORDS words). */
  private sketches = new Uint32Array(0);
  /** Scratch for `find`: the new text's sketch. */
  private readonly querySketch = new Uint32Array(SKETCH_WORDS);
  /** Per slot; an empty slot's time is -Infinity, so no window admits it. */
  private ats = new Float64Array(0);
  private sizes = new Int32Array(0);
  /** Per slot: stamp of the last `find` that listed it (lists each candidate once without a Set). */
  private listed = new Uint32Array(0);
  private listing = 0;
  private readonly articleIds: Array<string | null> = [];
  private readonly rootIds: string[] = [];
  private slotCount = 0;
  private readonly slotById = new Map<string, number>();
  /** Slots of evicted entries, reused so the arrays stay the size of the window. */
  private readonly freeSlots: number[] = [];
  /** Slots in insertion order, for eviction. */
  private readonly queue: number[] = [];
  private head = 0;
  /** Scratch for `find`: the candidate slots, and the new text's shingles once a containment check needs them. */
  private readonly candidates: number[] = [];
  private readonly shingles = new ShingleSet();

  constructor(
    private readonly threshold: number,
    private readonly windowMs: number,
  ) {}

  get(articleId: string): StoredFingerprint | undefined {
    const slot = this.slotById.get(articleId);
    if (slot === undefined) return undefined;
    return { articleId, rootId: this.rootIds[slot]!, signature: this.signatureAt(slot).slice(), size: this.sizes[slot]!, at: this.ats[slot]! };
  }

  add(entry: StoredFingerprint): void {
    if (entry.size < MIN_SHINGLES || this.slotById.has(entry.articleId)) return;
    const slot = this.freeSlots.pop() ?? this.newSlot();
    this.signatures.set(entry.signature, slot * NUM_HASHES);
    sketchInto(entry.signature, this.sketches, slot * SKETCH_WORDS);
    this.ats[slot] = entry.at;
    this.sizes[slot] = entry.size;
    this.articleIds[slot] = entry.articleId;
    this.rootIds[slot] = entry.rootId;
    this.slotById.set(entry.articleId, slot);
    this.queue.push(slot);
    this.lsh.add(slot, entry.signature);
  }

  /** Drops fingerprints older than `cutoff` (ms), oldest insertions first. */
  evictBefore(cutoff: number): void {
    while (this.head < this.queue.length) {
      const slot = this.queue[this.head]!;
      if (this.ats[slot]! >= cutoff) break;
      this.lsh.remove(slot);
      this.slotById.delete(this.articleIds[slot]!);
      this.articleIds[slot] = null;
      this.ats[slot] = -Infinity;
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
    const slots = this.listCandidates(fp.signature, extra);
    const out: NearMatch[] = [];
    let shinglesFilled = false; // on the first containment check, reused for the rest
    const allowed = allowedMisses(this.threshold);
    const sketch = this.querySketch;
    sketchInto(fp.signature, sketch, 0);
    for (let c = 0; c < slots.length; c++) {
      const slot = slots[c]!;
      if (Math.abs(at - this.ats[slot]!) > this.windowMs) continue;
      const storedSize = this.sizes[slot]!;
      // Counted only as far as the threshold: below it, only a containment match needs the figure (counted again there).
      // 0 when the sketches alone put the threshold out of reach.
      const jaccard = sketchDifference(sketch, 0, this.sketches, slot * SKETCH_WORDS) > allowed ? 0 : this.jaccard(fp.signature, slot, allowed);
      // Short texts share boilerplate easily: they must also be about the same story.
      if (jaccard >= this.threshold && (Math.min(size, storedSize) >= MIN_CONTAINED_SHINGLES || sameStory(this.articleIds[slot]!))) {
        out.push({ articleId: this.articleIds[slot]!, rootId: this.rootIds[slot]!, jaccard, containment: jaccard, by: 'jaccard' });
        continue;
      }
      if (Math.min(size, storedSize) < MIN_CONTAINED_SHINGLES) continue;
      if (!shinglesFilled) {
        this.shingles.fill(fp.shingles);
        shinglesFilled = true;
      }
      const containment = this.containment(slot, storedSize);
      if (containment >= CONTAINMENT_THRESHOLD && sameStory(this.articleIds[slot]!)) {
        out.push({ articleId: this.articleIds[slot]!, rootId: this.rootIds[slot]!, jaccard: this.jaccard(fp.signature, slot, NUM_HASHES), containment, by: 'containment' });
      }
    }
    return out.sort((a, b) => Math.max(b.jaccard, b.containment) - Math.max(a.jaccard, a.containment) || (a.articleId < b.articleId ? -1 : 1));
  }

  /** LSH candidates, then the extra ids stored here, each slot once, in that order (in a reused array). */
  private listCandidates(signature: Uint32Array, extra: readonly string[]): number[] {
    const slots = this.candidates;
    slots.length = 0;
    this.lsh.query(signature, slots);
    if (++this.listing === 0xffffffff) {
      this.listed.fill(0);
      this.listing = 1;
    }
    for (let c = 0; c < slots.length; c++) this.listed[slots[c]!] = this.listing;
    for (let i = 0; i < extra.length; i++) {
      const slot = this.slotById.get(extra[i]!);
      if (slot === undefined || this.listed[slot] === this.listing) continue;
      this.listed[slot] = this.listing;
      slots.push(slot);
    }
    return slots;
  }

  /**
   * Estimated Jaccard similarity with the slot's signature: the share of equal positions. It
   * stops once more than `allowed` positions differ, returning the share counted so far.
   */
  private jaccard(signature: Uint32Array, slot: number, allowed: number): number {
    const stored = this.signatures;
    const from = slot * NUM_HASHES;
    let same = 0;
    let differ = 0;
    for (let i = 0; i < NUM_HASHES; i++) {
      if (signature[i] === stored[from + i]) same++;
      else if (++differ > allowed) break;
    }
    return same / NUM_HASHES;
  }

  /**
   * Share of the smaller of the two texts that is found in the other (the new text's shingles
   * are in `this.shingles`); exact when it reaches CONTAINMENT_THRESHOLD (the count stops
   * once the threshold is out of reach).
   */
  private containment(slot: number, storedSize: number): number {
    // |E ∩ A| / |E| is estimated directly from E's minimising shingles and A's full set.
    const size = this.shingles.size;
    if (storedSize <= size) return this.storedShareInNew(slot, CONTAINMENT_THRESHOLD);
    // Scaled by |E| / |A| below, so E's own share must reach the threshold scaled back.
    const storedInNew = this.storedShareInNew(slot, (CONTAINMENT_THRESHOLD * size) / storedSize);
    return Math.min(1, (storedInNew * storedSize) / size);
  }

  /** Share of the slot's minimising shingles found in the new text; exact when it reaches `atLeast`. */
  private storedShareInNew(slot: number, atLeast: number): number {
    if (this.shingles.size === 0) return 0;
    const allowed = allowedMisses(atLeast);
    const stored = this.signatures;
    const from = slot * NUM_HASHES;
    let hit = 0;
    let miss = 0;
    for (let i = 0; i < NUM_HASHES; i++) {
      if (this.shingles.has(stored[from + i]!)) hit++;
      else if (++miss > allowed) break;
    }
    return hit / NUM_HASHES;
  }

  private signatureAt(slot: number): Uint32Array {
    return this.signatures.subarray(slot * NUM_HASHES, (slot + 1) * NUM_HASHES);
  }

  /** A slot never used yet, growing the per-slot arrays (doubling) when full. */
  private newSlot(): number {
    const slot = this.slotCount++;
    if (slot >= this.ats.length) {
      const capacity = Math.max(1024, this.ats.length * 2);
      const signatures = new Uint32Array(capacity * NUM_HASHES);
      signatures.set(this.signatures);
      this.signatures = signatures;
      this.sketches = grown(this.sketches, new Uint32Array(capacity * SKETCH_WORDS));
      this.ats = grown(this.ats, new Float64Array(capacity));
      this.sizes = grown(this.sizes, new Int32Array(capacity));
      this.listed = grown(this.listed, new Uint32Array(capacity));
    }
    return slot;
  }
}
