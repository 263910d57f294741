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

/** Int32s per table position: the band key, then its bucket's head, tail and entry count. */
const CELL = 4;
const KEY = 0;
const HEAD = 1;
const TAIL = 2;
const COUNT = 3;

/**
 * One band: band key -> bucket, by open addressing with linear probing. A bucket is the
 * first and last of its entries (oldest first) and their number; entries are numbered by
 * the caller (id * BANDS + band) and linked in the index's arrays. A position's four fields
 * sit side by side in one array, so a probe reads one cache line rather than one per field.
 * Keys are held as int32 (`key | 0`): the same 32 bits.
 */
class BandTable {
  private cells = emptyCells(16);
  private mask = 15;
  private used = 0;

  /** Table position of the key's bucket, or -1. */
  find(key: number): number {
    const cells = this.cells;
    const k = key | 0;
    for (let s = this.home(key, this.mask); ; s = (s + 1) & this.mask) {
      if (cells[s * CELL + HEAD] === NONE) return NONE;
      if (cells[s * CELL + KEY] === k) return s;
    }
  }

  /** Table position of the key's bucket, made empty if it was not there. */
  findOrAdd(key: number): number {
    if ((this.used + 1) * 2 > this.mask + 1) this.grow();
    const cells = this.cells;
    const k = key | 0;
    let s = this.home(key, this.mask);
    for (; cells[s * CELL + HEAD] !== NONE; s = (s + 1) & this.mask) if (cells[s * CELL + KEY] === k) return s;
    cells[s * CELL + KEY] = k;
    cells[s * CELL + COUNT] = 0;
    this.used++;
    return s;
  }

  head(s: number): number {
    return this.cells[s * CELL + HEAD]!;
  }
  tail(s: number): number {
    return this.cells[s * CELL + TAIL]!;
  }
  count(s: number): number {
    return this.cells[s * CELL + COUNT]!;
  }
  set(s: number, head: number, tail: number, count: number): void {
    if (count === 0) return this.delete(s);
    this.cells[s * CELL + HEAD] = head;
    this.cells[s * CELL + TAIL] = tail;
    this.cells[s * CELL + COUNT] = count;
  }

  private home(key: number, mask: number): number {
    return Math.imul(key, 0x9e3779b1) & mask;
  }

  /** Backward-shift deletion: no tombstones, so probes stay short as buckets come and go. */
  private delete(s: number): void {
    const { cells, mask } = this;
    let hole = s;
    for (let j = (s + 1) & mask; cells[j * CELL + HEAD] !== NONE; j = (j + 1) & mask) {
      const home = this.home(cells[j * CELL + KEY]!, mask);
      // The entry at j may move into the hole unless its home lies cyclically in (hole, j].
      const stays = hole <= j ? home > hole && home <= j : home > hole || home <= j;
      if (stays) continue;
      cells.copyWithin(hole * CELL, j * CELL, j * CELL + CELL);
      hole = j;
    }
    cells[hole * CELL + HEAD] = NONE;
    this.used--;
  }

  private grow(): void {
    const old = this.cells;
    const size = (this.mask + 1) * 2;
    const cells = emptyCells(size);
    const mask = size - 1;
    for (let i = 0; i < old.length; i += CELL) {
      if (old[i + HEAD] === NONE) continue;
      let s = this.home(old[i + KEY]!, mask);
      while (cells[s * CELL + HEAD] !== NONE) s = (s + 1) & mask;
      cells.set(old.subarray(i, i + CELL), s * CELL);
    }
    this.cells = cells;
    this.mask = mask;
  }
}

/** `size` table positions, all empty. */
function emptyCells(size: number): Int32Array {
  const cells = new Int32Array(size * CELL);
  for (let s = 0; s < size; s++) cells[s * CELL + HEAD] = NONE;
  return cells;
}

/** Ids are small non-negative integers chosen by the caller; reuse an id only after removing it. */
export class LshIndex {
  private readonly bands = Array.from({ length: BANDS }, () => new BandTable());
  /** Per entry (id * BANDS + band): neighbours in its bucket, and whether it is in one. */
  private next = new Int32Array(0);
  private prev = new Int32Array(0);
  private linked = new Uint8Array(0);
  /** Per entry: its band key, so that removing an id needs neither its signature nor the hashing again. */
  private keys = new Uint32Array(0);
  /** Query stamps per id, to list each id once without a Set. */
  private stamps = new Uint32Array(0);
  private stamp = 0;
  /** Scratch for `query`: the signature's band keys. */
  private readonly queryKeys = new Uint32Array(BANDS);

  add(id: number, signature: Uint32Array): void {
    this.ensure(id);
    // Hashed before the tables are probed, as in `query`.
    for (let b = 0; b < BANDS; b++) this.keys[id * BANDS + b] = bandKey(signature, b);
    for (let b = 0; b < BANDS; b++) {
      const table = this.bands[b]!;
      const e = id * BANDS + b;
      const s = table.findOrAdd(this.keys[e]!);
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

  remove(id: number): void {
    if (id * BANDS >= this.linked.length) return;
    for (let b = 0; b < BANDS; b++) {
      const e = id * BANDS + b;
      if (this.linked[e] === 0) continue; // pushed out of a full bucket already
      const table = this.bands[b]!;
      const s = table.find(this.keys[e]!);
      if (s === NONE) continue;
      const before = this.prev[e]!;
      const after = this.next[e]!;
      if (before !== NONE) this.next[before] = after;
      if (after !== NONE) this.prev[after] = before;
      this.linked[e] = 0;
      table.set(s, before === NONE ? after : table.head(s), after === NONE ? before : table.tail(s), table.count(s) - 1);
    }
  }

  /** Ids sharing at least one band with the signature, each once, in first-seen order; appended to `out` when given. */
  query(signature: Uint32Array, out: number[] = []): number[] {
    const stamp = this.nextStamp();
    const keys = this.queryKeys;
    for (let b = 0; b < BANDS; b++) keys[b] = bandKey(signature, b);
    // Each band's table is probed at a random place, mostly a cache miss: with the keys hashed
    // beforehand, the probing loop is short enough for the CPU to wait for several at once.
    for (let b = 0; b < BANDS; b++) {
      const table = this.bands[b]!;
      const s = table.find(keys[b]!);
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
    const keys = new Uint32Array(ids * BANDS);
    const stamps = new Uint32Array(ids);
    next.set(this.next);
    prev.set(this.prev);
    linked.set(this.linked);
    keys.set(this.keys);
    stamps.set(this.stamps);
    this.next = next;
    this.prev = prev;
    this.linked = linked;
    this.keys = keys;
    this.stamps = stamps;
  }
}
