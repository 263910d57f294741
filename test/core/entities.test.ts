import { describe, expect, it } from 'vitest';
import { parseConfig, loadGazetteer } from '../../src/config/load-config.js';
import { EntityMatcher } from '../../src/core/entities.js';
import { PhraseMatcher, StartFilter, casedTokens } from '../../src/core/phrase-matcher.js';
import { gazetteer, newEngine } from './engine-setup.js';
import { closedLean, hybridPlan, terravistaFunding } from './stories.js';

const bundled = new EntityMatcher(gazetteer);

describe('StartFilter', () => {
  it('passes every word it was given, and rules out other first characters and lengths', () => {
    const f = new StartFilter();
    const firsts = ['Meta', 'x', 'a'.repeat(40), 'Éclair', '4'];
    for (const w of firsts) f.add(w);
    for (const w of firsts) expect(f.mayStart(w)).toBe(true);
    // Past 31 characters all lengths share a bit: a longer word of the same first character passes.
    expect(f.mayStart('a'.repeat(33))).toBe(true);
    expect(f.mayStart('Mets')).toBe(true);
    for (const w of ['meta', 'Met', 'Metas', 'y', 'xx', 'aa', '44']) expect(f.mayStart(w)).toBe(false);
    // Non-ASCII first characters are not told apart.
    expect(f.mayStart('Über')).toBe(true);
    expect(new StartFilter().mayStart('Über')).toBe(false);
  });
});

describe('PhraseMatcher', () => {
  it('has() is true exactly when match() finds something in the first tokens', () => {
    const m = new PhraseMatcher();
    m.add(0, 'Llama 4 Behemoth', true);
    m.add(1, 'open source', false);
    m.add(2, 'Meta', true);
    const words = ['Llama', '4', 'Behemoth', 'open', 'Source', 'Meta', 'meta', 'x'];
    let seed = 3;
    const next = (n: number): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    for (let round = 0; round < 300; round++) {
      const tokens = casedTokens(Array.from({ length: next(9) }, () => words[next(words.length)]).join(' '));
      for (const limit of [0, 2, 6, 100]) {
        const head = { tokens: tokens.tokens.slice(0, limit), lower: tokens.lower.slice(0, limit) };
        expect(m.has(tokens, limit)).toBe(m.match(head).length > 0);
      }
    }
  });

  it('matches whole tokens, leftmost-longest, without overlaps', () => {
    const m = new PhraseMatcher();
    m.add(0, 'Llama', true);
    m.add(1, 'Llama 4', true);
    m.add(2, 'Llama 4 Behemoth', true);
    const found = m.match(casedTokens('The Llama 4 Behemoth model and Llama 4 and Llama.'));
    expect(found.map((x) => x.ids)).toEqual([[2], [1], [0]]);
    expect(found[0]).toMatchObject({ start: 1, end: 4 });
  });

  it('respects case per phrase', () => {
    const m = new PhraseMatcher();
    m.add(0, 'Meta', true);
    m.add(1, 'open source', false);
    expect(m.match(casedTokens('meta and META are not Meta'))).toEqual([{ ids: [0], start: 5, end: 6 }]);
    expect(m.match(casedTokens('Open Source and OPEN-SOURCE')).map((x) => x.ids)).toEqual([[1], [1]]);
  });

  it('never matches inside a word', () => {
    const m = new PhraseMatcher();
    m.add(0, 'Meta', true);
    m.add(1, 'AI', true);
    expect(m.match(casedTokens('Metaverse, Metadata, MetaAI, OpenAI and AIs'))).toEqual([]);
  });

  it('folds typographic quotes and dashes before matching, and refuses an empty phrase', () => {
    const m = new PhraseMatcher();
    m.add(0, "Meta's", true);
    m.add(1, 'GPT-4', true);
    expect(m.match(casedTokens('Meta\u2019s model beat GPT\u20114')).map((x) => x.ids)).toEqual([[0], [1]]);
    expect(m.add(2, '  --  ', true)).toBe(false);
  });

  it('reports every id sharing one surface', () => {
    const m = new PhraseMatcher();
    m.add(0, 'Gemini', true);
    m.add(1, 'gemini', false);
    expect(m.match(casedTokens('Gemini'))[0]?.ids.sort()).toEqual([0, 1]);
  });
});

