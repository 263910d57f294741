import { describe, expect, it } from 'vitest';
import { fmix32, fnv1a32, stableHash } from '../../src/core/hash.js';
import { CHUNK_KEYS, SentenceMemory } from '../../src/core/sentence-memory.js';
import { contentTerms, stem } from '../../src/core/terms.js';
import { normaliseText, normaliseTitle, splitSentences, tokenize, wordCount } from '../../src/core/text.js';

describe('text primitives', () => {
  it('normaliseText folds typographic quotes, dashes and no-break spaces', () => {
    expect(normaliseText('Meta\u2019s \u201Copen\u201D\u00A0model \u2011 GPT\u20104')).toBe('Meta\'s "open" model - GPT-4');
  });

  it('normaliseTitle makes headlines that differ in case, accents and punctuation equal', () => {
    expect(normaliseTitle('Meta\u2019s Superintelligence Lab: Behemoth Stays Closed!')).toBe(normaliseTitle("meta's superintelligence lab - behemoth stays closed"));
    expect(normaliseTitle('  Café   Crème  ')).toBe('cafe creme');
  });

  it('tokenize lower-cases and splits on punctuation, apostrophes and hyphens', () => {
    expect(tokenize("Meta's open-source Llama 4, released!")).toEqual(['meta', 's', 'open', 'source', 'llama', '4', 'released']);
    expect(wordCount("Meta's open-source Llama 4, released!")).toBe(7);
  });

  it('splitSentences ends sentences at punctuation before a capital, and at line breaks', () => {
    expect(splitSentences('Meta weighs a change. OpenAI disagrees! Why now?\nA new line')).toEqual(['Meta weighs a change.', 'OpenAI disagrees!', 'Why now?', 'A new line']);
  });

  it('splitSentences keeps abbreviations, initials and decimals inside a sentence', () => {
    expect(splitSentences('Dr. Lee met U.S. officials at 3.5 p.m. on Friday. Mr. Wang joined later.')).toEqual([
      'Dr. Lee met U.S. officials at 3.5 p.m. on Friday.',
      'Mr. Wang joined later.',
    ]);
    expect(splitSentences('The startup raised a Series A. Investors were pleased.')).toEqual(['The startup raised a Series A.', 'Investors were pleased.']);
  });

  it('splitSentences ends a sentence after "U.S." or "Inc." when the next word opens a sentence', () => {
    expect(splitSentences('Meta will expand its data centers in the U.S. The company did not give a date.')).toEqual([
      'Meta will expand its data centers in the U.S.',
      'The company did not give a date.',
    ]);
    expect(splitSentences('The startup was bought by Acme Inc. It paid in cash.')).toEqual(['The startup was bought by Acme Inc.', 'It paid in cash.']);
    // Before a name the acronym stays inside the sentence.
    expect(splitSentences('Shares of U.S. Steel fell. Mr. Lee sold.')).toEqual(['Shares of U.S. Steel fell.', 'Mr. Lee sold.']);
  });

  it('splitSentences does not split before a lower-case word', () => {
    expect(splitSentences('It was version 2. of the model, said staff.')).toEqual(['It was version 2. of the model, said staff.']);
  });
});

describe('content terms', () => {
  it('drops stop words and single letters, and folds plurals and possessives', () => {
    expect(contentTerms("Meta's models are the latest of the open models")).toEqual(['meta', 'model', 'open', 'model']);
    expect(stem('companies')).toBe('company');
    expect(stem('business')).toBe('business');
    expect(stem('chips')).toBe('chip');
    expect(stem('status')).toBe('status');
    expect(stem('gpt4s')).toBe('gpt4s');
  });
});

describe('hashes', () => {
  it('are deterministic and spread', () => {
    expect(fnv1a32('meta')).toBe(fnv1a32('meta'));
    expect(fnv1a32('meta')).not.toBe(fnv1a32('Meta'));
    expect(fnv1a32('meta', 1)).not.toBe(fnv1a32('meta', 2));
    expect(fmix32(1)).not.toBe(fmix32(2));
    expect(stableHash('a')).toMatch(/^[0-9a-f]{16}$/);
    expect(stableHash('a', 8)).toBe(stableHash('a').slice(0, 8));
  });
});

