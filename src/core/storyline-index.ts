/**
 * Which storyline an article continues. Candidates come from an inverted index (term or
 * entity -> storylines that used it prominently), scanned only for the query's most
 * distinctive keys and only over each posting list's most recent entries, so placing one
 * article costs the same at 100k stored articles as at 1k. Each candidate is then scored
 * against a bounded profile of the storyline (its first article, its latest ones and a
 * running centroid of everything it has absorbed) on two channels, what happened (terms)
 * and who it happened to (entities), softened by a gentle decay with the time since the
 * storyline last moved.
 */
import { Ballot } from './ballot.js';
import { DocumentFrequency } from './document-frequency.js';
import { ENTITIES, ProfileLayout, QueryTable, type ProfileWeights } from './profile-layout.js';
import { norm, SparseSum, type SparseVector } from './sparse.js';
import type { StoryVector } from './story-vector.js';

const DAY = 86_400_000;
/** Query keys looked up in the index, most distinctive first. */
const QUERY_TERMS = 16;
/** Most recent postings read per query key. */
const SCAN_PER_TERM = 96;
/**
 * Candidates scored in full. Votes count each storyline once per key, so the story an
 * article continues is nearly always among the first few; the ones further down were mostly
 * where chance merges came from, each at the cost of a full scoring. On the synthetic stream
 * at 100k articles, 8 keep 91% of follow-ups in their storyline where 12 kept 95%, while new
 * stories opened go from 19% to 41% (B-cubed precision 0.20 -> 0.40, F1 0.33 -> 0.57). 6 went
 * further (87%, 50%) but kept a third more storylines in memory than 12 did, past the memory
 * budget. The labeled and holdout replays place every article the same with 3 to 12.
 */
const MAX_CANDIDATES = 8;
/** Keys of each article written to the index. */
const INDEX_TERMS = 24;
/** Members kept per storyline for scoring: the first article and the latest ones. */
const LATEST_MEMBERS = 5;
/** First, latest and centroid. */
const MAX_PROFILES = LATEST_MEMBERS + 2;
/** Keys kept in a storyline's centroid, per channel. */
const CENTROID_KEYS = 128;
const MAX_PROTAGONISTS = 64;
// A story that moves over months (Meta weighing a closed Behemoth in July, open-sourcing
// parts of its models in September) is still one story: time only nudges the score; the
// window (story.windowDays) is what ends a storyline.
const DECAY_FLOOR = 0.9;
const DECAY_DAYS = 60;
/**
 * Queries after which the layout (and centroid) of a storyline not scored since is dropped,
 * to be rebuilt if it is scored again. Most storylines stop being candidates within a day
 * of news: at 1,000 articles a day, 3% of scorings reach one idle this long, while keeping
 * the layouts of every storyline in the window cost ~11 KB each (a third of the engine's
 * memory at 100k articles).
 */
const IDLE_QUERIES = 1_000;
/** Idle layouts kept for re-use: a day's worth of those laid out afresh at 1,000 articles a day. */
const SPARE_LAYOUTS = 512;
/** Stored profiles re-weigh their IDF once the corpus has grown by this share. */
const IDF_REFRESH = 0.05;

/** One channel weighed by IDF: its keys, their weights and the weights' norm (no further indirection: read per candidate). */
interface Weighted {
  keys: Uint32Array;
  w: Float32Array;
  n: number;
}

/**
 * An article's vector prepared for placement: weighed with the IDF of the moment (the
 * index does not change while an article is analysed) and laid out for fast comparisons.
 */
export interface StoryQuery {
  vector: StoryVector;
  terms: Weighted;
  entities: Weighted;
}

/** A storyline's member channels summed, per channel. */
interface CentroidSums {
  terms: SparseSum;
  entities: SparseSum;
}

