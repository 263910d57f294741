/**
 * Everything the engine derives from one item's own text, before comparing it with
 * anything stored: regions, entities, topics, angles, summary, story vector, shingle
 * fingerprint. Pure and independent of engine state.
 */
import { stripBoilerplate } from './boilerplate.js';
import type { EntityMatcher } from './entities.js';
import { minhashSignature, shingleHashes } from './minhash.js';
import type { TextFingerprint } from './near-duplicate.js';
import { splitRegions, type ArticleRegions } from './regions.js';
import { storyVector, type StoryVector } from './story-vector.js';
import { sentenceKeys, summariseSentences, termFrequencies } from './summary.js';
import { isAscii, tokenize } from './text.js';
import { contentTerms } from './terms.js';
import { regionTokens, type RegionEntities, type TopicTagger } from './topics.js';

/** Sentences remembered per article for "what's new". */
const MAX_SENTENCES = 60;

export interface ArticleFeatures {
  regions: ArticleRegions;
  /** Canonical entity names, most prominent first (headline, then lead, then body by mentions). */
  entities: string[];
  /** Entities of headline and lead: the story's protagonists. */
  keyEntities: string[];
  topics: string[];
  angles: Record<string, string>;
  summary: string;
  vector: StoryVector;
  fingerprint: TextFingerprint;
  sentenceKeys: Uint32Array[];
  /** `termFrequencies` of the sentences: for the summary, and for "what's new" if a follow-up. */
  termFrequencies: ReadonlyMap<string, number>;
}

export interface FeatureMatchers {
  entities: EntityMatcher;
  topics: TopicTagger;
}

/**
 * `contentTerms` of sentences joined by spaces, from the sentences' own terms (which the
 * summary reads anyway). Only for ASCII: there normalising is a no-op and no word crosses
 * the joining space, so the terms are the same; otherwise undefined, for the caller to
 * take them from the joined text.
 */
function joinedTerms(joined: string, sentences: readonly string[]): readonly string[] | undefined {
  if (!isAscii(joined)) return undefined;
  return sentences.flatMap((s) => contentTerms(s));
}

function counts(list: ReturnType<EntityMatcher['find']>): Map<string, number> {
  return new Map(list.map((m) => [m.name, m.count]));
}

export function articleFeatures(title: string, text: string, m: FeatureMatchers): ArticleFeatures {
  const prose = stripBoilerplate(text);
  const regions = splitRegions(title, text, prose);
  const tokens = regionTokens(regions.title, regions.lead, regions.body);
  const found = { title: m.entities.find(tokens.title), lead: m.entities.find(tokens.lead), body: m.entities.find(tokens.body) };
  const entities: RegionEntities = { title: counts(found.title), lead: counts(found.lead), body: counts(found.body) };

  const keyEntities = [...new Set([...found.title, ...found.lead].map((e) => e.name))];
  const body = [...found.body].sort((a, b) => b.count - a.count || a.first - b.first).map((e) => e.name);
  const allEntities = [...new Set([...keyEntities, ...body])];

  const topics = m.topics.tag(tokens, entities);
  const angles = m.topics.angles(tokens, topics);
  const vector = storyVector({
    title: regions.title,
    lead: regions.lead,
    body: regions.body,
    entities,
    topics,
    angles,
    leadTerms: joinedTerms(regions.lead, regions.sentences.slice(0, regions.leadEnd)),
    bodyTerms: joinedTerms(regions.body, regions.sentences.slice(regions.leadEnd)),
  });
  const shingles = shingleHashes(tokenize(prose));
  const tf = termFrequencies(regions.sentences);
  return {
    regions,
    entities: allEntities,
    keyEntities,
    topics,
    angles,
    summary: summariseSentences(regions.sentences, title, tf),
    vector,
    fingerprint: { shingles, signature: minhashSignature(shingles) },
    sentenceKeys: regions.sentences.slice(0, MAX_SENTENCES).map(sentenceKeys),
    termFrequencies: tf,
  };
}
