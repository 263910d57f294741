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
import { DocumentFrequency } from './document-frequency.js';
import { ENTITIES, ProfileLayout, QueryTable, type ProfileWeights } from './profile-layout.js';
import { KeyLookup, norm, SparseSum, weigh, type SparseVector } from './sparse.js';
import type { StoryVector } from './story-vector.js';

const DAY = 86_400_000;
/** Query keys looked up in the index, most distinctive first (under 255: `voted` holds a key index in a byte). */
const QUERY_TERMS = 16;
/** Most recent postings read per query key. */
const SCAN_PER_TERM = 96;
/**
 * Candidates scored in full. Votes count each storyline once per key, so the story an
 * article continues is nearly always among the first few: on the synthetic stream 12 keep
 * the recall 40 had (0.990), and fewer candidates mean fewer chance merges.
 */
const MAX_CANDIDATES = 12;
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
/** Stored profiles re-weigh their IDF once the corpus has grown by this share. */
const IDF_REFRESH = 0.05;

/** One channel weighed by IDF: its keys, their weights and the weights' norm (no further indirection: read per candidate). */
interface Weighted {
  keys: Uint32Array;
  w: Float32Array;
  n: number;
}

/** One channel of a query: weighed once, its keys in a lookup for scoring against many profiles. */
interface QueryChannel extends Weighted {
  lookup: KeyLookup;
}

/**
 * An article's vector prepared for placement: weighed with the IDF of the moment (the
 * index does not change while an article is analysed) and laid out for fast comparisons.
 */
export interface StoryQuery {
  vector: StoryVector;
  terms: Weighted;
  entities: QueryChannel;
}

