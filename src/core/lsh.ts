/**
 * Locality-sensitive hashing over MinHash signatures: 32 bands of 4 rows. Two texts
 * become candidates when any band matches exactly; at Jaccard 0.5 that happens with
 * probability 1 - (1 - 0.5^4)^32 ≈ 0.87 per pair, at 0.7 ≈ 0.9999, at 0.2 ≈ 0.05.
 * Lookups cost one hash per band, whatever the number of stored signatures.
 *
 * Held in typed arrays (a table per band, buckets as linked lists of entries) rather than
 * Maps of arrays: tens of thousands of signatures make a million bucket entries, and as
 * small heap objects they cost every garbage collection a walk over all of them.
 */
import { fmix32 } from './hash.js';
import { NUM_HASHES } from './minhash.js';

export const BANDS = 32;
export const ROWS = NUM_HASHES / BANDS;

/** Buckets filled by near-identical boilerplate stop growing: keep the newest entries only. */
const MAX_BUCKET = 64;
const NONE = -1;

function bandKey(signature: Uint32Array, band: number): number {
  let h = fmix32(band + 0x51ed27);
  for (let r = 0; r < ROWS; r++) h = fmix32((h ^ signature[band * ROWS + r]!) >>> 0);
  return h;
}

/**
 * One band: band key -> bucket, by open addressing with linear probing. A bucket is the
 * first and last of its entries (oldest first) and their number; entries are numbered by
 * the caller (id * BANDS + band) and linked in the index's arrays.
 */
class BandTable {
  private keys = new Uint32Array(16);
  private heads = new Int32Array(16).fill(NONE);
  private tails = new Int32Array(16);
  private counts = new Uint16Array(16);
  private used = 0;

  /** Table position of the key's bucket, or -1. */
  find(key: number): number {
    const mask = this.keys.length - 1;
    for (let s = this.home(key, mask); ; s = (s + 1) & mask) {
      if (this.heads[s] === NONE) return NONE;
      if (this.keys[s] === key) return s;
    }
  }

  /** Table position of the key's bucket, made empty if it was not there. */
  findOrAdd(key: number): number {
    if ((this.used + 1) * 2 > this.keys.length) this.grow();
    const mask = this.keys.length - 1;
    let s = this.home(key, mask);
    for (; this.heads[s] !== NONE; s = (s + 1) & mask) if (this.keys[s] === key) return s;
    this.keys[s] = key;
    this.counts[s] = 0;
    this.used++;
    return s;
  }

  head(s: number): number {
    return this.heads[s]!;
  }
  tail(s: number): number {
    return this.tails[s]!;
  }
  count(s: number): number {
    return this.counts[s]!;
  }
  set(s: number, head: number, tail: number, count: number): void {
    if (count === 0) return this.delete(s);
    this.heads[s] = head;
    this.tails[s] = tail;
    this.counts[s] = count;
  }

  private home(key: number, mask: number): number {
    return Math.imul(key, 0x9e3779b1) & mask;
  }

  /** Backward-shift deletion: no tombstones, so probes stay short as buckets come and go. */
  private delete(s: number): void {
    const mask = this.keys.length - 1;
    let hole = s;
    for (let j = (s + 1) & mask; this.heads[j] !== NONE; j = (j + 1) & mask) {
      const home = this.home(this.keys[j]!, mask);
      // The entry at j may move into the hole unless its home lies cyclically in (hole, j].
      const stays = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (stays) continue;
      this.keys[hole] = this.keys[j]!;
      this.heads[hole] = this.heads[j]!;
      this.tails[hole] = this.tails[j]!;
      this.counts[hole] = this.counts[j]!;
      hole = j;
    }
    this.heads[hole] = NONE;
    this.used--;
  }

