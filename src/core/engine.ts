/**
 * The story engine: decides for each incoming item whether it is a copy of something
 * already seen, a follow-up in an existing storyline, or a new story. `analyse` only
 * decides; `remember` commits after the store accepted the article, so a failed write
 * never leaves the engine ahead of the database. Pure: time comes from the items.
 */
import type { EntityConfig, TopicConfig } from '../config/schema.js';
import { articleFeatures, type ArticleFeatures } from './article-features.js';
import { canonicalUrl } from './canonical-url.js';
import { EntityMatcher } from './entities.js';
import { ExactIndex, exactDigests, guidKey, titleKey, type ExactDigests } from './exact-index.js';
import { stableHash } from './hash.js';
import { estimateContainment, estimateJaccard } from './minhash.js';
import { MIN_SHINGLES, NearDuplicateIndex } from './near-duplicate.js';
import { SentenceMemory } from './sentence-memory.js';
import { StorylineIndex, type StoryQuery } from './storyline-index.js';
import { Coverage, sentenceKeys, whatsNewFromCoverage } from './summary.js';
import { normaliseTitle } from './text.js';
import { TopicTagger } from './topics.js';
import type { Article, DuplicateReason, IncomingItem, Placement, Storyline } from './types.js';

export interface StoryEngineOptions {
  topics: TopicConfig[];
  entities: EntityConfig[];
  duplicateThreshold: number;
  storylineThreshold?: number;
  windowDays: number;
}

export interface Analysis {
  article: Article;
  placement: Placement;
  /** New, or the existing one updated with this article. */
  storyline: Storyline;
}

/**
 * Decayed story similarity at which an article joins a storyline. The labeled fixtures score
 * the same from 0.18 to 0.25; the top of that range, because merges of one company's
 * unrelated news are the errors seen on other articles (see test/fixtures/README.md).
 */
export const DEFAULT_STORYLINE_THRESHOLD = 0.25;
/**
 * Signatures are kept this long at most: copies appear within days of the original (within a
 * day in the labeled fixtures), and each day kept costs ~1.7 KB per article of the day.
 */
const NEAR_DUP_WINDOW_DAYS = 14;
/** A containment or short-text copy must also be this similar as a story. */
const SAME_STORY_MIN = 0.25;
/** Storylines whose members are offered to the near-duplicate check besides LSH. */
const NEAR_DUP_STORYLINES = 4;
/** Recent members remembered per storyline (near-duplicate candidates, "what's new"). */
const MEMBERS_PER_STORYLINE = 8;
const SENTENCE_MEMORY = 20_000;
const MAX_STORYLINE_ENTITIES = 16;
/** Storyline titles whose keys are kept for "what's new" (storylines with recent follow-ups). */
const TITLE_KEYS_CACHED = 4096;
const DAY = 86_400_000;

interface Prepared {
  article: Article;
  at: number;
  features: ArticleFeatures;
  exactKeys: ExactDigests;
}

interface ArticleInfo {
  storylineId: string;
  rootId: string;
  at: number;
}

function timeOf(iso: string): number {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? 0 : t;
}

export class StoryEngine {
  private readonly entities: EntityMatcher;
  private readonly tagger: TopicTagger;
  private readonly angleTopics: Map<string, string[]>;
  private readonly duplicateThreshold: number;
  private readonly storylineThreshold: number;
  private readonly windowMs: number;

  private readonly exact = new ExactIndex();
  private readonly near: NearDuplicateIndex;
  private readonly stories: StorylineIndex;
  private readonly sentences = new SentenceMemory(SENTENCE_MEMORY);
  private readonly articles = new Map<string, ArticleInfo>();
  /** Ids in commit order, for the sweep (their times are in `articles`: no object per article here). */
  private readonly articleQueue: string[] = [];
  private articleHead = 0;
  private readonly storylines = new Map<string, Storyline>();
  private readonly members = new Map<string, string[]>();
  private readonly prepared = new WeakMap<Analysis, Prepared>();
  /** Scratch for `findDuplicate`: the member ids offered to the near-duplicate check besides LSH. */
  private readonly extraCandidates: string[] = [];
  /** One Coverage for every follow-up's "what's new": its lists grow once instead of per follow-up. */
  private readonly coverage = new Coverage();
  private readonly addEarlierSentence = (keys: Uint32Array, from: number, to: number): void => this.coverage.addKeys(keys, from, to);
  /** Storyline titles' keys, by title (a bounded cache: cleared when full). */
  private readonly storylineTitleKeys = new Map<string, Uint32Array>();
  private now = 0;
  private lastSweep = 0;