interface StoryState {
  id: string;
  slot: number;
  first: StoryVector;
  latest: StoryVector[];
  /**
   * Every member's channels scaled to unit norm and summed, for the centroid: null while the
   * storyline has one member. Its centroid is not scored then (it would be its first article
   * again), and most storylines never get a second member: their two sums were ~2.5 KB each of
   * a storyline's memory at 100k stored articles.
   */
  sums: CentroidSums | null;
  centroid: StoryVector | null;
  /** The profiles (first, latest, centroid) as last laid out for scoring. */
  layout: ProfileLayout | null;
  /** True when the profiles changed since they were laid out. */
  moved: boolean;
  /** `queries` when it was last scored: a layout not used for IDLE_QUERIES is dropped. */
  scoredAt: number;
  /** Every headline protagonist the storyline has had (bounded). */
  protagonists: Uint32Array;
  updatedAt: number;
}

export interface StorylineMatch {
  storylineId: string;
  /** Decayed similarity to the storyline (0..1). */
  score: number;
  /** Best similarity before decay. */
  cosine: number;
  /** Channel similarities of the best-matching profile. */
  terms: number;
  entities: number;
}

/** Similarity kept from a storyline that last moved `days` ago. */
export function timeDecay(days: number): number {
  return DECAY_FLOOR + (1 - DECAY_FLOOR) * Math.exp(-Math.abs(days) / DECAY_DAYS);
}

/**
 * Kept when both headlines name their protagonists and neither text mentions the other's
 * ("Tessaly raises ..." vs "Halvard raises ..."): the same words about different companies
 * are different stories.
 */
const PROTAGONIST_CONFLICT = 0.5;
/**
 * Entity similarity kept when the texts share a single name: "Meta" alone is a company,
 * not a story (its nuclear deal is not its model strategy); a second shared name (a
 * person, a model, a partner) is what makes two reports one story.
 */
const SINGLE_NAME = 0.4;
/** Weight of the entity channel in the second factor of the blend. */
const ENTITY_MIX = 0.8;
/**
 * Above any entity similarity a profile can reach (cosines are at most 1, give or take
 * rounding): bounds a profile's blend from its terms alone.
 */
const ENTITY_BOUND = 1.001;
/** Exponent of the terms factor: names carry most of the score, but only with some shared words. */
const TERMS_EXPONENT = 0.3;

/**
 * Blends the channels: terms^0.3 * (0.2 terms + 0.8 entities)^0.7. Shared names alone (same
 * company, different story) cannot carry an article into a storyline, since the score
 * vanishes with the shared words; nor can shared generic words between two companies'
 * funding rounds, since the second factor then stays small. A follow-up in new words that
 * names the same protagonists keeps most of its score. Texts without names on one side
 * are judged on their terms alone.
 */
export function blend(terms: number, entities: number, hasEntities: boolean): number {
  return hasEntities ? blendWith(Math.pow(terms, TERMS_EXPONENT), terms, entities) : terms;
}

/** `blend` with names, given terms^TERMS_EXPONENT: one power fewer when the same terms are blended twice. */
function blendWith(termsFactor: number, terms: number, entities: number): number {
  return termsFactor * Math.pow((1 - ENTITY_MIX) * terms + ENTITY_MIX * entities, 1 - TERMS_EXPONENT);
}

/** True when both sorted key lists are non-empty and share no key. */
function disjoint(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length === 0 || b.length === 0) return false;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) return false;
    if (a[i]! < b[j]!) i++;
    else j++;
  }
  return true;
}

/** Writable numbers by index: a typed array or a plain one. */
type Numbers = { [index: number]: number };

/** True when (key, weight) ranks before entry `at`: more weight, or as much and a lower key. */
function ranksBefore(keys: Numbers, weights: Numbers, at: number, key: number, weight: number): boolean {
  return weight > weights[at]! || (weight === weights[at] && key < keys[at]!);
}

/**
 * Puts (key, weight) among the first `count` entries of `keys` and `weights`, kept best first
 * (an equal entry stays after those already in) and at most `limit` of them; returns the new
 * count. A bounded insertion: hundreds of entries are not all sorted for a dozen.
 */
export function insertRanked(keys: Numbers, weights: Numbers, count: number, limit: number, key: number, weight: number): number {
  let j = count;
  if (count === limit) {
    if (limit === 0 || !ranksBefore(keys, weights, limit - 1, key, weight)) return count;
    // The last is dropped: the entry takes its place, then moves up.
    j--;
  } else count++;
  for (; j > 0 && ranksBefore(keys, weights, j - 1, key, weight); j--) {
    keys[j] = keys[j - 1]!;
    weights[j] = weights[j - 1]!;
  }
  keys[j] = key;
  weights[j] = weight;
  return count;
}

