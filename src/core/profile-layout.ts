/**
 * The scoring layout of one storyline's profiles (its first article, its latest ones, its
 * centroid). Per channel (terms, entities), the union of the profiles' keys in ascending
 * order, each with a bitmask of the profiles that have it and a row of its weight in every
 * profile (0 where absent). Scoring a query reads this once, sequentially, with one probe of
 * the query per key: ~250 term keys per storyline where scanning each profile took ~500 (the
 * profiles share most of their keys), and all profiles advance together.
 * When the profiles move, the rows of those that remain are carried over, weights and all,
 * and merged with the keys of the new ones: no re-merge of every profile.
 */
import type { StoryVector } from './story-vector.js';

/**
 * Per profile in `meta`: corpus size its weights were taken at (NOT_WEIGHED: never), term
 * norm, entity norm; then its key counts, read per candidate profile where reaching them
 * through the vector took a cache miss per object on the way.
 */
const META = 5;
const DOCS = 0;
const TERM_NORM = 1;
const ENTITY_NORM = 2;
const TERM_COUNT = 3;
const ENTITY_COUNT = 4;
/** The fields carried over with a profile's weights. */
const WEIGHED_FIELDS = 3;
const NOT_WEIGHED = -1;
/** Profiles per layout: one bit each in a byte, and the width of a weight row. */
const MAX_PROFILES = 8;
/** Above every 32-bit key. */
const NONE = 2 ** 32;
export const TERMS = 0;
export const ENTITIES = 1;

/** A profile's weights (per key of each channel, as in its vector), taken with the IDF of a corpus of `docs` documents. */
export interface ProfileWeights {
  terms: Float32Array;
  termNorm: number;
  entities: Float32Array;
  entityNorm: number;
  docs: number;
}

/**
 * One channel: the union of the profiles' keys, ascending, in its first `size` rows; per key,
 * which profiles have it and their weights. The arrays have room for more rows than `size`:
 * a layout laid out again merges into them in place, and only outgrows them now and then.
 */
interface Channel {
  keys: Uint32Array;
  present: Uint8Array;
  /** Per key, MAX_PROFILES weights (0 where the profile lacks the key): a fixed row the term pass reads into registers. */
  weights: Float32Array;
  size: number;
}

function emptyChannel(): Channel {
  return { keys: new Uint32Array(0), present: new Uint8Array(0), weights: new Float32Array(0), size: 0 };
}

/**
 * A query channel's keys and weights in a direct-mapped table with no two keys in one slot
 * (the hash multiplier is drawn until there are none): a key is found, or known absent, with
 * one multiply and one compare. Empty slots weigh 0. Refilled for each query, not reallocated.
 */
export class QueryTable {
  keys = new Uint32Array(0);
  weights = new Float32Array(0);
  mult = 0x9e3779b1;
  shift = 32;
  private filled: Uint32Array = new Uint32Array(0);

  fill(keys: Uint32Array, weights: Float32Array): void {
    for (const k of this.filled) {
      const s = Math.imul(k, this.mult) >>> this.shift;
      this.keys[s] = 0;
      this.weights[s] = 0;
    }
    // n keys in >= n^2 slots land apart with probability ~e^-1/2: a few draws at most.
    let bits = 4;
    while (1 << bits < keys.length * keys.length) bits++;
    if (bits > 32 - this.shift) {
      this.keys = new Uint32Array(1 << bits);
      this.weights = new Float32Array(1 << bits);
      this.shift = 32 - bits;
    }
    for (let draw = 1; !this.apart(keys); draw++) {
      this.mult = (Math.imul(this.mult, 0x2c1b3c6d) + draw) | 1;
      if (draw % 16 === 0) {
        this.keys = new Uint32Array(this.keys.length * 2);
        this.weights = new Float32Array(this.keys.length);
        this.shift--;
      }
    }
    for (let i = 0; i < keys.length; i++) {
      const s = Math.imul(keys[i]!, this.mult) >>> this.shift;
      this.keys[s] = keys[i]!;
      this.weights[s] = weights[i]!;
    }
    this.filled = keys;
  }

  /** True when no two of the keys share a slot (the table is empty). */
  private apart(keys: Uint32Array): boolean {
    for (let i = 0; i < keys.length; i++) {
      const s = Math.imul(keys[i]!, this.mult) >>> this.shift;
      if (this.weights[s] === 1) {
        for (let j = 0; j < i; j++) this.weights[Math.imul(keys[j]!, this.mult) >>> this.shift] = 0;
        return false;
      }
      this.weights[s] = 1;
    }
    for (let i = 0; i < keys.length; i++) this.weights[Math.imul(keys[i]!, this.mult) >>> this.shift] = 0;
    return true;
  }
}

