import { describe, expect, it } from 'vitest';
import { isBoilerplate, isCleanFurniture, LINE_PATTERNS } from '../../src/core/boilerplate.js';
import { casedTokens } from '../../src/core/phrase-matcher.js';
import { fnv1a32 } from '../../src/core/hash.js';
import { joinedTerms, joinedTokens, sentenceTokens, sentenceWords, textTokenHashes } from '../../src/core/sentence-words.js';
import { contentTerms } from '../../src/core/terms.js';
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
      expect(joinedTerms(read, joined)).toEqual(contentTerms(joined));
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