describe('EntityMatcher with the bundled gazetteer', () => {
  it('finds companies, models and people by name and alias, under their canonical names', () => {
    const names = bundled.names(
      'Zuckerberg told Meta Platforms staff that Alex Wang will lead the work on Llama 4 Behemoth, as OpenAI, Google DeepMind and Moonshot AI race ahead.',
    );
    expect(names).toEqual(['Mark Zuckerberg', 'Meta', 'Alexandr Wang', 'Behemoth', 'OpenAI', 'Google DeepMind', 'Moonshot AI']);
  });

  it('keeps Meta the company apart from meta the prefix and from words containing it', () => {
    expect(bundled.names('A meta-analysis of metadata in the metaverse')).toEqual([]);
    expect(bundled.names('Meta released a model')).toEqual(['Meta']);
  });

  it('prefers the longest name: "Llama 4" is not also "Llama", "Google DeepMind" not also "Google"', () => {
    expect(bundled.names('Llama 4 shipped')).toEqual(['Llama 4']);
    expect(bundled.names('Google DeepMind shipped')).toEqual(['Google DeepMind']);
    expect(bundled.names('Google and Google DeepMind')).toEqual(['Google', 'Google DeepMind']);
  });

  it('counts mentions and records the first token position', () => {
    const found = bundled.find('Meta and Anthropic. Meta again, and Facebook, which is Meta too.');
    expect(found).toEqual([
      { name: 'Meta', kind: 'company', count: 4, first: 0 },
      { name: 'Anthropic', kind: 'company', count: 1, first: 2 },
    ]);
  });

  it('tags the storyline articles with their protagonists', () => {
    expect(bundled.names(closedLean.text)).toEqual(expect.arrayContaining(['Meta', 'Behemoth', 'Superintelligence Lab', 'Mark Zuckerberg']));
    expect(bundled.names(hybridPlan.text)).toEqual(expect.arrayContaining(['Meta', 'Alexandr Wang', 'Scale AI', 'Superintelligence Lab']));
  });
});

describe('user-extensible entities', () => {
  it('a config entity is added to the bundled gazetteer and found in text', () => {
    const config = parseConfig({
      topics: [{ id: 'geo', title: 'Geo', keywords: ['satellite'] }],
      entities: [{ name: 'Terravista', kind: 'company', aliases: ['Terra Vista'] }],
    });
    const matcher = new EntityMatcher(loadGazetteer(config));
    expect(matcher.names('Terra Vista and Meta signed a deal; Terravista will supply maps.')).toEqual(['Terravista', 'Meta']);
  });

  it('a config entry replaces the bundled one of the same name (e.g. to add an alias)', () => {
    const config = parseConfig({
      topics: [{ id: 'meta-ai', title: 'Meta AI', keywords: ['meta'] }],
      entities: [{ name: 'Meta', kind: 'company', aliases: ['Zuck Inc'] }],
    });
    const matcher = new EntityMatcher(loadGazetteer(config));
    expect(matcher.names('Zuck Inc shipped a model')).toEqual(['Meta']);
    // The replacement has no "Facebook" alias any more.
    expect(matcher.names('Facebook shipped a model')).toEqual([]);
  });

  it('a case-insensitive entry matches any casing, still on word boundaries', () => {
    const matcher = new EntityMatcher([{ name: 'Kestrel', kind: 'model', aliases: [], caseSensitive: false }]);
    expect(matcher.names('KESTREL beat kestrel-mini')).toEqual(['Kestrel']);
    expect(matcher.find('KESTREL beat kestrel-mini')[0]?.count).toBe(2);
    expect(matcher.names('Kestrels are birds')).toEqual([]);
  });

  it('the last entry of a name wins inside the matcher too', () => {
    const matcher = new EntityMatcher([
      { name: 'Orca', kind: 'model', aliases: ['Orca 2'], caseSensitive: true },
      { name: 'Orca', kind: 'company', aliases: [], caseSensitive: true },
    ]);
    // Both "Orca" tokens match the replacement; "Orca 2" is no longer a phrase of its own.
    expect(matcher.find('Orca 2 and Orca')).toEqual([{ name: 'Orca', kind: 'company', count: 2, first: 0 }]);
  });

  it('the engine tags articles with config entities, headline and lead entities first', () => {
    const config = parseConfig({
      topics: [{ id: 'geo', title: 'Geo', keywords: ['satellite'], entities: ['Terravista'] }],
      entities: [{ name: 'Terravista', kind: 'company' }],
    });
    const engine = newEngine({ topics: config.topics, entities: loadGazetteer(config) });
    const article = engine.analyse(terravistaFunding).article;
    expect(article.entities[0]).toBe('Terravista');
    expect(article.topics).toEqual(['geo']);

    const meta = newEngine().analyse(hybridPlan).article;
    expect(meta.entities.slice(0, 2)).toEqual(['Meta', 'Alexandr Wang']);
    expect(meta.topics).toContain('meta-ai');
  });
});
