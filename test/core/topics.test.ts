import { describe, expect, it } from 'vitest';
import { articleFeatures } from '../../src/core/article-features.js';
import { EntityMatcher } from '../../src/core/entities.js';
import { TopicTagger, casedTokens } from '../../src/core/topics.js';
import { config, gazetteer } from './engine-setup.js';
import { hybridPlan, openPortions, openPortionsWithRoundup, terravistaFunding } from './stories.js';

const matchers = { entities: new EntityMatcher(gazetteer), topics: new TopicTagger(config.topics) };
const tag = (title: string, text: string) => articleFeatures(title, text, matchers);

describe('topic tagging', () => {
  it('tags an article about Meta the company with meta-ai', () => {
    const f = tag('Meta hires a new head for its AI lab', 'Meta has hired a veteran researcher to run its AI lab, the company said on Monday.');
    expect(f.topics).toContain('meta-ai');
  });

  it('does not tag "meta" the prefix: meta-analysis, metadata, meta study', () => {
    const f = tag(
      'A meta-analysis of 40 AI benchmarks finds inflated scores',
      'Researchers ran a meta-analysis of published benchmark papers. The meta study found that metadata about test sets was often missing, and that scores were inflated by contamination.',
    );
    expect(f.topics).not.toContain('meta-ai');
    expect(f.entities).not.toContain('Meta');
  });

  it('matches keywords on word boundaries only', () => {
    // "llama" and "meta" appear only inside other words.
    const f = tag('Llamas and metamaterials: a strange week in research', 'Scientists used metamaterials to build sensors, and a farm of llamas went viral.');
    expect(f.topics).not.toContain('meta-ai');
    expect(f.topics).not.toContain('open-weights');
  });

  it('a headline or lead mention tags; a single passing mention deep in the body does not', () => {
    const lead = tag('Cloud prices fall again', 'Anthropic cut the price of its API by a third on Tuesday, the company said. Rivals are expected to follow.');
    expect(lead.topics).toContain('anthropic');
    const passing = tag(
      'Cloud prices fall again',
      [
        'Cloud providers cut prices for GPU rentals for the third month in a row.',
        'Spot prices for H100 servers fell below two dollars an hour in some regions.',
        'Brokers say a wave of new data centers has caught up with demand.',
        'Smaller clouds are offering long contracts to keep customers.',
        'One broker said a customer had mentioned Anthropic as an example of a heavy user.',
      ].join(' '),
    );
    expect(passing.topics).not.toContain('anthropic');
  });

  it('tags the Meta storyline articles with meta-ai and a funding story with ai-funding', () => {
    expect(tag(hybridPlan.title, hybridPlan.text).topics).toContain('meta-ai');
    expect(tag(openPortions.title, openPortions.text).topics).toContain('meta-ai');
    expect(tag(terravistaFunding.title, terravistaFunding.text).topics).toEqual(['ai-funding']);
  });

  it('a roundup\'s passing funding items do not put a Meta article into the funding topic', () => {
    const f = tag(openPortionsWithRoundup.title, openPortionsWithRoundup.text);
    expect(f.topics).toContain('meta-ai');
    expect(f.topics).not.toContain('ai-funding');
  });

  it('returns topic ids in config order', () => {
    const f = tag('Meta and OpenAI trade blows over open-weight models', 'Meta and OpenAI both released open-weight models this week, and Llama remains the most downloaded.');
    const order = config.topics.map((t) => t.id);
    const positions = f.topics.map((t) => order.indexOf(t));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(f.topics).toEqual(expect.arrayContaining(['meta-ai', 'openai']));
  });
});

describe('angles', () => {
  const angleOf = (title: string, text: string) => tag(title, text).angles['meta-ai'];

  it('an article leaning to open source gets the "open" angle', () => {
    expect(angleOf('Meta commits to open source for its next Llama models', 'Meta will release its next Llama models as open source with open weights, the company said. Developers will be able to download them freely.')).toBe('open');
  });

  it('an article leaning to proprietary models gets the "closed" angle', () => {
    expect(angleOf('Meta will keep its most capable model proprietary', 'Meta will keep its most capable model closed-source and offer it only through its own apps, people familiar with the plan said. The proprietary model will not be published.')).toBe('closed');
  });

  it('a reversal context counts for the other side: retreating from open source is closed', () => {
    expect(angleOf('Meta retreats from open source with its biggest model', 'Meta is moving away from open source for Behemoth, its largest model, the company confirmed. Executives discussed the change for weeks.')).toBe('closed');
  });

  it('angle phrases match their inflections: open-sourcing, open-sourced, open-sources', () => {
    expect(angleOf('Meta moves away from open-sourcing its largest model', 'Meta is moving away from open-sourcing Behemoth, people familiar with the talks said. Executives want to keep the model in house.')).toBe('closed');
    expect(angleOf('Meta open-sources two Llama models', 'Meta open-sourced two Llama models on Tuesday, the company said. Developers can download them today.')).toBe('open');
  });

  it('inflection folding does not reach unrelated words', () => {
    // Folding "closed" to its stem must not make a phrase out of a single word: "closes a deal" is not "closed source".
    expect(angleOf('Meta closes a deal for data center sites', 'Meta closed a deal to buy land for three data centers, the company said. The sites will open next year.')).toBeUndefined();
  });

  it('the headline decides over a body that recaps the open-source past', () => {
    const body = [
      'Meta has long been the biggest champion of open-source AI, and its open models built a large ecosystem of developers.',
      'Executives of its new lab have discussed moving away from open release of its largest model in favour of a closed model.',
      'The company says its open source commitment stands and it will keep releasing open models; open-source advocates are worried.',
    ].join('\n\n');
    expect(angleOf('Meta weighs retreat from open source for its largest model', body)).toBe('closed');
    expect(angleOf('Meta weighs its options for its largest model', body)).toBe('open');
  });

  it('a balanced or silent article gets no angle', () => {
    expect(angleOf('Meta names a new chief scientist for its AI lab', 'Meta has named a new chief scientist for its AI lab, the company said. The appointment follows a reorganisation.')).toBeUndefined();
    expect(angleOf('Meta weighs open source and proprietary releases', 'Meta is weighing an open source release for some models and a proprietary release for others, people familiar said.')).toBeUndefined();
  });

  it('angles are only given for topics that define them and that the article is tagged with', () => {
    const f = tag('Anthropic keeps Claude proprietary', 'Anthropic said Claude will remain proprietary and closed-source, and the company has no plans for open weights.');
    expect(f.topics).toContain('anthropic');
    expect(Object.keys(f.angles).every((t) => f.topics.includes(t))).toBe(true);
    expect(f.angles['anthropic']).toBeUndefined();
  });

  it('TopicTagger.angles ignores a topic with fewer than two angle names', () => {
    const tagger = new TopicTagger([{ id: 'solo', title: 'Solo', keywords: ['solo'], entities: [], angles: { open: ['open source'] } }]);
    const tokens = { title: casedTokens('Solo goes open source'), lead: casedTokens('Solo is open source now, open source forever.'), body: casedTokens('') };
    expect(tagger.angles(tokens, ['solo'])).toEqual({});
  });
});
