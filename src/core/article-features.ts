/**
 * Everything the engine derives from one item's own text, before comparing it with
 * anything stored: regions, entities, topics, angles, summary, story vector, shingle
 * fingerprint. Pure and independent of engine state.
 */
import { readProse } from './boilerplate.js';
import type { EntityMatcher } from './entities.js';
import { hashedShingles, minhashSignature } from './minhash.js';
import type { TextFingerprint } from './near-duplicate.js';
import { readRegions, type ArticleRegions } from './regions.js';
import { joinedTerms, joinedTokens, sentenceTokens, sentenceWords, textTokenHashes } from './sentence-words.js';
import { storyVector, type StoryVector } from './story-vector.js';
import { readSentenceKeys, sentenceTermFrequencies, summariseRead } from './summary.js';
import type { RegionEntities, RegionTokens, TopicTagger } from './topics.js';

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

function counts(list: ReturnType<EntityMatcher['find']>): Map<string, number> {
  return new Map(list.map((m) => [m.name, m.count]));
}

export function articleFeatures(title: string, text: string, m: FeatureMatchers): ArticleFeatures {
  const prose = readProse(text);
  const titleWords = sentenceWords(title);
  const { regions, sentences, all } = readRegions(title, titleWords.terms, prose.sentences);
  const lead = sentences.slice(0, regions.leadEnd);
  const rest = sentences.slice(regions.leadEnd);
  const tokens: RegionTokens = { title: sentenceTokens(titleWords), lead: joinedTokens(lead, regions.lead), body: joinedTokens(rest, regions.body) };
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
    titleTerms: joinedTerms([titleWords], title),
    leadTerms: joinedTerms(lead, regions.lead),
    bodyTerms: joinedTerms(rest, regions.body),
    sentences: { lead, body: rest },
  });
  const shingles = hashedShingles(textTokenHashes(all, prose.text));
  const tf = sentenceTermFrequencies(sentences);
  return {
    regions,
    entities: allEntities,
    keyEntities,
    topics,
    angles,
    summary: summariseRead(sentences, title, titleWords.terms, tf),
    vector,
    fingerprint: { shingles, signature: minhashSignature(shingles) },
    sentenceKeys: sentences.slice(0, MAX_SENTENCES).map(readSentenceKeys),
    termFrequencies: tf,
  };
}