/** True when (key, weight) would be among the first `limit` of the `count` entries ranked so far. */
function wouldRank(keys: Numbers, weights: Numbers, count: number, limit: number, key: number, weight: number): boolean {
  return count < limit || (limit > 0 && ranksBefore(keys, weights, limit - 1, key, weight));
}

/**
 * The `k` eligible slots with the most votes (`votes[i]` those of `slots[i]`), best first (ties
 * to the lower slot). `eligible` is asked only of slots that would rank among those so far:
 * a few dozen of the hundreds voted for, where it reads per-storyline state at random.
 */
export function mostVoted(slots: ArrayLike<number>, votes: ArrayLike<number>, k: number, eligible: (slot: number) => boolean = () => true): number[] {
  // Typed like `distinctive`'s scratch, so that insertRanked sees one kind of array: fed plain and typed arrays it was polymorphic, 7.5% of a profile.
  const out = new Uint32Array(k);
  const outVotes = new Float64Array(k);
  let count = 0;
  for (let e = 0; e < slots.length; e++) {
    const slot = slots[e]!;
    const v = votes[e]!;
    if (wouldRank(out, outVotes, count, k, slot, v) && eligible(slot)) count = insertRanked(out, outVotes, count, k, slot, v);
  }
  return Array.from(out.subarray(0, count));
}

/** A reusable ProfileWeights: its arrays are resized up as profiles need, and read only as far as the profile's keys. */
function profileWeights(): ProfileWeights {
  return { terms: new Float32Array(64), termNorm: 0, entities: new Float32Array(32), entityNorm: 0, docs: 0 };
}

/** `buffer`, or a larger one when it cannot hold `length` values. */
function roomy(buffer: Float32Array, length: number): Float32Array {
  return buffer.length >= length ? buffer : new Float32Array(Math.max(length, buffer.length * 2));
}

/**
 * The storyline's protagonists (unique, ascending, bounded) with the article's: the same
 * array when it has them all already, as a follow-up nearly always does (no Set, no copy).
 */
function withProtagonists(known: Uint32Array, added: Uint32Array): Uint32Array {
  let all = true;
  for (let i = 0; i < added.length && all; i++) all = known.includes(added[i]!);
  if (all) return known;
  return Uint32Array.from(new Set([...known, ...added])).sort().slice(0, MAX_PROTAGONISTS);
}

/** Where the profile is in the layout (by identity), or -1. */
function laidOutAt(layout: ProfileLayout, v: StoryVector): number {
  for (let q = 0; q < layout.size; q++) if (layout.vector(q) === v) return q;
  return -1;
}

/** Adds v scaled to unit norm. */
function addScaled(into: SparseSum, v: SparseVector): void {
  const n = norm(v.values);
  if (n !== 0) into.add(v, n);
}

/** Adds a member (the second or a later one) to the storyline's sums, the first member before it when they are new. */
function addToCentroid(s: StoryState, vector: StoryVector): void {
  if (s.sums === null) {
    s.sums = { terms: new SparseSum(), entities: new SparseSum() };
    addScaled(s.sums.terms, s.first.terms);
    addScaled(s.sums.entities, s.first.entities);
  }
  addScaled(s.sums.terms, vector.terms);
  addScaled(s.sums.entities, vector.entities);
  // Bounded memory: prune the centroid back to its strongest keys now and then.
  for (const sum of [s.sums.terms, s.sums.entities]) if (sum.size > CENTROID_KEYS * 2) sum.prune(CENTROID_KEYS);
}

/** Slots of an empty `Postings` table; it doubles whenever it gets half full. */
const INITIAL_POSTING_SLOTS = 1 << 12;

/**
 * Posting lists by key, found through an open-addressing table of typed arrays with a key and
 * its list's number side by side: a Map of uint32 keys hashed half of them as heap numbers
 * and took a few cache misses per lookup, ~16 lookups per query and 24 per article stored.
 */
