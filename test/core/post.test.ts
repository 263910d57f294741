import { describe, expect, it } from 'vitest';
import { angleOf, buildPost, sourceRef } from '../../src/core/post.js';
import type { Placement } from '../../src/core/types.js';
import { makeArticle, makeStoryline } from '../helpers/articles.js';

const placement = (over: Partial<Placement>): Placement => ({ kind: 'story', storylineId: 's-a1', duplicateOf: null, duplicateReason: null, similarity: null, angleChanged: false, ...over });

describe('buildPost', () => {
  it('a story becomes a story post with the article\'s headline, summary, outlet, link and tags', () => {
    const article = makeArticle({ id: 'a1', title: 'Meta weighs closing Behemoth', summary: 'Meta discussed keeping Behemoth closed.', entities: ['Meta', 'Behemoth'], topics: ['meta-ai'], angles: { 'meta-ai': 'closed' }, whatsNew: ['ignored for a story'] });
    const post = buildPost({ article, placement: placement({}), storyline: makeStoryline(article) });
    expect(post).toEqual({
      kind: 'story',
      articleId: 'a1',
      storylineId: 's-a1',
      headline: 'Meta weighs closing Behemoth',
      summary: 'Meta discussed keeping Behemoth closed.',
      whatsNew: [],
      outlet: article.source,
      url: article.url,
      published: article.published,
      entities: ['Meta', 'Behemoth'],
      topics: ['meta-ai'],
      angle: { topic: 'meta-ai', label: 'closed' },
      angleChanged: false,
      alsoReportedBy: [],
      body: null,
    });
  });

  it('a follow-up carries what is new and whether the angle changed', () => {
    const first = makeArticle({ id: 'a1' });
    const article = makeArticle({ id: 'a2', storylineId: 's-a1', whatsNew: ['Wang will lead the plan.'], angles: { 'meta-ai': 'open' } });
    const post = buildPost({ article, placement: placement({ kind: 'follow-up', angleChanged: true, similarity: 0.4 }), storyline: makeStoryline(first) });
    expect(post).toMatchObject({ kind: 'follow-up', storylineId: 's-a1', whatsNew: ['Wang will lead the plan.'], angleChanged: true, angle: { topic: 'meta-ai', label: 'open' } });
  });

  it('a copy becomes "also reported", with its own outlet added last and no repeats', () => {
    const original = makeArticle({ id: 'a1', source: 'Tool Digest', url: 'https://tooldigest.example/a' });
    const copy = makeArticle({ id: 'a3', source: 'Tools Weekly', url: 'https://toolsweekly.example/b', duplicateOf: 'a1', storylineId: 's-a1' });
    const earlier = sourceRef(makeArticle({ id: 'a2', source: 'Aggregator', url: 'https://agg.example/c' }));
    const post = buildPost({ article: copy, placement: placement({ kind: 'duplicate', duplicateOf: 'a1', duplicateReason: 'near-text' }), storyline: makeStoryline(original) }, [earlier, earlier]);
    expect(post.kind).toBe('also-reported');
    expect(post.whatsNew).toEqual([]);
    expect(post.alsoReportedBy).toEqual([earlier, { outlet: 'Tools Weekly', url: 'https://toolsweekly.example/b', title: copy.title }]);

    const again = buildPost({ article: copy, placement: placement({ kind: 'duplicate', duplicateOf: 'a1' }), storyline: makeStoryline(original) }, [sourceRef(copy)]);
    expect(again.alsoReportedBy).toEqual([sourceRef(copy)]);
  });

  it('does not share arrays with the article (adapters may change the post)', () => {
    const article = makeArticle({ entities: ['Meta'], topics: ['meta-ai'], whatsNew: ['x y z'] });
    const post = buildPost({ article, placement: placement({ kind: 'follow-up' }), storyline: makeStoryline(article) });
    post.entities.push('OpenAI');
    post.topics.push('openai');
    post.whatsNew.push('more');
    expect(article.entities).toEqual(['Meta']);
    expect(article.topics).toEqual(['meta-ai']);
    expect(article.whatsNew).toEqual(['x y z']);
  });
});

describe('angleOf', () => {
  it('takes the first tagged topic with an angle, or a requested topic, or none', () => {
    const a = { topics: ['openai', 'meta-ai', 'open-weights'], angles: { 'open-weights': 'open', 'meta-ai': 'closed' } };
    expect(angleOf(a)).toEqual({ topic: 'meta-ai', label: 'closed' });
    expect(angleOf(a, 'open-weights')).toEqual({ topic: 'open-weights', label: 'open' });
    expect(angleOf(a, 'openai')).toBeNull();
    expect(angleOf({ topics: ['meta-ai'], angles: {} })).toBeNull();
  });
});