interface StoryState {
  id: string;
  slot: number;
  first: StoryVector;
  latest: StoryVector[];
  centroidTerms: SparseSum;
  centroidEntities: SparseSum;
  centroid: StoryVector | null;
  /** The profiles as last laid out for scoring (first, latest, centroid), and their layout. */
  profiles: StoryVector[];
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

/**
 * The `k` slots with the most votes, best first (ties to the lower slot): kept sorted as
 * they come, so hundreds of touched slots are not all sorted for a dozen.
 */
export function mostVoted(slots: readonly number[], votes: Float64Array, k: number): number[] {
  const out: number[] = [];
  const before = (a: number, b: number): boolean => votes[a]! > votes[b]! || (votes[a] === votes[b] && a < b);
  for (const slot of slots) {
    if (out.length === k) {
      if (k === 0 || !before(slot, out[k - 1]!)) continue;
      out.pop();
    }
    let i = out.length;
    while (i > 0 && before(slot, out[i - 1]!)) i--;
    out.splice(i, 0, slot);
  }
  return out;
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

/** Adds v scaled to unit norm. */
function addScaled(into: SparseSum, v: SparseVector): void {
  const n = norm(v.values);
  if (n !== 0) into.add(v, n);
}

export class StorylineIndex {
  readonly df = new DocumentFrequency();
  private readonly bySlot: Array<StoryState | null> = [];
  private readonly byId = new Map<string, StoryState>();
  private readonly postings = new Map<number, number[]>();
  /** Scratch for `score`: per profile, the query's dot products and the entity keys in common. */
  private readonly termDots = new Float64Array(MAX_PROFILES);
  private readonly entityDots = new Float64Array(MAX_PROFILES);
  private readonly shared = new Int32Array(MAX_PROFILES);
  /** The term channel of the query last scored, for the term pass (one table, refilled per query). */
  private readonly table = new QueryTable();
  private tableOf: StoryQuery | null = null;
  /** Per slot, for `candidates`: when the storyline last moved (-Infinity once evicted), read without touching its state. */
  private updatedAt = new Float64Array(0);
  /** Scratch for `candidates`, per slot: the votes, and 1 + the index of the last key that voted for it (0: none yet). */
  private votes = new Float64Array(0);
  private voted = new Uint8Array(0);
  /** Queries made so far: the index's clock for dropping idle layouts. */
  private queries = 0;

  constructor(private readonly windowMs: number) {}

  private idf = (key: number): number => this.df.idf(key);

  has(storylineId: string): boolean {
    return this.byId.has(storylineId);
  }

  /**
   * The keys of weighed channels, most distinctive first (weight relative to the channel's
   * norm, ties to the smaller key, then to the earlier channel): the first `limit` picked by
   * selection, no sort of them all nor an object per key.
   */
  private distinctive(channels: readonly Weighted[], limit: number): { keys: number[]; weights: number[] } {
    const keys: number[] = [];
    const weights: number[] = [];
    for (const { keys: k, w, n } of channels) for (let i = 0; i < k.length; i++) keys.push(k[i]!), weights.push(w[i]! / (n || 1));
    const taken = new Uint8Array(keys.length);
    const out = { keys: [] as number[], weights: [] as number[] };
    while (out.keys.length < Math.min(limit, keys.length)) {
      let top = -1;
      for (let i = 0; i < keys.length; i++) {
        if (taken[i] || (top >= 0 && (weights[i]! < weights[top]! || (weights[i] === weights[top] && keys[i]! >= keys[top]!)))) continue;
        top = i;
      }
      taken[top] = 1;
      out.keys.push(keys[top]!);
      out.weights.push(weights[top]!);
    }
    return out;
  }

  /** Storylines that share distinctive keys with the vector, most promising first. */
  candidates(query: StoryQuery, at: number): string[] {
    const { votes, voted, updatedAt } = this;
    const touched: number[] = [];
    const top = this.distinctive([query.terms, query.entities], QUERY_TERMS);
    for (let k = 0; k < top.keys.length; k++) {
      const list = this.postings.get(top.keys[k]!);
      if (!list) continue;
      const weight = top.weights[k]!;
      let seen = 0;
      for (let p = list.length - 1; p >= 0 && seen < SCAN_PER_TERM; p--, seen++) {
        const slot = list[p]!;
        // Evicted slots are at -Infinity.
        if (at - updatedAt[slot]! > this.windowMs) continue;
        if (voted[slot] === 0) {
          votes[slot] = 0;
          touched.push(slot);
        } else if (voted[slot] === k + 1) continue;
        // Once per key: a storyline that used the key in many articles is no likelier the one.
        voted[slot] = k + 1;
        votes[slot] = votes[slot]! + weight;
      }
    }
    for (const slot of touched) voted[slot] = 0;
    return mostVoted(touched, votes, MAX_CANDIDATES).map((slot) => this.bySlot[slot]!.id);
  }

  /** The storyline's profiles laid out, each weighed anew once the corpus has grown by IDF_REFRESH since it was. */
  private weighedProfiles(s: StoryState): ProfileLayout {
    if (s.latest.length > 0) s.centroid ??= this.centroidOf(s);
    if (s.moved || !s.layout) {
      const profiles = [s.first, ...s.latest];
      if (s.centroid) profiles.push(s.centroid);
      const from = profiles.map((v) => (s.layout ? s.profiles.indexOf(v) : -1));
      // New profiles are weighed now, so that the layout writes their weights as it merges them.
      const weights = profiles.map((v, p) => (from[p]! < 0 ? this.weights(v) : null));
      s.layout = new ProfileLayout(profiles, s.layout, from, weights);
      s.profiles = profiles;
      s.moved = false;
    }
    const layout = s.layout;
    for (let p = 0; p < layout.size; p++) {
      const docs = layout.weighedAt(p);
      if (docs !== null && this.df.size <= docs * (1 + IDF_REFRESH) + 1) continue;
      const w = this.weights(s.profiles[p]!);
      layout.setWeights(p, w.terms, w.termNorm, w.entities, w.entityNorm, w.docs);
    }
    return layout;
  }

  /** One channel weighed with the IDF of the moment. */
  private weighed(v: SparseVector): Weighted {
    const w = weigh(v, this.idf);
    return { keys: v.keys, w, n: norm(w) };
  }

  /** A profile weighed with the IDF of the moment. */
  private weights(v: StoryVector): ProfileWeights {
    const terms = this.weighed(v.terms);
    const entities = this.weighed(v.entities);
    return { terms: terms.w, termNorm: terms.n, entities: entities.w, entityNorm: entities.n, docs: this.df.size };
  }

  /** The vector weighed and indexed for `candidates`, `score` and `best`. */
  query(vector: StoryVector): StoryQuery {
    this.queries++;
    const terms = this.weighed(vector.terms);
    const entities = this.weighed(vector.entities);
    return { vector, terms, entities: { ...entities, lookup: new KeyLookup(entities.keys) } };
  }

  private termTable(query: StoryQuery): QueryTable {
    if (this.tableOf !== query) {
      this.table.fill(query.terms.keys, query.terms.w);
      this.tableOf = query;
    }
    return this.table;
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
    let best = { score: 0, terms: 0, entities: 0 };
    // Every profile is weighed, scored or not: the IDF refresh must not depend on which profiles were scored.
    s.scoredAt = this.queries;
    const layout = this.weighedProfiles(s);
    const { termDots, entityDots, shared } = this;
    layout.termDots(this.termTable(query), termDots);
    let top = 0;
    for (let p = 0; p < layout.size; p++) {
      const termNorm = layout.termNorm(p);
      termDots[p] = query.terms.n === 0 || termNorm === 0 ? 0 : termDots[p]! / (query.terms.n * termNorm);
      if (termDots[p]! > top) top = termDots[p]!;
    }
    // The blend grows with the terms: when the best terms with a perfect name match cannot reach `floor`, no profile can.
    if (top === 0 || blend(top, ENTITY_BOUND, true) * decay < floor) return { storylineId, cosine: 0, score: 0, terms: 0, entities: 0 };
    layout.dots(ENTITIES, query.entities.lookup, query.entities.w, entityDots, shared);
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
      if (!(blended > best.score)) continue;
      const m = s.profiles[p]!;
      const conflict = disjoint(query.vector.protagonists, m.entities.keys) && disjoint(m.protagonists, query.vector.entities.keys);
      const score = blended * (conflict ? PROTAGONIST_CONFLICT : 1);
      if (score > best.score) best = { score, terms, entities };
    }
    return { storylineId, cosine: best.score, score: best.score * decay, terms: best.terms, entities: best.entities };
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

  private centroidOf(s: StoryState): StoryVector {
    return { terms: s.centroidTerms.top(CENTROID_KEYS), entities: s.centroidEntities.top(CENTROID_KEYS), protagonists: s.protagonists };
  }

  /** Records an article (not a duplicate) as a member of a storyline, creating it if new. */
  add(storylineId: string, vector: StoryVector, at: number): void {
    let s = this.byId.get(storylineId);
    if (!s) {
      s = { id: storylineId, slot: this.bySlot.length, first: vector, latest: [], centroidTerms: new SparseSum(), centroidEntities: new SparseSum(), centroid: null, profiles: [], layout: null, moved: true, scoredAt: this.queries, protagonists: new Uint32Array(0), updatedAt: at };
      this.bySlot.push(s);
      this.byId.set(storylineId, s);
      if (this.updatedAt.length < this.bySlot.length) {
        const grown = new Float64Array(this.bySlot.length * 2).fill(-Infinity);
        grown.set(this.updatedAt);
        this.updatedAt = grown;
        this.votes = new Float64Array(grown.length);
        this.voted = new Uint8Array(grown.length);
      }
    } else {
      s.latest.push(vector);
      if (s.latest.length > LATEST_MEMBERS) s.latest.shift();
      s.updatedAt = Math.max(s.updatedAt, at);
    }
    this.updatedAt[s.slot] = s.updatedAt;
    addScaled(s.centroidTerms, vector.terms);
    addScaled(s.centroidEntities, vector.entities);
    // Bounded memory: prune the centroid back to its strongest keys now and then.
    for (const sum of [s.centroidTerms, s.centroidEntities]) if (sum.size > CENTROID_KEYS * 2) sum.prune(CENTROID_KEYS);
    s.centroid = null;
    s.moved = true;
    s.protagonists = withProtagonists(s.protagonists, vector.protagonists);
    this.df.add(vector.terms, vector.entities);
    for (const key of this.distinctive([this.weighed(vector.terms), this.weighed(vector.entities)], INDEX_TERMS).keys) {
      let list = this.postings.get(key);
      if (!list) {
        list = [];
        this.postings.set(key, list);
      }
      if (list[list.length - 1] !== s.slot) list.push(s.slot);
      // Only the newest entries are ever scanned: keep lists bounded.
      if (list.length > SCAN_PER_TERM * 4) list.splice(0, list.length - SCAN_PER_TERM * 2);
    }
  }

  /** Forgets storylines that have not moved since `cutoff` (ms), and the layouts of those not scored for a while. */
  evictBefore(cutoff: number): void {
    for (const [id, s] of this.byId) {
      if (s.updatedAt >= cutoff) {
        if (s.layout && this.queries - s.scoredAt > IDLE_QUERIES) {
          s.layout = null;
          s.profiles = [];
          s.centroid = null;
        }
        continue;
      }
      this.byId.delete(id);
      this.bySlot[s.slot] = null;
      this.updatedAt[s.slot] = -Infinity;
    }
  }

  get storylineCount(): number {
    return this.byId.size;
  }
}
