import { describe, expect, it } from 'vitest';
import { casedTokens } from '../../src/core/phrase-matcher.js';
import { wordTerms, contentTerms } from '../../src/core/terms.js';
import { asciiWords, isAscii, tokenize, wordCount } from '../../src/core/text.js';

// The ASCII scans stand in for the Unicode WORD regex: they must find the same words.
const WORD = /[\p{L}\p{N}]+/gu;
const regexWords = (text: string): string[] => [...text.matchAll(WORD)].map((m) => m[0]);

const samples = [
  '',
  '   ',
  'Meta weighs a closed Behemoth, sources say.',
  "Tessaly's $125M Series-B (led by Acme_Ventures) closes; U.S. regulators ask 3 questions!",
  'x',
  'end with word',
  '42 is 4x2, 2024-07-15T10:00Z',
  "trailing punctuation...\n\nnew paragraph\ttab",
];

describe('ASCII word scan', () => {
  it('finds the words the Unicode regex finds in ASCII text', () => {
    for (const s of samples) {
      expect(isAscii(s)).toBe(true);
      expect(asciiWords(s)).toEqual(regexWords(s));
      expect(tokenize(s)).toEqual(regexWords(s.toLowerCase()));
      expect(wordCount(s)).toBe(regexWords(s).length);
      expect(casedTokens(s).tokens).toEqual(regexWords(s));
    }
  });

  it('leaves non-ASCII text to the Unicode path', () => {
    const s = 'Zoë’s café — naïve ﬁnance ² “quoted”';
    expect(isAscii(s)).toBe(false);
    expect(tokenize(s)).toEqual(['zoë', 's', 'café', 'naïve', 'finance', '2', 'quoted']);
    expect(wordCount(s)).toBe(regexWords(s).length);
  });

  it('gives one word the terms contentTerms gives it', () => {
    for (const w of ['Meta', 'models', 'The', 'AI', 'Zoë', 'ﬁnance', 'x', '2024']) expect(wordTerms(w)).toEqual(contentTerms(w));
  });
});
