import type { Article, Storyline } from '../../src/core/types.js';

/** A stored article with sensible defaults, for tests that need rows in a store. */
export function makeArticle(over: Partial<Article> = {}): Article {
  const id = over.id ?? 'a1';
  return {
    id,
    feedId: null,
    source: 'Neural Dispatch',
    guid: null,
    url: `https://neuraldispatch.example/${id}`,
    canonicalUrl: `neuraldispatch.example/${id}`,
    title: `Story ${id}`,
    text: `Text of ${id}.`,
    published: '2025-07-15T10:00:00.000Z',
    firstSeen: '2025-07-15T10:00:00.000Z',
    summary: `Summary of ${id}.`,
    topics: ['meta-ai'],
    entities: ['Meta'],
    angles: {},
    storylineId: `s-${id}`,
    duplicateOf: null,
    duplicateReason: null,
    similarity: null,
    whatsNew: [],
    suppressed: null,
    ...over,
  };
}

export function makeStoryline(first: Article, over: Partial<Storyline> = {}): Storyline {
  return {
    id: first.storylineId,
    title: first.title,
    topics: first.topics,
    entities: first.entities,
    firstArticleId: first.id,
    startedAt: first.published,
    updatedAt: first.published,
    articleCount: 1,
    angles: {},
    ...over,
  };
}