describe('SentenceMemory', () => {
  const sentencesOf = (memory: SentenceMemory, id: string): number[][] => {
    const out: number[][] = [];
    memory.forEach(id, (keys, from, to) => out.push(Array.from(keys.subarray(from, to))));
    return out;
  };

  it('forgets the oldest article first once over capacity; re-setting refreshes an article', () => {
    const memory = new SentenceMemory(2);
    const keys = [Uint32Array.of(1)];
    memory.set('a', keys);
    memory.set('b', keys);
    memory.set('a', keys);
    memory.set('c', keys);
    expect(sentencesOf(memory, 'b')).toEqual([]);
    expect(sentencesOf(memory, 'a')).toEqual([[1]]);
    expect(sentencesOf(memory, 'c')).toEqual([[1]]);
  });

  it('forgets in the order articles were last set, however often the same ones are set again', () => {
    const memory = new SentenceMemory(3);
    // The reference: a Map keeps its keys in the order they were last set.
    const model = new Map<string, number>();
    const idAt = (i: number): string => (i % 4 === 3 ? `new${i}` : `a${i % 3}`);
    // Far more re-sets than the capacity: each leaves an earlier entry of its article behind.
    for (let i = 0; i < 20_000; i++) {
      memory.set(idAt(i), [Uint32Array.of(i)]);
      model.delete(idAt(i));
      model.set(idAt(i), i);
      while (model.size > 3) model.delete(model.keys().next().value!);
    }
    for (let i = 19_000; i < 20_000; i++) {
      const expected = model.get(idAt(i));
      expect(sentencesOf(memory, idAt(i))).toEqual(expected === undefined ? [] : [[expected]]);
    }
  });

  it("gives back each sentence's keys in order, empty sentences included", () => {
    const memory = new SentenceMemory(5);
    memory.set('a', [Uint32Array.of(7, 3, 9), Uint32Array.of(), Uint32Array.of(4294967295, 0)]);
    memory.set('none', []);
    expect(sentencesOf(memory, 'a')).toEqual([[7, 3, 9], [], [4294967295, 0]]);
    expect(sentencesOf(memory, 'none')).toEqual([]);
  });

  it('keeps records across chunk boundaries and longer than a chunk, and drops chunks whose records are all forgotten', () => {
    // Sentences are compared by length and a checksum: they are a chunk long.
    const digest = (keys: Uint32Array, from = 0, to = keys.length): string => {
      let h = 0;
      for (let i = from; i < to; i++) h = (Math.imul(h, 31) + keys[i]!) >>> 0;
      return `${to - from}:${h}`;
    };
    const digestsOf = (memory: SentenceMemory, id: string): string[] => {
      const out: string[] = [];
      memory.forEach(id, (keys, from, to) => out.push(digest(keys, from, to)));
      return out;
    };
    const memory = new SentenceMemory(3);
    const sentence = (n: number, seed: number): Uint32Array => Uint32Array.from({ length: n }, (_, i) => (seed * 7919 + i) >>> 0);
    const written = new Map<string, string[]>();
    for (let i = 0; i < 24; i++) {
      // Every 9th record is longer than a chunk; the others fill a chunk in a few records.
      const record = i % 9 === 4 ? [sentence(CHUNK_KEYS + 5, i), sentence(3, i + 1)] : [sentence(CHUNK_KEYS / 3 - 10, i), sentence(0, i)];
      memory.set(`a${i}`, record);
      written.set(`a${i}`, record.map((s) => digest(s)));
      for (let j = Math.max(0, i - 2); j <= i; j++) expect(digestsOf(memory, `a${j}`)).toEqual(written.get(`a${j}`));
      if (i >= 3) expect(digestsOf(memory, `a${i - 3}`)).toEqual([]);
      // Three live records and the chunk being filled: never more than four chunks.
      expect(memory.chunkCount).toBeLessThanOrEqual(4);
    }
  });
});