export class Postings {
  /** Per slot: the key (as int32), then 1 + the number of its list (0: empty slot). */
  private table = new Int32Array(INITIAL_POSTING_SLOTS * 2);
  private shift = 32 - Math.log2(INITIAL_POSTING_SLOTS);
  private readonly lists: number[][] = [];

  /** The key's list, if it has one. */
  get(key: number): number[] | undefined {
    const s = this.slot(key);
    const list = this.table[s + 1]!;
    return list === 0 ? undefined : this.lists[list - 1];
  }

  /** The key's list, made (empty) if it has none. */
  listOf(key: number): number[] {
    const s = this.slot(key);
    const list = this.table[s + 1]!;
    if (list !== 0) return this.lists[list - 1]!;
    const made: number[] = [];
    this.lists.push(made);
    this.table[s] = key | 0;
    this.table[s + 1] = this.lists.length;
    if (this.lists.length * 4 > this.table.length) this.grow();
    return made;
  }

  /** Where the key's slot starts in the table, or the empty slot's where it would go. */
  private slot(key: number): number {
    const table = this.table;
    const mask = (table.length >>> 1) - 1;
    const k = key | 0;
    let s = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (table[s * 2 + 1] !== 0 && table[s * 2] !== k) s = (s + 1) & mask;
    return s * 2;
  }

  private grow(): void {
    const old = this.table;
    this.table = new Int32Array(old.length * 2);
    this.shift--;
    for (let i = 0; i < old.length; i += 2) {
      if (old[i + 1] === 0) continue;
      const s = this.slot(old[i]! >>> 0);
      this.table[s] = old[i]!;
      this.table[s + 1] = old[i + 1]!;
    }
  }
}

export class StorylineIndex {
  readonly df = new DocumentFrequency();
  private readonly bySlot: Array<StoryState | null> = [];
  private readonly byId = new Map<string, StoryState>();
  private readonly postings = new Postings();
  /** Scratch for `score`: per profile, the query's dot products and the entity keys in common. */
  private readonly termDots = new Float64Array(MAX_PROFILES);
  private readonly entityDots = new Float64Array(MAX_PROFILES);
  private readonly shared = new Int32Array(MAX_PROFILES);
  /** The channels of the query last scored, for the term and entity passes (one table each, refilled per query). */
  private readonly termTable = new QueryTable();
  private readonly entityTable = new QueryTable();
  private tablesOf: StoryQuery | null = null;
  /** Per slot, for `candidates`: when the storyline last moved (-Infinity once evicted), read without touching its state. */
  private movedAt = new Float64Array(0);
  /** For `candidates`: the query's time, and whether a slot's storyline moved within the window before it. */
  private candidatesAt = 0;
  private readonly inWindow = (slot: number): boolean => !(this.candidatesAt - this.movedAt[slot]! > this.windowMs);
  /** Scratch for `candidates`: the query's votes per slot. */
  private readonly ballot = new Ballot(QUERY_TERMS * SCAN_PER_TERM);
  /** Scratch for `distinctive`: the keys ranked so far, most distinctive first, and their weights. */
  private readonly topKeys = new Uint32Array(Math.max(QUERY_TERMS, INDEX_TERMS));
  private readonly topWeights = new Float64Array(Math.max(QUERY_TERMS, INDEX_TERMS));
  /** Scratch for `add`: the article's channels weighed, to pick the keys it is indexed under. */
  private readonly addedTerms: Weighted = { keys: new Uint32Array(0), w: new Float32Array(64), n: 0 };
  private readonly addedEntities: Weighted = { keys: new Uint32Array(0), w: new Float32Array(32), n: 0 };
  /** Scratch for `weighedProfiles`: the profiles in their new order, where each was laid out before, and the new ones' weights. */
  private readonly profiles: StoryVector[] = [];
  private readonly from: number[] = [];
  private readonly given: Array<ProfileWeights | null> = [];
  private readonly profileWeights: ProfileWeights[] = Array.from({ length: MAX_PROFILES }, profileWeights);
  /** Queries made so far: the index's clock for dropping idle layouts. */
  private queries = 0;
  /**
   * Layouts dropped as idle, kept for storylines that need one again: as many are laid out
   * afresh as are dropped (~0.3 per article), and each fresh one was ~12 KB of typed arrays
   * that lived long enough to die in old space.
   */
  private readonly spareLayouts: ProfileLayout[] = [];

