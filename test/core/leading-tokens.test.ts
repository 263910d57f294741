import { describe, expect, it } from 'vitest';
import { casedTokens } from '../../src/core/phrase-matcher.js';
import { leadingCasedTokens } from '../../src/core/summary.js';

const prefix = (text: string, limit: number) => {
  const t = casedTokens(text);
  return { tokens: t.tokens.slice(0, limit), lower: t.lower.slice(0, limit) };
};

describe('leadingCasedTokens', () => {
  const texts = [
    'OpenAI said on Monday it raised $6.6 billion from investors.',
    'Short one',
    '',
    '  ... ',
    'Meta’s chief, Mark Zuckerberg, told staff the model would stay open.',
    'Six words exactly in this sentence',
    'One two three four five cafe\u0301 seven',
    'One two three four five six\u00a0seven',
    'One two three four five six seven e\u0301',
    'Ünïcode at the start of it',
    'snake_case words and CamelCase Words and 42x numbers',
  ];
  it('reads the first tokens as casedTokens does, for any limit', () => {
    for (const text of texts) {
      for (const limit of [1, 5, 6, 7, Infinity]) expect(leadingCasedTokens(text, limit)).toEqual(prefix(text, limit));
    }
  });
});