/** Reused by every merge: rows are gathered here, then copied into the layout's own arrays. */
let scratchKeys = new Uint32Array(1024);
let scratchPresent = new Uint8Array(1024);
let scratchWeights = new Float32Array(1024 * MAX_PROFILES);
/** Reused by every merge: per column of the old channel, the profile that keeps it; the fresh profiles' lists, columns, weights and heads. */
const columnTo = new Int8Array(MAX_PROFILES);
const freshLists: Uint32Array[] = [];
const freshColumns = new Int32Array(MAX_PROFILES);
const freshWeights: (Float32Array | null)[] = [];
const heads = new Int32Array(MAX_PROFILES);
/** The meta of a layout laid out again, read while its own is rewritten. */
const previousMeta = new Float64Array(MAX_PROFILES * META);

function ensureScratch(rows: number): void {
  if (scratchKeys.length >= rows) return;
  const size = Math.max(rows, scratchKeys.length * 2);
  scratchKeys = new Uint32Array(size);
  scratchPresent = new Uint8Array(size);
  scratchWeights = new Float32Array(size * MAX_PROFILES);
}

/**
 * Rows a channel's arrays get when they must grow: some room over `rows`, since a storyline's
 * union of keys drifts up and down as its profiles move (each growth is garbage in old space).
 */
function roomFor(rows: number): number {
  return rows + (rows >>> 3) + 16;
}

/** Copies the first `rows` rows of the scratch into the channel, growing its arrays when they are too small. */
function copyScratchInto(channel: Channel, rows: number): void {
  if (channel.keys.length < rows) {
    const room = roomFor(rows);
    channel.keys = new Uint32Array(room);
    channel.present = new Uint8Array(room);
    channel.weights = new Float32Array(room * MAX_PROFILES);
  }
  channel.keys.set(scratchKeys.subarray(0, rows));
  channel.present.set(scratchPresent.subarray(0, rows));
  channel.weights.set(scratchWeights.subarray(0, rows * MAX_PROFILES));
  channel.size = rows;
}

/**
 * One channel of the profiles, merged from the previous layout's channel (`old`) and the
 * sorted key lists of the profiles it does not hold, into `into` (which may be `old`: the
 * rows are merged in the scratch first): profile p with `from[p]` >= 0 takes its keys, bits
 * and weights from column `from[p]` of `old` (one pass over its rows), the others (and a
 * second taker of one column) come from `lists[p]`. When a storyline moves, two profiles are
 * new (the member pushed, the centroid): a three-way merge, not one of every profile. Rows no
 * profile keeps are dropped; a fresh profile's weights are `given[p]` (per key of its list), or 0.
 */
function mergeChannel(into: Channel, old: Channel | null, lists: readonly Uint32Array[], from: readonly number[], given: readonly (Float32Array | null)[]): void {
  let fresh = 0;
  let kept = 0;
  let capacity = 0;
  for (let p = 0; p < lists.length; p++) {
    const q = old === null ? -1 : (from[p] ?? -1);
    if (q >= 0 && (kept & (1 << q)) === 0) {
      kept |= 1 << q;
      columnTo[q] = p;
    } else {
      freshLists[fresh] = lists[p]!;
      freshColumns[fresh] = p;
      freshWeights[fresh] = given[p] ?? null;
      heads[fresh++] = 0;
      capacity += lists[p]!.length;
    }
  }
  const oldRows = old === null || kept === 0 ? 0 : old.size;
  const oldKeys = old === null ? scratchKeys : old.keys;
  const oldPresent = old === null ? scratchPresent : old.present;
  const oldWeights = old === null ? scratchWeights : old.weights;
  capacity += oldRows;
  ensureScratch(capacity);
  const keys = scratchKeys;
  const present = scratchPresent;
  const weights = scratchWeights;
  let r = nextKept(oldPresent, kept, 0, oldRows);
  let n = 0;
  for (;;) {
    let min = r < oldRows ? oldKeys[r]! : NONE;
    for (let f = 0; f < fresh; f++) {
      const l = freshLists[f]!;
      const h = heads[f]!;
      if (h < l.length && l[h]! < min) min = l[h]!;
    }
    if (min === NONE) break;
    let has = 0;
    if (r < oldRows && oldKeys[r] === min) {
      for (let bits = oldPresent[r]! & kept; bits !== 0; bits &= bits - 1) {
        const q = 31 - Math.clz32(bits & -bits);
        const p = columnTo[q]!;
        has |= 1 << p;
        weights[n * MAX_PROFILES + p] = oldWeights[r * MAX_PROFILES + q]!;
      }
      r = nextKept(oldPresent, kept, r + 1, oldRows);
    }
    for (let f = 0; f < fresh; f++) {
      const l = freshLists[f]!;
      const h = heads[f]!;
      if (h === l.length || l[h] !== min) continue;
      const p = freshColumns[f]!;
      has |= 1 << p;
      const w = freshWeights[f]!;
      if (w !== null) weights[n * MAX_PROFILES + p] = w[h]!;
      heads[f] = h + 1;
    }
    keys[n] = min;
    present[n++] = has;
  }
  copyScratchInto(into, n);
  // The scratch rows must read 0 where the next merge writes no weight.
  weights.fill(0, 0, n * MAX_PROFILES);
  // No vector is held past the merge.
  freshLists.length = 0;
  freshWeights.length = 0;
}