  constructor(opts: StoryEngineOptions) {
    this.entities = new EntityMatcher(opts.entities);
    this.tagger = new TopicTagger(opts.topics);
    this.angleTopics = new Map(opts.topics.filter((t) => t.angles).map((t) => [t.id, Object.values(t.angles!).flat()]));
    this.duplicateThreshold = opts.duplicateThreshold;
    this.storylineThreshold = opts.storylineThreshold ?? DEFAULT_STORYLINE_THRESHOLD;
    this.windowMs = opts.windowDays * DAY;
    this.near = new NearDuplicateIndex(this.duplicateThreshold, Math.min(this.windowMs, NEAR_DUP_WINDOW_DAYS * DAY));
    this.stories = new StorylineIndex(this.windowMs);
  }

  /** Decides what the item is. Does not change the engine's state. */
  analyse(item: IncomingItem): Analysis {
    const p = this.prepare(item);
    const { article, at, features } = p;

    const query = this.stories.query(features.vector);
    const candidates = this.stories.candidates(query, at);
    const duplicate = this.findDuplicate(p, query, candidates);
    // A copy takes its original's storyline: scoring the candidates (a quarter of placing an article) would be thrown away.
    const best = duplicate ? null : this.stories.best(query, candidates, at);
    let placement: Placement;
    let storyline: Storyline;

    if (duplicate) {
      const storylineId = this.articles.get(duplicate.rootId)?.storylineId ?? this.articles.get(duplicate.articleId)?.storylineId ?? `s-${duplicate.rootId}`;
      placement = { kind: 'duplicate', storylineId, duplicateOf: duplicate.rootId, duplicateReason: duplicate.reason, similarity: duplicate.similarity, angleChanged: false };
      storyline = this.storylines.get(storylineId) ?? this.newStoryline(storylineId, article);
    } else if (best && best.score >= this.storylineThreshold && this.storylines.has(best.storylineId)) {
      const previous = this.storylines.get(best.storylineId)!;
      const angleChanged = Object.entries(article.angles).some(([topic, angle]) => previous.angles[topic] !== undefined && previous.angles[topic] !== angle);
      placement = { kind: 'follow-up', storylineId: previous.id, duplicateOf: null, duplicateReason: null, similarity: round(best.score), angleChanged };
      storyline = this.extendStoryline(previous, article);
      article.whatsNew = this.whatsNew(p, previous);
    } else {
      const storylineId = `s-${article.id}`;
      placement = { kind: 'story', storylineId, duplicateOf: null, duplicateReason: null, similarity: null, angleChanged: false };
      storyline = this.newStoryline(storylineId, article);
    }

    article.storylineId = placement.storylineId;
    article.duplicateOf = placement.duplicateOf;
    article.duplicateReason = placement.duplicateReason;
    article.similarity = placement.similarity;
    const analysis: Analysis = { article, placement, storyline };
    this.prepared.set(analysis, p);
    return analysis;
  }

  /** Commits an analysed article (after the store accepted it). */
  remember(analysis: Analysis): void {
    const p = this.prepared.get(analysis) ?? this.prepareStored(analysis.article);
    // Dropped now, not when the analysis dies: an entry of a WeakMap (old space) keeps the
    // article's features alive through scavenges, so ~20 KB per article reached old space.
    this.prepared.delete(analysis);
    this.commit(p, analysis.article, analysis.storyline);
  }