  constructor(private readonly windowMs: number) {}

  has(storylineId: string): boolean {
    return this.byId.has(storylineId);
  }

  /**
   * The keys of two weighed channels, most distinctive first (weight relative to the
   * channel's norm, ties to the smaller key, then to the earlier channel), into `topKeys` and
   * `topWeights`; returns how many (at most `limit`). A bounded insertion: no sort of them
   * all, nor an array or object per key.
   */
  private distinctive(first: Weighted, second: Weighted, limit: number): number {
    return this.rank(second, limit, this.rank(first, limit, 0));
  }

  /** Ranks the channel's keys among the first `count` ranked (an equal one stays after them); returns the new count. */
  private rank({ keys, w, n }: Weighted, limit: number, count: number): number {
    const by = n || 1;
    for (let i = 0; i < keys.length; i++) count = insertRanked(this.topKeys, this.topWeights, count, limit, keys[i]!, w[i]! / by);
    return count;
  }

  /** Storylines that share distinctive keys with the vector, most promising first. */
  candidates(query: StoryQuery, at: number): string[] {
    const { ballot, topKeys, topWeights } = this;
    ballot.clear();
    const top = this.distinctive(query.terms, query.entities, QUERY_TERMS);
    for (let k = 0; k < top; k++) {
      const list = this.postings.get(topKeys[k]!);
      if (!list) continue;
      const weight = topWeights[k]!;
      let seen = 0;
      // Once per key: a storyline that used the key in many articles is no likelier the one.
      for (let p = list.length - 1; p >= 0 && seen < SCAN_PER_TERM; p--, seen++) ballot.vote(list[p]!, k, weight);
    }
    // Storylines out of the window (evicted ones are at -Infinity) are dropped as they come to rank: votes
    // are per slot, so those they got change no other's. Read per posting, `movedAt` was a cache miss each.
    this.candidatesAt = at;
    return mostVoted(ballot.slots.subarray(0, ballot.size), ballot.votes, MAX_CANDIDATES, this.inWindow).map((slot) => this.bySlot[slot]!.id);
  }

  /** The storyline's profiles laid out, each weighed anew once the corpus has grown by IDF_REFRESH since it was. */
  private weighedProfiles(s: StoryState): ProfileLayout {
    if (s.latest.length > 0) s.centroid ??= this.centroidOf(s);
    if (s.moved || !s.layout) {
      const { profiles, from, given } = this;
      profiles.length = 0;
      profiles.push(s.first);
      for (const v of s.latest) profiles.push(v);
      if (s.centroid) profiles.push(s.centroid);
      for (let p = 0; p < profiles.length; p++) {
        from[p] = s.layout ? laidOutAt(s.layout, profiles[p]!) : -1;
        // New profiles are weighed now, so that the layout writes their weights as it merges them.
        given[p] = from[p]! < 0 ? this.weighInto(this.profileWeights[p]!, profiles[p]!) : null;
      }
      from.length = profiles.length;
      given.length = profiles.length;
      if (s.layout) s.layout.relayout(profiles, from, given);
      else {
        // A spare's rows are not carried over: every `from` is -1 for a storyline without a layout.
        const spare = this.spareLayouts.pop();
        if (spare) spare.relayout(profiles, from, given);
        s.layout = spare ?? new ProfileLayout(profiles, null, from, given);
      }
      profiles.length = 0;
      given.fill(null);
      s.moved = false;
    }
    const layout = s.layout;
    for (let p = 0; p < layout.size; p++) {
      const docs = layout.weighedAt(p);
      if (docs !== null && this.df.size <= docs * (1 + IDF_REFRESH) + 1) continue;
      const w = this.weighInto(this.profileWeights[0]!, layout.vector(p));
      layout.setWeights(p, w.terms, w.termNorm, w.entities, w.entityNorm, w.docs);
    }
    return layout;
  }

  /** One channel weighed with the IDF of the moment. */
  private weighed(v: SparseVector): Weighted {
    const w = new Float32Array(v.keys.length);
    this.df.weigh(v, w);
    return { keys: v.keys, w, n: norm(w) };
  }

