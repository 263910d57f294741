/**
 * MinHash over word 5-shingles. A signature keeps, for each of 128 hash functions, the
 * shingle that minimises it (not just the minimum): equal entries estimate Jaccard
 * similarity, and "is B's minimising shingle in A's set?" estimates how much of B is
 * contained in A, which catches a copy embedded in a longer roundup.
 */
import { fmix32, fnv1a32 } from './hash.js';

export const SHINGLE_SIZE = 5;
export const NUM_HASHES = 128;

/** Odd multipliers and offsets for h_i(x) = xorshift(a_i * x + b_i): each one a bijection on 32 bits. */
const MUL = new Uint32Array(NUM_HASHES);
const ADD = new Uint32Array(NUM_HASHES);
for (let i = 0; i < NUM_HASHES; i++) {
  MUL[i] = (fmix32(0x9e3779b9 + i * 2) | 1) >>> 0;
  ADD[i] = fmix32(0x7f4a7c15 + i * 2 + 1);
}

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

/** For each hash function, the shingle with the smallest hash value (0 for an empty set). */
export function minhashSignature(shingles: Uint32Array): Uint32Array {
  const argmin = new Uint32Array(NUM_HASHES);
  const n = shingles.length;
  if (n === 0) return argmin;
  // Eight hash functions per pass over the shingles, their state in locals: independent
  // chains the CPU overlaps, and an eighth of the loads (eight took a quarter less time than
  // four). The first minimum wins ties.
  // The xorshift leaves a value's top 15 bits as they were, so a value whose top bits
  // exceed the best one's cannot beat it: `premixed` tests that before the xorshift is
  // done (a value at most best | 0x1ffff), and almost every shingle stops there; the test
  // is written out in the loop, as the compiler then kept the most state in registers.
  // Hash values are compared with their top bit flipped (see `premixed`).
  // Shingles too are read as int32 (the signature's Uint32Array stores them back as they were).
  const first = shingles[0]! | 0;
  for (let i = 0; i < NUM_HASHES; i += 8) {
    const m0 = MUL[i]! | 0, a0 = flipped(ADD[i]!);
    const m1 = MUL[i + 1]! | 0, a1 = flipped(ADD[i + 1]!);
    const m2 = MUL[i + 2]! | 0, a2 = flipped(ADD[i + 2]!);
    const m3 = MUL[i + 3]! | 0, a3 = flipped(ADD[i + 3]!);
    const m4 = MUL[i + 4]! | 0, a4 = flipped(ADD[i + 4]!);
    const m5 = MUL[i + 5]! | 0, a5 = flipped(ADD[i + 5]!);
    const m6 = MUL[i + 6]! | 0, a6 = flipped(ADD[i + 6]!);
    const m7 = MUL[i + 7]! | 0, a7 = flipped(ADD[i + 7]!);
    let b0 = permute(first, m0, a0), c0 = topBound(b0), g0 = first;
    let b1 = permute(first, m1, a1), c1 = topBound(b1), g1 = first;
    let b2 = permute(first, m2, a2), c2 = topBound(b2), g2 = first;
    let b3 = permute(first, m3, a3), c3 = topBound(b3), g3 = first;
    let b4 = permute(first, m4, a4), c4 = topBound(b4), g4 = first;
    let b5 = permute(first, m5, a5), c5 = topBound(b5), g5 = first;
    let b6 = permute(first, m6, a6), c6 = topBound(b6), g6 = first;
    let b7 = permute(first, m7, a7), c7 = topBound(b7), g7 = first;
    for (let s = 1; s < n; s++) {
      const x = shingles[s]! | 0;
      let h: number;
      h = (Math.imul(x, m0) + a0) | 0;
      if (h <= c0) {
        const v = xorshift(h);
        if (v < b0) {
          b0 = v;
          c0 = topBound(v);
          g0 = x;
        }
      }
      h = (Math.imul(x, m1) + a1) | 0;
      if (h <= c1) {
        const v = xorshift(h);
        if (v < b1) {
          b1 = v;
          c1 = topBound(v);
          g1 = x;
        }
      }
      h = (Math.imul(x, m2) + a2) | 0;
      if (h <= c2) {
        const v = xorshift(h);
        if (v < b2) {
          b2 = v;
          c2 = topBound(v);
          g2 = x;
        }
      }
      h = (Math.imul(x, m3) + a3) | 0;
      if (h <= c3) {
        const v = xorshift(h);
        if (v < b3) {
          b3 = v;
          c3 = topBound(v);
          g3 = x;
        }
      }
      h = (Math.imul(x, m4) + a4) | 0;
      if (h <= c4) {
        const v = xorshift(h);
        if (v < b4) {
          b4 = v;
          c4 = topBound(v);
          g4 = x;
        }
      }
      h = (Math.imul(x, m5) + a5) | 0;
      if (h <= c5) {
        const v = xorshift(h);
        if (v < b5) {
          b5 = v;
          c5 = topBound(v);
          g5 = x;
        }
      }
      h = (Math.imul(x, m6) + a6) | 0;
      if (h <= c6) {
        const v = xorshift(h);
        if (v < b6) {
          b6 = v;
          c6 = topBound(v);
          g6 = x;
        }
      }
      h = (Math.imul(x, m7) + a7) | 0;
      if (h <= c7) {
        const v = xorshift(h);
        if (v < b7) {
          b7 = v;
          c7 = topBound(v);
          g7 = x;
        }
      }
    }
    argmin[i] = g0;
    argmin[i + 1] = g1;
    argmin[i + 2] = g2;
    argmin[i + 3] = g3;
    argmin[i + 4] = g4;
    argmin[i + 5] = g5;
    argmin[i + 6] = g6;
    argmin[i + 7] = g7;
  }
  return argmin;
}

/*
 * The hash values below are held with their top bit flipped, as int32: flipping the top bit
 * maps unsigned order onto signed order, so the comparisons stay on int32 values, which
 * the compiler keeps in registers; unsigned values past 2^31 became doubles and cost about
 * a sixth of the signature's time.
 */

/** `x` with its top bit flipped, as int32. */
function flipped(x: number): number {
  return x ^ 0x80000000;
}

/** The largest value with the top 15 bits of `best`: only values up to it can hash below `best`. */
function topBound(best: number): number {
  return best | 0x1ffff;
}

/** mul * x + add (`add` flipped, so the sum is too): `permute` before its xorshift. */
function premixed(x: number, mul: number, add: number): number {
  return (Math.imul(x, mul) + add) | 0;
}

/**
 * Mixes the low 17 bits with the high ones; the top 15 bits stay as they are. Of a flipped
 * value: the shifted-in top bit is unflipped first.
 */
function xorshift(h: number): number {
  return h ^ ((h >>> 15) ^ 0x10000);
}

/** h(x) = xorshift(mul * x + add): a bijection on 32 bits (flipped). */
function permute(x: number, mul: number, add: number): number {
  return xorshift(premixed(x, mul, add));
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
