/**
 * Locality-sensitive hashing over MinHash signatures: 32 bands of 4 rows. Two texts
 * become candidates when any band matches exactly; at Jaccard 0.5 that happens with
 * probability 1 - (1 - 0.5^4)^32 ≈ 0.87 per pair, at 0.7 ≈ 0.9999, at 0.2 ≈ 0.05.
 * Lookups cost one hash per band, whatever the number of stored signatures.
 */
import { fmix32 } from './hash.js';
import { NUM_HASHES } from './minhash.js';

export const BANDS = 32;
export const ROWS = NUM_HASHES / BANDS;

/** Buckets filled by near-identical boilerplate stop growing: keep the newest entries only. */
const MAX_BUCKET = 64;

function bandKey(signature: Uint32Array, band: number): number {
  let h = fmix32(band + 0x51ed27);
  for (let r = 0; r < ROWS; r++) h = fmix32((h ^ signature[band * ROWS + r]!) >>> 0);
  return h;
}

export class LshIndex {
  private readonly bands: Array<Map<number, number[]>> = Array.from({ length: BANDS }, () => new Map());

  add(id: number, signature: Uint32Array): void {
    for (let b = 0; b < BANDS; b++) {
      const key = bandKey(signature, b);
      const table = this.bands[b]!;
      const bucket = table.get(key);
      if (!bucket) table.set(key, [id]);
      else {
        bucket.push(id);
        if (bucket.length > MAX_BUCKET) bucket.shift();
      }
    }
  }

  remove(id: number, signature: Uint32Array): void {
    for (let b = 0; b < BANDS; b++) {
      const key = bandKey(signature, b);
      const table = this.bands[b]!;
      const bucket = table.get(key);
      if (!bucket) continue;
      const at = bucket.indexOf(id);
      if (at >= 0) bucket.splice(at, 1);
      if (bucket.length === 0) table.delete(key);
    }
  }

  /** Ids sharing at least one band with the signature, each once, in first-seen order. */
  query(signature: Uint32Array): number[] {
    const seen = new Set<number>();
    for (let b = 0; b < BANDS; b++) {
      const bucket = this.bands[b]!.get(bandKey(signature, b));
      if (bucket) for (const id of bucket) seen.add(id);
    }
    return [...seen];
  }
}