  /** One channel weighed with the IDF of the moment into `into` (its `w` grown when too small). */
  private weighedInto(into: Weighted, v: SparseVector): Weighted {
    into.w = roomy(into.w, v.keys.length);
    into.keys = v.keys;
    this.df.weigh(v, into.w);
    into.n = norm(into.w, v.keys.length);
    return into;
  }

  /** A profile weighed with the IDF of the moment, into `into` (valid until it is reused). */
  private weighInto(into: ProfileWeights, v: StoryVector): ProfileWeights {
    into.terms = roomy(into.terms, v.terms.keys.length);
    into.entities = roomy(into.entities, v.entities.keys.length);
    this.df.weigh(v.terms, into.terms);
    this.df.weigh(v.entities, into.entities);
    into.termNorm = norm(into.terms, v.terms.keys.length);
    into.entityNorm = norm(into.entities, v.entities.keys.length);
    into.docs = this.df.size;
    return into;
  }

  /** The vector weighed and indexed for `candidates`, `score` and `best`. */
  query(vector: StoryVector): StoryQuery {
    this.queries++;
    const terms = this.weighed(vector.terms);
    const entities = this.weighed(vector.entities);
    return { vector, terms, entities };
  }

  /** Fills the query tables with the query's channels, unless they hold them already. */
  private fillTables(query: StoryQuery): void {
    if (this.tablesOf === query) return;
    this.termTable.fill(query.terms.keys, query.terms.w);
    this.entityTable.fill(query.entities.keys, query.entities.w);
    this.tablesOf = query;
  }

  /**
   * Similarity of the query to one storyline. With `floor`, a profile whose score cannot
   * reach it (decayed) is not scored in full, so the result is exact only when it reaches
   * `floor`: `best` uses this to skip most of the work on candidates that cannot win.
   */
  score(query: StoryQuery, storylineId: string, at: number, floor = -Infinity): StorylineMatch | null {
    const s = this.byId.get(storylineId);
    if (!s) return null;
    const decay = timeDecay((at - s.updatedAt) / DAY);
    // The best profile so far, in locals: one object for the result, none per improvement.
    let bestScore = 0;
    let bestTerms = 0;
    let bestEntities = 0;
    // Every profile is weighed, scored or not: the IDF refresh must not depend on which profiles were scored.
    s.scoredAt = this.queries;
    const layout = this.weighedProfiles(s);
    const { termDots, entityDots, shared } = this;
    this.fillTables(query);
    layout.termDots(this.termTable, termDots);
    let top = 0;
    for (let p = 0; p < layout.size; p++) {
      const termNorm = layout.termNorm(p);
      termDots[p] = query.terms.n === 0 || termNorm === 0 ? 0 : termDots[p]! / (query.terms.n * termNorm);
      if (termDots[p]! > top) top = termDots[p]!;
    }
    // The blend grows with the terms: when the best terms with a perfect name match cannot reach `floor`, no profile can.
    if (top === 0 || blend(top, ENTITY_BOUND, true) * decay < floor) return { storylineId, cosine: 0, score: 0, terms: 0, entities: 0 };
    layout.dots(ENTITIES, this.entityTable, entityDots, shared);
    for (let p = 0; p < layout.size; p++) {
      const terms = termDots[p]!;
      if (terms === 0) continue;
      const termsFactor = Math.pow(terms, TERMS_EXPONENT);
      // Without shared words the blend is 0 and cannot beat `best`; with them, at most their blend with a perfect name match.
      if (blendWith(termsFactor, terms, ENTITY_BOUND) * decay < floor) continue;
      const entityCount = layout.entityCount(p);
      const entityNorm = layout.entityNorm(p);
      const c = query.entities.n === 0 || entityNorm === 0 ? 0 : entityDots[p]! / (query.entities.n * entityNorm);
      const entities = shared[p]! >= 2 ? c : c * SINGLE_NAME;
      const blended = query.vector.entities.keys.length > 0 && entityCount > 0 ? blendWith(termsFactor, terms, entities) : terms;
      // A protagonist conflict only lowers the score: one that cannot beat `best` without it is not looked into.
      if (!(blended > bestScore)) continue;
      const m = layout.vector(p);
      const conflict = disjoint(query.vector.protagonists, m.entities.keys) && disjoint(m.protagonists, query.vector.entities.keys);
      const score = blended * (conflict ? PROTAGONIST_CONFLICT : 1);
      if (score > bestScore) {
        bestScore = score;
        bestTerms = terms;
        bestEntities = entities;
      }
    }
    return { storylineId, cosine: bestScore, score: bestScore * decay, terms: bestTerms, entities: bestEntities };
  }

