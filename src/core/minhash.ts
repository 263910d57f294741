/**
 * MinHash over word 5-shingles. A signature keeps, in each of 128 positions (bins of one hash,
 * see `minhashSignature`), the shingle that minimises that hash among the bin's shingles (not
 * just the minimum): equal entries estimate Jaccard similarity, and "is B's minimising shingle
 * in A's set?" estimates how much of B is contained in A, which catches a copy embedded in a
 * longer roundup.
 */
import { fmix32, fnv1a32 } from './hash.js';

export const SHINGLE_SIZE = 5;
export const NUM_HASHES = 128;

/** `fnv1a32` of each token. */
export function tokenHashes(tokens: readonly string[]): Uint32Array {
  const th = new Uint32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) th[i] = fnv1a32(tokens[i]!);
  return th;
}

/** The shingles' hashes before sorting: reused from one text to the next, only the distinct ones are copied out. */
let shingleScratch = new Uint32Array(1024);

/**
 * Sorted, distinct hashes of the k-word shingles of the tokens whose `fnv1a32` hashes are
 * `th`; a text shorter than k words is one shingle.
 */
export function hashedShingles(th: Uint32Array, k = SHINGLE_SIZE): Uint32Array {
  if (th.length === 0) return new Uint32Array(0);
  const count = Math.max(1, th.length - k + 1);
  const width = Math.min(k, th.length);
  if (shingleScratch.length < count) shingleScratch = new Uint32Array(Math.max(count, shingleScratch.length * 2));
  const out = shingleScratch.subarray(0, count);
  for (let i = 0; i < count; i++) {
    let h = 0x3c6ef372;
    for (let j = 0; j < width; j++) h = fmix32((Math.imul(h, 31) + th[i + j]!) >>> 0);
    out[i] = h;
  }
  sortUint32(out);
  let n = 0;
  for (let i = 0; i < count; i++) if (i === 0 || out[i] !== out[i - 1]) out[n++] = out[i]!;
  return out.slice(0, n);
}

/** The values between passes of `sortUint32`, reused from one call to the next. */
let radixScratch = new Uint32Array(1024);
/** Per byte position (4 x 256): how many values have each byte there, then where they go. */
const byteCounts = new Int32Array(4 * 256);

/**
 * Sorts the values ascending, in place: a radix sort by bytes, lowest first. On the few
 * hundred shingles of an article it takes a fraction of the time the built-in sort took.
 */
export function sortUint32(values: Uint32Array): void {
  const n = values.length;
  if (radixScratch.length < n) radixScratch = new Uint32Array(Math.max(n, radixScratch.length * 2));
  const counts = byteCounts;
  counts.fill(0);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    counts[v & 255]!++;
    counts[256 + ((v >>> 8) & 255)]!++;
    counts[512 + ((v >>> 16) & 255)]!++;
    counts[768 + (v >>> 24)]!++;
  }
  let from: Uint32Array = values;
  let to: Uint32Array = radixScratch;
  // Four passes, an even number: the last one writes back into `values`.
  for (let pass = 0; pass < 4; pass++) {
    const base = pass * 256;
    const shift = pass * 8;
    let start = 0;
    for (let b = base; b < base + 256; b++) {
      const c = counts[b]!;
      counts[b] = start;
      start += c;
    }
    for (let i = 0; i < n; i++) {
      const v = from[i]!;
      to[counts[base + ((v >>> shift) & 255)]!++] = v;
    }
    const t = from;
    from = to;
    to = t;
  }
}

/** Bits of a shingle's hash that pick its bin: NUM_HASHES bins. */
const BIN_BITS = 7;
const VALUE_MASK = 2 ** (32 - BIN_BITS) - 1;
/** Seeds the mix, so that bins do not follow the shingle hashes' own bits. */
const BIN_SEED = 0x2545f491;
/** Borrow attempts drawn for an empty bin before the scan to the right takes over (a text with very few shingles). */
const MAX_DRAWS = 64;