/** The first row from `r` on that a kept column has (`end` when none). */
function nextKept(present: Uint8Array, kept: number, r: number, end: number): number {
  while (r < end && (present[r]! & kept) === 0) r++;
  return r;
}

export class ProfileLayout {
  /** The profiles laid out: their keys place their weights. */
  private readonly vectors: StoryVector[] = [];
  private readonly channels: [Channel, Channel] = [emptyChannel(), emptyChannel()];
  private readonly meta = new Float64Array(MAX_PROFILES * META);
  private count = 0;

  /**
   * Lays out the vectors: vector i with `weights[i]` takes those; otherwise `from[i]` >= 0
   * carries its weights over from that profile of `previous` as they were taken (a refresh
   * is the caller's call); otherwise it is unweighed. Weights given here are written as the
   * rows are merged, with no pass over them afterwards. `previous` is left as it was.
   */
  constructor(vectors: readonly StoryVector[], previous: ProfileLayout | null = null, from: readonly number[] = [], weights: readonly (ProfileWeights | null)[] = []) {
    this.layOut(vectors, previous, from, weights);
  }

  /**
   * Lays the layout out again for moved profiles, as `new ProfileLayout(vectors, this, from,
   * weights)` would, but in its own arrays: a storyline that moves does not leave a layout's
   * worth of garbage behind each time.
   */
  relayout(vectors: readonly StoryVector[], from: readonly number[], weights: readonly (ProfileWeights | null)[]): void {
    this.layOut(vectors, this, from, weights);
  }

  private layOut(vectors: readonly StoryVector[], previous: ProfileLayout | null, from: readonly number[], weights: readonly (ProfileWeights | null)[]): void {
    if (vectors.length > MAX_PROFILES) throw new Error(`ProfileLayout: at most ${MAX_PROFILES} profiles`);
    if (previous !== null) previousMeta.set(previous.meta);
    const carried: number[] = [];
    const termLists: Uint32Array[] = [];
    const entityLists: Uint32Array[] = [];
    const termWeights: (Float32Array | null)[] = [];
    const entityWeights: (Float32Array | null)[] = [];
    for (let p = 0; p < vectors.length; p++) {
      const m = p * META;
      const given = weights[p] ?? null;
      const q = previous === null || given !== null ? -1 : (from[p] ?? -1);
      carried.push(q);
      termLists.push(vectors[p]!.terms.keys);
      entityLists.push(vectors[p]!.entities.keys);
      termWeights.push(given?.terms ?? null);
      entityWeights.push(given?.entities ?? null);
      if (given !== null) {
        this.meta[m + DOCS] = given.docs;
        this.meta[m + TERM_NORM] = given.termNorm;
        this.meta[m + ENTITY_NORM] = given.entityNorm;
      } else if (q >= 0) for (let k = 0; k < WEIGHED_FIELDS; k++) this.meta[m + k] = previousMeta[q * META + k]!;
      else this.meta[m + DOCS] = NOT_WEIGHED;
      this.meta[m + TERM_COUNT] = vectors[p]!.terms.keys.length;
      this.meta[m + ENTITY_COUNT] = vectors[p]!.entities.keys.length;
    }
    mergeChannel(this.channels[TERMS], previous?.channels[TERMS] ?? null, termLists, carried, termWeights);
    mergeChannel(this.channels[ENTITIES], previous?.channels[ENTITIES] ?? null, entityLists, carried, entityWeights);
    this.vectors.length = 0;
    for (const v of vectors) this.vectors.push(v);
    this.count = vectors.length;
  }

  get size(): number {
    return this.count;
  }

  /** Profile p as laid out. */
  vector(p: number): StoryVector {
    return this.vectors[p]!;
  }

