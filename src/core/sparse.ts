/** Sparse term vectors keyed by 32-bit term hashes, sorted by key for linear-time dot products. */

export interface SparseVector {
  keys: Uint32Array;
  values: Float32Array;
}

export function toSparse(weights: ReadonlyMap<number, number>, maxTerms = Infinity): SparseVector {
  // Typed arrays sorted natively, no comparator callbacks: this runs for every article and centroid.
  let count = 0;
  for (const v of weights.values()) if (v > 0) count++;
  const values = new Float64Array(count);
  let n = 0;
  for (const v of weights.values()) if (v > 0) values[n++] = v;
  // The heaviest `maxTerms` keys (ties to the smaller key) are those above the cut-off weight, then the smallest keys at it.
  const cut = count > maxTerms ? values.sort()[count - maxTerms]! : 0;
  let atCut = 0;
  if (count > maxTerms) for (let i = count - maxTerms; i < count && values[i] === cut; i++) atCut++;
  const above: number[] = [];
  const tied: number[] = [];
  for (const [k, v] of weights) {
    if (!(v > 0)) continue;
    if (v > cut) above.push(k);
    else if (v === cut) tied.push(k);
  }
  if (tied.length > atCut) tied.sort((a, b) => a - b).length = atCut;
  const keys = Uint32Array.from(above.concat(tied)).sort();
  return { keys, values: Float32Array.from(keys, (k) => weights.get(k)!) };
}

/** The norm of the first `length` values (all by default). */
export function norm(values: Float32Array, length = values.length): number {
  let s = 0;
  for (let i = 0; i < length; i++) s += values[i]! * values[i]!;
  return Math.sqrt(s);
}

/** Cosine similarity of two vectors given their (already weighted) values. */
export function cosine(a: SparseVector, av: Float32Array, an: number, b: SparseVector, bv: Float32Array, bn: number): number {
  if (an === 0 || bn === 0) return 0;
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < a.keys.length && j < b.keys.length) {
    const x = a.keys[i]!;
    const y = b.keys[j]!;
    if (x === y) {
      dot += av[i]! * bv[j]!;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return dot / (an * bn);
}

/** Reused by `strongest`: which entries it keeps, and a copy of the values it reorders to find the cut-off. */
let keepScratch = new Uint8Array(512);
let valueScratch = new Float64Array(512);

/**
 * The `k`-th smallest (from 0) of the first `n` values of `a`, which it reorders: the value a
 * sort would put at `k`, found without sorting them all (Hoare's selection).
 */
export function kthSmallest(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const x = a[lo]!;
    const y = a[(lo + hi) >>> 1]!;
    const z = a[hi]!;
    // Median of three: sorted or reversed runs do not degrade to quadratic time.
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        const t = a[i]!;
        a[i++] = a[j]!;
        a[j--] = t;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k]!;
  }
  return a[k]!;
}

/**
 * Which of the first `n` of `values` (keyed by the ascending `keys`) are among the `max`
 * largest positive ones, ties to the smaller key: the same choice as `toSparse`, on arrays.
 * The flags are in a scratch array, valid until the next call.
 */
function strongest(values: Float32Array, n: number, max: number): Uint8Array {
  if (keepScratch.length < n) {
    keepScratch = new Uint8Array(n * 2);
    valueScratch = new Float64Array(n * 2);
  }
  const keep = keepScratch;
  let count = 0;
  for (let i = 0; i < n; i++) if (values[i]! > 0) valueScratch[count++] = values[i]!;
  let cut = 0;
  let atCut = 0;
  if (count > max) {
    // The cut-off is the max-th largest; the keys at it that are kept are those it leaves room for above the larger ones.
    cut = kthSmallest(valueScratch, count, count - max);
    let above = 0;
    for (let i = 0; i < n; i++) if (values[i]! > cut) above++;
    atCut = max - above;
  }
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    keep[i] = 0;
    if (v > cut) keep[i] = 1;
    else if (v === cut && v > 0 && atCut > 0) {
      keep[i] = 1;
      atCut--;
    }
  }
  return keep;
}

