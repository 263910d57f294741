/** Sparse term vectors keyed by 32-bit term hashes, sorted by key for linear-time dot products. */

export interface SparseVector {
  keys: Uint32Array;
  values: Float32Array;
}

export function toSparse(weights: ReadonlyMap<number, number>, maxTerms = Infinity): SparseVector {
  let entries = [...weights].filter(([, v]) => v > 0);
  if (entries.length > maxTerms) entries = entries.sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, maxTerms);
  entries.sort((a, b) => a[0] - b[0]);
  return { keys: Uint32Array.from(entries, (e) => e[0]), values: Float32Array.from(entries, (e) => e[1]) };
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