  /** The best-scoring of the candidate storylines, if any. Ties go to the most recently updated. */
  best(query: StoryQuery, candidates: readonly string[], at: number): StorylineMatch | null {
    let best: StorylineMatch | null = null;
    for (const id of candidates) {
      // A candidate that can only tie the best so far is still scored in full: ties are decided by recency.
      const m = this.score(query, id, at, best?.score);
      if (!m) continue;
      if (!best || m.score > best.score || (m.score === best.score && this.byId.get(id)!.updatedAt > this.byId.get(best.storylineId)!.updatedAt)) best = m;
    }
    return best;
  }

  /** The storyline's centroid, its arrays in buffers of its sums: valid until the sums' next `top`, which only comes after it moves. */
  private centroidOf(s: StoryState): StoryVector {
    const sums = s.sums!;
    return { terms: sums.terms.top(CENTROID_KEYS), entities: sums.entities.top(CENTROID_KEYS), protagonists: s.protagonists };
  }

  /** Records an article (not a duplicate) as a member of a storyline, creating it if new. */
  add(storylineId: string, vector: StoryVector, at: number): void {
    let s = this.byId.get(storylineId);
    if (!s) {
      s = { id: storylineId, slot: this.bySlot.length, first: vector, latest: [], sums: null, centroid: null, layout: null, moved: true, scoredAt: this.queries, protagonists: new Uint32Array(0), updatedAt: at };
      this.bySlot.push(s);
      this.byId.set(storylineId, s);
      if (this.movedAt.length < this.bySlot.length) this.growSlots();
    } else {
      s.latest.push(vector);
      if (s.latest.length > LATEST_MEMBERS) s.latest.shift();
      s.updatedAt = Math.max(s.updatedAt, at);
    }
    this.movedAt[s.slot] = s.updatedAt;
    if (s.latest.length > 0) addToCentroid(s, vector);
    s.centroid = null;
    s.moved = true;
    s.protagonists = withProtagonists(s.protagonists, vector.protagonists);
    this.df.add(vector.terms, vector.entities);
    const indexed = this.distinctive(this.weighedInto(this.addedTerms, vector.terms), this.weighedInto(this.addedEntities, vector.entities), INDEX_TERMS);
    for (let k = 0; k < indexed; k++) {
      const key = this.topKeys[k]!;
      const list = this.postings.listOf(key);
      if (list[list.length - 1] !== s.slot) list.push(s.slot);
      // Only the newest SCAN_PER_TERM entries are ever read: a list keeps them and at most as many older ones, trimmed in one splice.
      if (list.length > SCAN_PER_TERM * 2) list.splice(0, list.length - SCAN_PER_TERM);
    }
  }

  /** Room for twice the slots in use: the new ones never moved (-Infinity). */
  private growSlots(): void {
    const grown = new Float64Array(this.bySlot.length * 2).fill(-Infinity);
    grown.set(this.movedAt);
    this.movedAt = grown;
  }

  /** Forgets storylines that have not moved since `cutoff` (ms), and the layouts of those not scored for a while. */
  evictBefore(cutoff: number): void {
    for (const [id, s] of this.byId) {
      if (s.updatedAt >= cutoff) {
        if (s.layout && this.queries - s.scoredAt > IDLE_QUERIES) {
          if (this.spareLayouts.length < SPARE_LAYOUTS) this.spareLayouts.push(s.layout);
          s.layout = null;
          s.centroid = null;
          s.sums?.terms.releaseTop();
          s.sums?.entities.releaseTop();
        }
        continue;
      }
      this.byId.delete(id);
      this.bySlot[s.slot] = null;
      this.movedAt[s.slot] = -Infinity;
    }
  }

  get storylineCount(): number {
    return this.byId.size;
  }
}
