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

/** Weighted by a per-key factor (IDF) on the fly; returns the weighted vector's values. */
export function weigh(v: SparseVector, factor: (key: number) => number): Float32Array {
  const out = new Float32Array(v.values.length);
  for (let i = 0; i < out.length; i++) out[i] = v.values[i]! * factor(v.keys[i]!);
  return out;
}

export function norm(values: Float32Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i]! * values[i]!;
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

const FILTER_BITS = 4096;

/**
 * The keys of one vector in an open-addressing table, for scoring that vector against many
 * others: each comparison then costs one probe per key of the other vector, with no branchy
 * merge. Built once per query, reused across every stored profile it is compared with.
 */
export class KeyLookup {
  /** One bit per key's low 12 bits: most keys of another vector are absent and stop here. */
  private readonly filter = new Int32Array(FILTER_BITS >>> 5);
  /** Slot -> position in the vector + 1 (0 = empty, so key 0 needs no sentinel). */
  private readonly slots: Int32Array;
  private readonly slotKeys: Uint32Array;
  private readonly mask: number;
  private readonly shift: number;

  constructor(readonly keys: Uint32Array) {
    let bits = 4;
    while (1 << bits < keys.length * 4) bits++;
    this.slots = new Int32Array(1 << bits);
    this.slotKeys = new Uint32Array(1 << bits);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i]!;
      const word = (key & (FILTER_BITS - 1)) >>> 5;
      this.filter[word] = this.filter[word]! | (1 << (key & 31));
      let s = this.home(key);
      while (this.slots[s] !== 0) s = (s + 1) & this.mask;
      this.slots[s] = i + 1;
      this.slotKeys[s] = key;
    }
  }

  private home(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
  }

  /** Position of the key in the vector, or -1. */
  indexOf(key: number): number {
    if ((this.filter[(key & (FILTER_BITS - 1)) >>> 5]! & (1 << (key & 31))) === 0) return -1;
    for (let s = this.home(key); ; s = (s + 1) & this.mask) {
      const at = this.slots[s]!;
      if (at === 0) return -1;
      if (this.slotKeys[s] === key) return at - 1;
    }
  }
}
