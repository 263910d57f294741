import { describe, expect, it } from 'vitest';
import { ChannelFilter } from '../../src/editorial/filters.js';
import type { Article } from '../../src/core/types.js';

const article = (over: Partial<Article> = {}): Article => ({
  id: 'a',
  feedId: null,
  source: 'Crypto Beat',
  guid: null,
  url: 'https://x.example/a',
  canonicalUrl: 'x.example/a',
  title: 'Meta weighs closing Behemoth',
  text: 'Top members of the Superintelligence Lab discussed it. Bitcoin prices were flat.',
  published: '2025-07-15T00:00:00.000Z',
  firstSeen: '2025-07-15T00:00:00.000Z',
  summary: '',
  topics: ['meta-ai'],
  entities: ['Meta', 'Behemoth'],
  angles: {},
  storylineId: 's',
  duplicateOf: null,
  duplicateReason: null,
  similarity: null,
  whatsNew: [],
  suppressed: null,
  ...over,
});

describe('ChannelFilter', () => {
  it('passes everything without rules', () => {
    expect(new ChannelFilter(undefined).check(article())).toEqual({ pass: true });
  });

  it('excludes by outlet, keyword (word-bounded), entity and regex, naming the rule', () => {
    expect(new ChannelFilter({ exclude: { outlets: ['crypto beat'] } }).check(article())).toEqual({ pass: false, rule: 'exclude outlet Crypto Beat' });
    expect(new ChannelFilter({ exclude: { keywords: ['bitcoin'] } }).check(article())).toEqual({ pass: false, rule: 'exclude keyword bitcoin' });
    expect(new ChannelFilter({ exclude: { keywords: ['coin'] } }).check(article())).toEqual({ pass: true });
    expect(new ChannelFilter({ exclude: { entities: ['behemoth'] } }).check(article())).toEqual({ pass: false, rule: 'exclude entity Behemoth' });
    expect(new ChannelFilter({ exclude: { regex: ['super\\w+ lab'] } }).check(article())).toEqual({ pass: false, rule: 'exclude regex /super\\w+ lab/' });
  });

  it('requires one include rule to match when includes exist; exclude wins', () => {
    expect(new ChannelFilter({ include: { entities: ['OpenAI'] } }).check(article())).toEqual({ pass: false, rule: 'include (no include rule matched)' });
    expect(new ChannelFilter({ include: { topics: ['meta-ai'] } }).check(article())).toEqual({ pass: true });
    expect(new ChannelFilter({ include: { topics: ['meta-ai'] }, exclude: { keywords: ['bitcoin'] } }).check(article()).pass).toBe(false);
  });
});
