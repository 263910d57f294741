import { describe, expect, it } from 'vitest';
import { isBoilerplate, isCleanFurniture, LINE_PATTERNS, readProse } from '../../src/core/boilerplate.js';
import { casedTokens } from '../../src/core/phrase-matcher.js';
import { fnv1a32 } from '../../src/core/hash.js';
import { joinedTerms, joinedTokens, sentenceTokens, sentenceWords, textTokenHashes } from '../../src/core/sentence-words.js';
import { contentTerms, termKey } from '../../src/core/terms.js';
import { normaliseText, splitSentences, tokenize, wordCount } from '../../src/core/text.js';

// Sentences are read once and the reading is shared: it must be what each stage read before.
const texts = [
  '',
  'Meta weighs a closed Behemoth, sources say. OpenAI disagrees!',
  "Tessaly's $125M Series-B (led by Acme_Ventures) closes; U.S. regulators ask 3 questions!\nA heading\n\n  Indented   line.\tTab",
  'Zoë’s café — naïve ﬁnance ² “quoted”. İstanbul ΟΔΟΣ Straße.',
  'The models are the latest of the open models. Meta’s models too.',
];

describe('sentenceWords', () => {
  it('gives the cased tokens, content terms and word count of the text', () => {
    for (const text of texts) {
      for (const s of [text, ...splitSentences(text)]) {
        const w = sentenceWords(s);
        expect(sentenceTokens(w)).toEqual(casedTokens(s));
        expect(w.terms).toEqual(contentTerms(s));
        expect(w.words).toBe(wordCount(s));
      }
    }
  });

  it('joins sentences as their joined text would read', () => {
    for (const text of texts) {
      const sentences = splitSentences(text);
      const read = sentences.map(sentenceWords);
      const joined = sentences.join(' ');
      expect(joinedTokens(read, joined)).toEqual(casedTokens(joined));
      expect(joinedTerms(read, joined).map((t) => t.term)).toEqual(contentTerms(joined));
      expect(joinedTerms(read, joined).map((t) => t.key >>> 0)).toEqual(contentTerms(joined).map(termKey));
      expect([...textTokenHashes(read, text)]).toEqual(tokenize(text).map((t) => fnv1a32(t)));
    }
  });
});

// The patterns isBoilerplate tested one by one, on the cleaned-up line, before they were combined.
describe('isBoilerplate', () => {
  it('agrees with testing each pattern on the cleaned-up line', () => {
    const lines = [
      '', '   ', '5 min read', ' 5  min read ', 'Source: Axios', 'Photo: Getty', 'June 3, 2025', 'Tue, 3 June 2025 10:00',
      '2025-06-03T10:00Z', 'Updated 3 hours ago, June 2025', 'By Jane Doe', 'by jane doe', 'By Zoë Dupont', 'Share this article',
      'Leave a Reply', 'Your email address will not be published.', 'Sign up for our newsletter', 'All Rights Reserved.',
      '© 2025 Acme', 'The post Foo appeared first on Bar.', 'This article was originally published in Baz.', 'Click here',
      'Acme logo', 'Meta weighs a closed Behemoth, sources say.', 'A newsletter\u00a0line', 'Sources\tsay', 'x'.repeat(241),
      `${'word '.repeat(60)}newsletter`, 'Subscribe\u2019s', 'Read more\n', 'Watch: the demo',
    ];
    for (const line of lines) {
      const text = normaliseText(line).replace(/\s+/g, ' ').trim();
      const expected = !text ? true : text.length > 240 ? false : LINE_PATTERNS.some((re) => re.test(text));
      expect(isBoilerplate(line), line).toBe(expected);
    }
  });

  it('needs no clean-up for the ASCII sentences splitSentences makes', () => {
    const text = ' Source:\tAxios \n\n5  min read.  By Jane Doe\nMeta weighs a closed Behemoth.\x01 Share  this\r\nAll rights\t reserved.  x';
    for (const s of splitSentences(text).map(sentenceWords)) if (s.ascii) expect(isCleanFurniture(s.text), s.text).toBe(isBoilerplate(s.text));
  });
});

describe('readProse', () => {
  /** The definition readProse reads in one pass: the lines isBoilerplate keeps, then their sentences. */
  const stripBoilerplate = (text: string): string =>
    text
      .split(/\r?\n/)
      .filter((line) => !isBoilerplate(line))
      .join('\n');

  it('is the lines without furniture and splitSentences of them, on any mix of lines, furniture, whitespace and Unicode', () => {
    // Pieces that clean-up, normalisation, sentence ends and furniture checks treat specially.
    const pieces = [
      'Meta', 'weighs', 'U.S.', 'Dr.', 'a', '5 min read', 'Source: Axios', 'By Jane Doe', 'Share this', 'newsletter', '2025',
      ' ', '  ', '\t', '\n', '\n\n', '\r\n', '\r', '\r\r\n', '. ', '! ', '? ', '... ', '.', '"', "'", '(',
      '\u00a0', '\u2019', '\u201c', '\u2011', '\u2026 ', '\u2028', '\ufb01', '\uff21', '\u0301', 'e\u0301', '\u1100\u1161',
      'Zo\u00eb', '\u0130stanbul', 'Stra\u00dfe', '\u00a9 2025', 'x\u0000y',
    ];
    let seed = 7;
    const next = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (let round = 0; round < 3000; round++) {
      let text = '';
      const length = next(40);
      for (let i = 0; i < length; i++) text += pieces[next(pieces.length)];
      const prose = stripBoilerplate(text);
      expect(readProse(text), JSON.stringify(text)).toEqual({ text: prose, sentences: splitSentences(prose) });
    }
  });
});