/** Per bin, the smallest hash value seen in it, -1 while empty (scratch, reset per signature). */
const binBest = new Int32Array(NUM_HASHES);

/**
 * One-permutation MinHash with densification. Each shingle is hashed once: the hash's top
 * bits pick one of NUM_HASHES bins, and each bin keeps the shingle with the smallest hash
 * among those that fell in it. A bin no shingle fell in borrows the shingle of a filled bin,
 * found by a sequence of bins fixed per empty bin (the same in every text), so two similar
 * texts borrow alike and a position is still equal with probability about their Jaccard
 * similarity (Shrivastava, "Optimal densification for fast and accurate minwise hashing",
 * 2017). Positions hold shingles, as before, so "is B's position in A's set?" still estimates
 * containment. One hash per shingle where 128 independent hash functions took 128 (the
 * signature was 6% of placing an article at 100k stored). 0s for an empty set.
 */
export function minhashSignature(shingles: Uint32Array): Uint32Array {
  const argmin = new Uint32Array(NUM_HASHES);
  if (shingles.length === 0) return argmin;
  const best = binBest;
  best.fill(-1);
  for (let s = 0; s < shingles.length; s++) {
    const x = shingles[s]!;
    const h = fmix32((x ^ BIN_SEED) >>> 0);
    const bin = h >>> (32 - BIN_BITS);
    const value = h & VALUE_MASK;
    // Values are below 2^25: an empty bin's -1 read unsigned is above them all, so a bin's first shingle always lands.
    if (value < best[bin]! >>> 0) {
      best[bin] = value;
      argmin[bin] = x;
    }
  }
  for (let bin = 0; bin < NUM_HASHES; bin++) if (best[bin] === -1) argmin[bin] = argmin[borrowedBin(best, bin)]!;
  return argmin;
}

/** The filled bin an empty one borrows from: the first filled bin of its fixed sequence, else the next filled bin to its right. */
function borrowedBin(best: Int32Array, bin: number): number {
  for (let draw = 1; draw <= MAX_DRAWS; draw++) {
    const j = fmix32((Math.imul(bin + 1, 0x9e3779b1) + draw) >>> 0) >>> (32 - BIN_BITS);
    if (best[j] !== -1) return j;
  }
  let j = (bin + 1) % NUM_HASHES;
  while (best[j] === -1) j = (j + 1) % NUM_HASHES;
  return j;
}

/**
 * Signature positions that may fail before a share of `atLeast` is out of reach. The margin
 * keeps rounding from cutting off a count that would have reached it exactly.
 */
export function allowedMisses(atLeast: number): number {
  return NUM_HASHES - Math.ceil(atLeast * NUM_HASHES - 1e-9);
}

/**
 * Estimated Jaccard similarity of the two shingle sets. With `atLeast`, stops as soon as
 * that can no longer be reached and returns what it counted so far (below `atLeast`); a
 * result at or above it is exact.
 */
export function estimateJaccard(a: Uint32Array, b: Uint32Array, atLeast = 0): number {
  const allowed = allowedMisses(atLeast);
  let same = 0;
  let differ = 0;
  for (let i = 0; i < NUM_HASHES; i++) {
    if (a[i] === b[i]) same++;
    else if (++differ > allowed) break;
  }
  return same / NUM_HASHES;
}

function contains(sorted: Uint32Array, x: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = sorted[mid]!;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

/** Estimated |B ∩ A| / |B| from B's signature and A's full (sorted) shingle set. */
export function estimateContainment(signatureB: Uint32Array, shinglesA: Uint32Array): number {
  if (shinglesA.length === 0) return 0;
  let hit = 0;
  for (let i = 0; i < NUM_HASHES; i++) if (contains(shinglesA, signatureB[i]!)) hit++;
  return hit / NUM_HASHES;
}