  /** Rebuilds the indexes from stored articles (oldest first) and their storylines. */
  restore(articles: Article[], storylines: Storyline[]): void {
    for (const s of storylines) this.storylines.set(s.id, s);
    const sorted = [...articles].sort((a, b) => timeOf(a.published) - timeOf(b.published) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    for (const a of sorted) this.commit(this.prepareStored(a), a, this.storylines.get(a.storylineId) ?? null);
  }

  private prepare(item: IncomingItem): Prepared {
    const canonical = canonicalUrl(item.url);
    const published = item.published ?? item.firstSeen;
    const id = item.id ?? `a-${stableHash(`${item.source}\n${item.guid ?? canonical}`)}`;
    const features = articleFeatures(item.title, item.text, { entities: this.entities, topics: this.tagger });
    const article: Article = {
      id,
      feedId: item.feedId,
      source: item.source,
      guid: item.guid,
      url: item.url,
      canonicalUrl: canonical,
      title: item.title,
      text: item.text,
      published,
      firstSeen: item.firstSeen,
      summary: features.summary,
      topics: features.topics,
      entities: features.entities,
      angles: features.angles,
      storylineId: '',
      duplicateOf: null,
      duplicateReason: null,
      similarity: null,
      whatsNew: [],
      suppressed: null,
    };
    const exactKeys = exactDigests({
      guid: guidKey(item.feedId, item.source, item.guid),
      url: canonical,
      title: titleKey(item.source, normaliseTitle(item.title)),
    });
    return { article, at: timeOf(published), features, exactKeys };
  }

  private prepareStored(a: Article): Prepared {
    const p = this.prepare({ ...a, published: a.published });
    return { ...p, article: a };
  }

  /** `storylines`: the candidate storylines, most promising first (none when no storyline matched at all). */
  private findDuplicate(p: Prepared, query: StoryQuery, storylines: readonly string[]): { articleId: string; rootId: string; reason: DuplicateReason; similarity: number | null } | null {
    const fp = p.features.fingerprint;
    const exact = this.exact.find(p.exactKeys, (id) => this.sameText(fp, id));
    if (exact) return { ...exact, similarity: null };

    // Members of the most similar storylines are checked too: LSH misses a copy inside a longer roundup.
    const extra = this.extraCandidates;
    extra.length = 0;
    for (let i = 0; i < storylines.length && i < NEAR_DUP_STORYLINES; i++) {
      const members = this.members.get(storylines[i]!);
      if (members) for (const id of members) extra.push(id);
    }
    // Made on the first question only: most articles never ask.
    let storyScores: Map<string, number> | null = null;
    const sameStory = (articleId: string): boolean => {
      const sid = this.articles.get(articleId)?.storylineId;
      if (!sid) return false;
      storyScores ??= new Map();
      if (!storyScores.has(sid)) storyScores.set(sid, this.stories.score(query, sid, p.at)?.cosine ?? 0);
      return storyScores.get(sid)! >= SAME_STORY_MIN;
    };
    const match = this.near.find(fp, p.at, extra, sameStory)[0];
    if (!match) return null;
    return { articleId: match.articleId, rootId: match.rootId, reason: 'near-text', similarity: round(match.by === 'jaccard' ? match.jaccard : match.containment) };
  }

  /** A same-headline match is vetoed only when both texts are substantial and clearly different. */
  private sameText(fp: ArticleFeatures['fingerprint'], articleId: string): boolean {
    const stored = this.near.get(articleId);
    if (!stored || fp.shingles.length < MIN_SHINGLES) return true;
    return estimateJaccard(fp.signature, stored.signature) >= 0.2 || estimateContainment(stored.signature, fp.shingles) >= 0.5;
  }

  private whatsNew(p: Prepared, storyline: Storyline): string[] {
    const coverage = this.coverage;
    coverage.clear();
    coverage.addKeys(this.titleKeys(storyline.title));
    for (const id of this.members.get(storyline.id) ?? []) this.sentences.forEach(id, this.addEarlierSentence);
    const emphasis = p.features.topics.flatMap((t) => this.angleTopics.get(t) ?? []);
    return whatsNewFromCoverage(p.features.regions.sentences, coverage, {
      emphasis,
      subjects: p.features.keyEntities,
      sentenceKeys: p.features.sentenceKeys,
      termFrequencies: p.features.termFrequencies,
    });
  }

  /** `sentenceKeys` of a storyline title: read once per storyline rather than at each of its follow-ups. */
  private titleKeys(title: string): Uint32Array {
    let keys = this.storylineTitleKeys.get(title);
    if (!keys) {
      // Copied: a view of the keys' shared slab would keep all of it alive while cached.
      keys = sentenceKeys(title).slice();
      if (this.storylineTitleKeys.size >= TITLE_KEYS_CACHED) this.storylineTitleKeys.clear();
      this.storylineTitleKeys.set(title, keys);
    }
    return keys;
  }

  private newStoryline(id: string, a: Article): Storyline {
    return {
      id,
      title: a.title,
      topics: [...a.topics],
      entities: a.entities.slice(0, MAX_STORYLINE_ENTITIES),
      firstArticleId: a.id,
      startedAt: a.published,
      updatedAt: a.published,
      articleCount: 1,
      angles: { ...a.angles },
    };
  }

  private extendStoryline(s: Storyline, a: Article): Storyline {
    const later = timeOf(a.published) > timeOf(s.updatedAt);
    const earlier = timeOf(a.published) < timeOf(s.startedAt);
    return {
      ...s,
      topics: distinctUnion(s.topics, a.topics, Infinity),
      entities: distinctUnion(s.entities, a.entities, MAX_STORYLINE_ENTITIES),
      startedAt: earlier ? a.published : s.startedAt,
      updatedAt: later ? a.published : s.updatedAt,
      articleCount: s.articleCount + 1,
      angles: later || Object.keys(s.angles).length === 0 ? { ...s.angles, ...a.angles } : { ...a.angles, ...s.angles },
    };
  }

  private commit(p: Prepared, a: Article, storyline: Storyline | null): void {
    if (this.articles.has(a.id)) return;
    const isDuplicate = a.duplicateOf !== null;
    const rootId = a.duplicateOf ?? a.id;
    const at = p.at;
    this.now = Math.max(this.now, at);

    this.exact.add(a.id, rootId, at, p.exactKeys);
    this.near.add({ articleId: a.id, rootId, signature: p.features.fingerprint.signature, size: p.features.fingerprint.shingles.length, at });
    this.articles.set(a.id, { storylineId: a.storylineId, rootId, at });
    this.articleQueue.push(a.id);
    if (storyline) this.storylines.set(storyline.id, storyline);

    const list = this.members.get(a.storylineId) ?? [];
    list.push(a.id);
    if (list.length > MEMBERS_PER_STORYLINE) list.shift();
    this.members.set(a.storylineId, list);
    if (!isDuplicate) {
      this.stories.add(a.storylineId, p.features.vector, at);
      this.sentences.set(a.id, p.features.sentenceKeys);
    }
    if (this.now - this.lastSweep >= DAY) this.sweep();
  }

  /** Forgets what fell out of the time windows; runs at most once per day of data time. */
  private sweep(): void {
    this.lastSweep = this.now;
    const cutoff = this.now - this.windowMs;
    this.exact.evictBefore(cutoff);
    this.near.evictBefore(this.now - Math.min(this.windowMs, NEAR_DUP_WINDOW_DAYS * DAY));
    this.stories.evictBefore(cutoff);
    while (this.articleHead < this.articleQueue.length) {
      const id = this.articleQueue[this.articleHead]!;
      const info = this.articles.get(id);
      if (info && info.at >= cutoff) break;
      this.articleHead++;
      this.articles.delete(id);
      if (info && !this.stories.has(info.storylineId)) {
        this.storylines.delete(info.storylineId);
        this.members.delete(info.storylineId);
      }
    }
    if (this.articleHead > 4096 && this.articleHead * 2 > this.articleQueue.length) {
      this.articleQueue.splice(0, this.articleHead);
      this.articleHead = 0;
    }
  }
}

/**
 * The first `limit` distinct items of `first` then `second`, in that order (what a Set of both
 * gives, cut to `limit`): the lists are short, so a scan of the result beats building Sets,
 * and it stops once `limit` is reached.
 */
function distinctUnion(first: readonly string[], second: readonly string[], limit: number): string[] {
  const out: string[] = [];
  for (const list of [first, second]) {
    for (let i = 0; i < list.length && out.length < limit; i++) if (!out.includes(list[i]!)) out.push(list[i]!);
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