  termCount(p: number): number {
    return this.meta[p * META + TERM_COUNT]!;
  }

  entityCount(p: number): number {
    return this.meta[p * META + ENTITY_COUNT]!;
  }

  /** Corpus size the profile's weights were taken at; null when it was never weighed. */
  weighedAt(p: number): number | null {
    const docs = this.meta[p * META + DOCS]!;
    return docs === NOT_WEIGHED ? null : docs;
  }

  termNorm(p: number): number {
    return this.meta[p * META + TERM_NORM]!;
  }

  entityNorm(p: number): number {
    return this.meta[p * META + ENTITY_NORM]!;
  }

  /** Stores profile p's weights (terms then entities), taken with the IDF of a corpus of `docs` documents. */
  setWeights(p: number, terms: Float32Array, termNorm: number, entities: Float32Array, entityNorm: number, docs: number): void {
    const m = p * META;
    this.meta[m + DOCS] = docs;
    this.meta[m + TERM_NORM] = termNorm;
    this.meta[m + ENTITY_NORM] = entityNorm;
    const v = this.vectors[p]!;
    this.scatter(this.channels[TERMS], p, v.terms.keys, terms);
    this.scatter(this.channels[ENTITIES], p, v.entities.keys, entities);
  }

  /**
   * The dot product of a query channel (its keys and weights in a table: no lookup built per
   * query) with every profile's same channel, into `dot[p]`; `shared[p]` receives the count
   * of keys in common. The channel's keys are read in ascending order, so each profile's
   * products are summed in ascending key order, as the merge in `cosine` sums them: the same
   * result to the bit. An empty slot reads key 0 with weight 0, and a query key never weighs
   * 0, so a row is the query's key only where the keys match and the weight is not 0.
   */
  dots(channel: number, query: QueryTable, dot: Float64Array, shared: Int32Array): void {
    const { keys, present, weights, size } = this.channels[channel]!;
    const { keys: queryKeys, weights: queryWeights, mult, shift } = query;
    dot.fill(0, 0, this.count);
    shared.fill(0, 0, this.count);
    for (let r = 0; r < size; r++) {
      const key = keys[r]!;
      const slot = Math.imul(key, mult) >>> shift;
      if (queryKeys[slot] !== key || queryWeights[slot] === 0) continue;
      const x = queryWeights[slot]!;
      for (let has = present[r]!; has !== 0; has &= has - 1) {
        const p = 31 - Math.clz32(has & -has);
        dot[p] = dot[p]! + x * weights[r * MAX_PROFILES + p]!;
        shared[p] = shared[p]! + 1;
      }
    }
  }

  /**
   * `dots` of the term channel, without the counts, and in registers: the hot loop of placing
   * an article (~250 keys for each of ~40 storylines). A sum whose profile lacks the key takes
   * x * 0 = +0 (weights are never negative), which leaves it as it was.
   */
  termDots(query: QueryTable, dot: Float64Array): void {
    const { keys, weights, size } = this.channels[TERMS];
    const { keys: queryKeys, weights: queryWeights, mult, shift } = query;
    let d0 = 0;
    let d1 = 0;
    let d2 = 0;
    let d3 = 0;
    let d4 = 0;
    let d5 = 0;
    let d6 = 0;
    let d7 = 0;
    for (let r = 0; r < size; r++) {
      const key = keys[r]!;
      const slot = Math.imul(key, mult) >>> shift;
      if (queryKeys[slot] !== key) continue;
      const x = queryWeights[slot]!;
      const b = r * MAX_PROFILES;
      d0 += x * weights[b]!;
      d1 += x * weights[b + 1]!;
      d2 += x * weights[b + 2]!;
      d3 += x * weights[b + 3]!;
      d4 += x * weights[b + 4]!;
      d5 += x * weights[b + 5]!;
      d6 += x * weights[b + 6]!;
      d7 += x * weights[b + 7]!;
    }
    dot[0] = d0;
    dot[1] = d1;
    dot[2] = d2;
    dot[3] = d3;
    dot[4] = d4;
    dot[5] = d5;
    dot[6] = d6;
    dot[7] = d7;
  }

  /** Writes profile p's weights of its (ascending) keys to their rows: the channel's keys include them all, in order. */
  private scatter(channel: Channel, p: number, keys: Uint32Array, w: Float32Array): void {
    const rows = channel.keys;
    let r = 0;
    for (let i = 0; i < keys.length; i++) {
      while (rows[r] !== keys[i]) r++;
      channel.weights[r * MAX_PROFILES + p] = w[i]!;
    }
  }
}
