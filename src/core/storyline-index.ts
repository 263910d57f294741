/**
 * Which storyline an article continues. Candidates come from an inverted index (term or
 * entity -> storylines that used it prominently), scanned only for the query's most
 * distinctive terms and only over each posting list's most recent entries, so placing one
 * article costs the same at 100k stored articles as at 1k. Candidates are then scored by
 * TF-IDF cosine (entities and topics included) against the storyline's first and latest
 * articles, softened by a gentle decay with the time since the storyline last moved.
 */
import { DocumentFrequency } from './document-frequency.js';
import { cosine, norm, weigh, type SparseVector } from './sparse.js';

const DAY = 86_400_000;
/** Query terms looked up in the index, most distinctive first. */
const QUERY_TERMS = 14;
/** Most recent postings read per query term. */
const SCAN_PER_TERM = 96;
/** Candidates scored in full. */
const MAX_CANDIDATES = 40;
/** Terms of each article written to the index. */
const INDEX_TERMS = 24;
/** Members kept per storyline for scoring: the first article and the latest ones. */
const LATEST_MEMBERS = 5;
const DECAY_FLOOR = 0.6;
const DECAY_DAYS = 30;

interface Member {
  vector: SparseVector;
  at: number;
}

interface StoryState {
  id: string;
  slot: number;
  first: Member;
  latest: Member[];
  updatedAt: number;
}

export interface StorylineMatch {
  storylineId: string;
  /** Decayed similarity to the storyline (0..1). */
  score: number;
  /** Raw best cosine before decay. */
  cosine: number;
}

/** Similarity kept from a storyline that last moved `days` ago. */
export function timeDecay(days: number): number {
  return DECAY_FLOOR + (1 - DECAY_FLOOR) * Math.exp(-Math.abs(days) / DECAY_DAYS);
}

export class StorylineIndex {
  readonly df = new DocumentFrequency();
  private readonly bySlot: Array<StoryState | null> = [];
  private readonly byId = new Map<string, StoryState>();
  private readonly postings = new Map<number, number[]>();

  constructor(private readonly windowMs: number) {}

  private idf = (key: number): number => this.df.idf(key);

  has(storylineId: string): boolean {
    return this.byId.has(storylineId);
  }

  /** Storylines that share distinctive terms with the vector, most promising first. */
  candidates(vector: SparseVector, at: number): string[] {
    const weighted = weigh(vector, this.idf);
    const order = [...weighted.keys()].sort((a, b) => weighted[b]! - weighted[a]! || vector.keys[a]! - vector.keys[b]!);
    const votes = new Map<number, number>();
    for (const i of order.slice(0, QUERY_TERMS)) {
      const list = this.postings.get(vector.keys[i]!);
      if (!list) continue;
      const w = weighted[i]!;
      let seen = 0;
      for (let p = list.length - 1; p >= 0 && seen < SCAN_PER_TERM; p--, seen++) {
        const slot = list[p]!;
        const s = this.bySlot[slot];
        if (!s || at - s.updatedAt > this.windowMs) continue;
        votes.set(slot, (votes.get(slot) ?? 0) + w);
      }
    }
    return [...votes]
      .sort((a, b) => b[1] - a[1] || a[0] - b[0])
      .slice(0, MAX_CANDIDATES)
      .map(([slot]) => this.bySlot[slot]!.id);
  }

  /** Similarity of the vector to one storyline. */
  score(vector: SparseVector, storylineId: string, at: number): StorylineMatch | null {
    const s = this.byId.get(storylineId);
    if (!s) return null;
    const qv = weigh(vector, this.idf);
    const qn = norm(qv);
    let best = 0;
    for (const m of [s.first, ...s.latest]) {
      const mv = weigh(m.vector, this.idf);
      const c = cosine(vector, qv, qn, m.vector, mv, norm(mv));
      if (c > best) best = c;
    }
    const days = (at - s.updatedAt) / DAY;
    return { storylineId, cosine: best, score: best * timeDecay(days) };
  }

  /** The best-scoring candidate storyline, if any. Ties go to the most recently updated. */
  best(vector: SparseVector, at: number): StorylineMatch | null {
    let best: StorylineMatch | null = null;
    for (const id of this.candidates(vector, at)) {
      const m = this.score(vector, id, at);
      if (!m) continue;
      if (!best || m.score > best.score || (m.score === best.score && this.byId.get(id)!.updatedAt > this.byId.get(best.storylineId)!.updatedAt)) best = m;
    }
    return best;
  }

  /** Records an article (not a duplicate) as a member of a storyline, creating it if new. */
  add(storylineId: string, vector: SparseVector, at: number): void {
    let s = this.byId.get(storylineId);
    const member = { vector, at };
    if (!s) {
      s = { id: storylineId, slot: this.bySlot.length, first: member, latest: [], updatedAt: at };
      this.bySlot.push(s);
      this.byId.set(storylineId, s);
    } else {
      s.latest.push(member);
      if (s.latest.length > LATEST_MEMBERS) s.latest.shift();
      s.updatedAt = Math.max(s.updatedAt, at);
    }
    this.df.add(vector);
    const weighted = weigh(vector, this.idf);
    const order = [...weighted.keys()].sort((a, b) => weighted[b]! - weighted[a]! || vector.keys[a]! - vector.keys[b]!);
    for (const i of order.slice(0, INDEX_TERMS)) {
      const key = vector.keys[i]!;
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

  /** Forgets storylines that have not moved since `cutoff` (ms). */
  evictBefore(cutoff: number): void {
    for (const [id, s] of this.byId) {
      if (s.updatedAt >= cutoff) continue;
      this.byId.delete(id);
      this.bySlot[s.slot] = null;
    }
  }

  get storylineCount(): number {
    return this.byId.size;
  }
}