  private grow(): void {
    const { keys, heads, tails, counts } = this;
    const size = keys.length * 2;
    this.keys = new Uint32Array(size);
    this.heads = new Int32Array(size).fill(NONE);
    this.tails = new Int32Array(size);
    this.counts = new Uint16Array(size);
    const mask = size - 1;
    for (let i = 0; i < keys.length; i++) {
      if (heads[i] === NONE) continue;
      let s = this.home(keys[i]!, mask);
      while (this.heads[s] !== NONE) s = (s + 1) & mask;
      this.keys[s] = keys[i]!;
      this.heads[s] = heads[i]!;
      this.tails[s] = tails[i]!;
      this.counts[s] = counts[i]!;
    }
  }
}

/** Ids are small non-negative integers chosen by the caller; reuse an id only after removing it. */
export class LshIndex {
  private readonly bands = Array.from({ length: BANDS }, () => new BandTable());
  /** Per entry (id * BANDS + band): neighbours in its bucket, and whether it is in one. */
  private next = new Int32Array(0);
  private prev = new Int32Array(0);
  private linked = new Uint8Array(0);
  /** Query stamps per id, to list each id once without a Set. */
  private stamps = new Uint32Array(0);
  private stamp = 0;

  add(id: number, signature: Uint32Array): void {
    this.ensure(id);
    for (let b = 0; b < BANDS; b++) {
      const table = this.bands[b]!;
      const s = table.findOrAdd(bandKey(signature, b));
      const e = id * BANDS + b;
      const count = table.count(s);
      const tail = count === 0 ? NONE : table.tail(s);
      this.prev[e] = tail;
      this.next[e] = NONE;
      this.linked[e] = 1;
      if (tail !== NONE) this.next[tail] = e;
      let head = count === 0 ? e : table.head(s);
      let n = count + 1;
      if (n > MAX_BUCKET) {
        const dropped = head;
        head = this.next[dropped]!;
        this.prev[head] = NONE;
        this.linked[dropped] = 0;
        n--;
      }
      table.set(s, head, e, n);
    }
  }

  remove(id: number, signature: Uint32Array): void {
    if (id * BANDS >= this.linked.length) return;
    for (let b = 0; b < BANDS; b++) {
      const e = id * BANDS + b;
      if (this.linked[e] === 0) continue; // pushed out of a full bucket already
      const table = this.bands[b]!;
      const s = table.find(bandKey(signature, b));
      if (s === NONE) continue;
      const before = this.prev[e]!;
      const after = this.next[e]!;
      if (before !== NONE) this.next[before] = after;
      if (after !== NONE) this.prev[after] = before;
      this.linked[e] = 0;
      table.set(s, before === NONE ? after : table.head(s), after === NONE ? before : table.tail(s), table.count(s) - 1);
    }
  }

  /** Ids sharing at least one band with the signature, each once, in first-seen order. */
  query(signature: Uint32Array): number[] {
    const out: number[] = [];
    const stamp = this.nextStamp();
    for (let b = 0; b < BANDS; b++) {
      const table = this.bands[b]!;
      const s = table.find(bandKey(signature, b));
      if (s === NONE) continue;
      for (let e = table.head(s); e !== NONE; e = this.next[e]!) {
        const id = (e / BANDS) | 0;
        if (this.stamps[id] === stamp) continue;
        this.stamps[id] = stamp;
        out.push(id);
      }
    }
    return out;
  }

  private nextStamp(): number {
    if (++this.stamp === 0xffffffff) {
      this.stamps.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }

  private ensure(id: number): void {
    if (id < this.stamps.length) return;
    let ids = Math.max(1024, this.stamps.length);
    while (ids <= id) ids *= 2;
    const next = new Int32Array(ids * BANDS);
    const prev = new Int32Array(ids * BANDS);
    const linked = new Uint8Array(ids * BANDS);
    const stamps = new Uint32Array(ids);
    next.set(this.next);
    prev.set(this.prev);
    linked.set(this.linked);
    stamps.set(this.stamps);
    this.next = next;
    this.prev = prev;
    this.linked = linked;
    this.stamps = stamps;
  }
}
