import { describe, expect, it } from 'vitest';
import { clip, sentenceKeys, summarise } from '../../src/core/summary.js';
import { termKey } from '../../src/core/terms.js';
import { contentTerms } from '../../src/core/terms.js';
import { splitSentences } from '../../src/core/text.js';
import { closedLean, hybridPlan, openPortionsWithRoundup, terravistaFunding } from './stories.js';

/** Sentences of a summary (it ends in "…" only when clipped). */
const sentencesOf = (summary: string) => splitSentences(summary);

describe('extractive summary', () => {
  it('is one or two sentences taken verbatim from the article', () => {
    for (const a of [closedLean, hybridPlan, openPortionsWithRoundup, terravistaFunding]) {
      const summary = summarise(a.text, a.title);
      const parts = sentencesOf(summary);
      expect(parts.length, a.title).toBeGreaterThanOrEqual(1);
      expect(parts.length, a.title).toBeLessThanOrEqual(2);
      for (const s of parts) expect(a.text.replace(/\s+/g, ' '), a.title).toContain(s);
      expect(summary.length).toBeLessThanOrEqual(320);
    }
  });

  it('picks the news lead, not the roundup appended to it', () => {
    const summary = summarise(openPortionsWithRoundup.text, openPortionsWithRoundup.title);
    expect(summary).toMatch(/^Meta is said to be preparing an open-source release/);
    expect(summary).not.toMatch(/Terravista|Y Combinator|recession/);
  });

  it('prefers the sentence that carries the headline over a hook question', () => {
    const text = [
      'Have you ever wondered who decides which AI models the public gets to use?',
      'Meta will publish the weights of two mid-sized Llama models next month, the company said on Monday.',
      'The models will be released under the same licence as earlier versions.',
    ].join(' ');
    expect(summarise(text, 'Meta to publish weights of two Llama models')).toMatch(/^Meta will publish the weights of two mid-sized Llama models/);
  });

  it('skips feed furniture: reading time, byline, date line, newsletter footer', () => {
    const text = [
      '5 min read',
      'By Jane Porter',
      'July 15, 2025',
      'Anthropic has released a smaller Claude model that runs on a single laptop GPU, the company said on Tuesday.',
      'It is priced at a fraction of the larger models.',
      'Sign up for our weekly AI newsletter.',
    ].join('\n');
    const summary = summarise(text, 'Anthropic releases a Claude model for laptops');
    expect(summary.startsWith('Anthropic has released a smaller Claude model')).toBe(true);
    expect(summary).not.toMatch(/min read|Jane Porter|2025\b.*July|newsletter/);
  });

  it('adds a second sentence when the first is short, and stays within one when it is long', () => {
    const short = summarise('Mistral raised $600 million on Tuesday. The round values the Paris company at $6 billion, investors said.', 'Mistral raises $600 million');
    expect(sentencesOf(short)).toHaveLength(2);
    const long = summarise(hybridPlan.text, hybridPlan.title);
    expect(sentencesOf(long)).toHaveLength(1);
  });

  it('falls back to the title when the text has no prose', () => {
    expect(summarise('', 'Meta names a new AI chief')).toBe('Meta names a new AI chief');
    expect(summarise('   \n  ', '  Meta names a new AI chief  ')).toBe('Meta names a new AI chief');
  });

  it('is deterministic', () => {
    expect(summarise(closedLean.text, closedLean.title)).toBe(summarise(closedLean.text, closedLean.title));
  });
});

describe('clip', () => {
  it('leaves short text alone and cuts long text at a word boundary with an ellipsis', () => {
    expect(clip('short text', 20)).toBe('short text');
    const cut = clip('one two three four five six seven eight nine ten', 20);
    expect(cut.length).toBeLessThanOrEqual(20);
    expect(cut).toBe('one two three four…');
  });

  it('cuts inside a word only when there is no space in the last 40%', () => {
    expect(clip('a'.repeat(50), 10)).toBe('a'.repeat(9) + '…');
  });
});

describe('sentence keys', () => {
  it('are the distinct content terms hashed, and keep their values as later sentences fill the shared slab', () => {
    const words = Array.from({ length: 40 }, (_, i) => `word${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);
    const sentence = (n: number) => words.slice(n % 10, (n % 10) + 5 + (n % 30)).join(' ');
    const kept = Array.from({ length: 3000 }, (_, n) => sentenceKeys(sentence(n)));
    kept.forEach((keys, n) => {
      const terms = [...new Set(contentTerms(sentence(n)))];
      expect([...keys], String(n)).toEqual(terms.map(termKey));
    });
  });
});