/**
 * A running sum of sparse vectors, its keys ascending in typed arrays: a vector is merged in
 * linear time and in place, and no Map per sum (a storyline's centroid is one).
 */
export class SparseSum {
  /** The keys and their sums are the first `count` entries; the arrays have room for more. */
  private keys = new Uint32Array(0);
  /** Float32, as the centroid's values are taken out: a storyline's sums were a sixth of the engine's memory at 100k stored. */
  private sums = new Float32Array(0);
  private count = 0;
  /** What `top` returns views of, kept from one call to the next (a storyline's centroid is remade at each move). */
  private topKeys = new Uint32Array(0);
  private topValues = new Float32Array(0);

  get size(): number {
    return this.count;
  }

  /** Adds v's values divided by `by`. */
  add(v: SparseVector, by: number): void {
    const b = v.keys;
    const bv = v.values;
    const end = this.count + b.length;
    if (this.keys.length < end) this.grow(end);
    const { keys, sums } = this;
    // Merged from the largest keys down into the top of the arrays, where no entry is written
    // over before it is read (the write index stays above the read one), then moved down.
    let i = this.count - 1;
    let j = b.length - 1;
    let w = end;
    while (i >= 0 || j >= 0) {
      w--;
      if (j < 0 || (i >= 0 && keys[i]! > b[j]!)) {
        keys[w] = keys[i]!;
        sums[w] = sums[i--]!;
      } else if (i < 0 || b[j]! > keys[i]!) {
        keys[w] = b[j]!;
        sums[w] = bv[j--]! / by;
      } else {
        keys[w] = keys[i]!;
        sums[w] = sums[i--]! + bv[j--]! / by;
      }
    }
    if (w > 0) {
      keys.copyWithin(0, w, end);
      sums.copyWithin(0, w, end);
    }
    this.count = end - w;
  }

  /** Room for `entries`, and some more so that the next adds fit. */
  private grow(entries: number): void {
    const room = Math.max(entries, Math.ceil(this.keys.length * 1.5));
    const keys = new Uint32Array(room);
    const sums = new Float32Array(room);
    keys.set(this.keys.subarray(0, this.count));
    sums.set(this.sums.subarray(0, this.count));
    this.keys = keys;
    this.sums = sums;
  }

  /** Keeps only the `max` largest sums (ties to the smaller key); sums of positive values are all positive. */
  prune(max: number): void {
    const keep = strongest(this.sums, this.count, max);
    let n = 0;
    for (let i = 0; i < this.count; i++) {
      if (keep[i] === 0) continue;
      this.keys[n] = this.keys[i]!;
      this.sums[n++] = this.sums[i]!;
    }
    this.count = n;
  }

  /**
   * The `max` largest positive sums as a vector, as `toSparse` would make it of the same
   * weights. Its arrays view buffers of the sum's, rewritten by the next call: a vector from
   * here is valid until then.
   */
  top(max: number): SparseVector {
    const keep = strongest(this.sums, this.count, max);
    let count = 0;
    for (let i = 0; i < this.count; i++) count += keep[i]!;
    if (this.topKeys.length < count) {
      this.topKeys = new Uint32Array(count + (count >>> 2) + 8);
      this.topValues = new Float32Array(this.topKeys.length);
    }
    const { topKeys, topValues } = this;
    for (let i = 0, n = 0; i < this.count; i++) {
      if (keep[i] === 0) continue;
      topKeys[n] = this.keys[i]!;
      topValues[n++] = this.sums[i]!;
    }
    return { keys: topKeys.subarray(0, count), values: topValues.subarray(0, count) };
  }

  /** Lets go of the buffers `top` writes to (the vectors it gave are then left as they were). */
  releaseTop(): void {
    this.topKeys = new Uint32Array(0);
    this.topValues = new Float32Array(0);
  }
}
