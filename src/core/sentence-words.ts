/**
 * One sentence's words, read once per article and shared by every stage that needs them:
 * regions (headings, title echoes, the lead's length), entity and topic matching, term
 * frequencies, the summary, "what's new" keys, the story vector and the shingles. Each
 * stage used to tokenise the same sentences again.
 */
import { casedTokens, type CasedTokens } from './phrase-matcher.js';
import { FNV_OFFSET, FNV_PRIME } from './hash.js';
import { asciiWordHashed, contentTerms } from './terms.js';
import { isAscii, isAsciiWordChar, tokenize, wordCount } from './text.js';

export interface SentenceWords extends CasedTokens {
  text: string;
  /** `contentTerms(text)`. */
  terms: readonly string[];
  /** `wordCount(text)`. */
  words: number;
  /** ASCII text: the words of such sentences joined by spaces are their words in turn. */
  ascii: boolean;
  /** `terms` once each, in order of first use: see `distinctTerms`. */
  distinct?: readonly string[];
}

/** `casedTokens`, `contentTerms` and `wordCount` of a text, from one scan when it is ASCII. */
export function sentenceWords(text: string): SentenceWords {
  return asciiSentenceWords(text) ?? unicodeSentenceWords(text);
}

function unicodeSentenceWords(text: string): SentenceWords {
  const { tokens, lower } = casedTokens(text);
  return { text, tokens, lower, terms: contentTerms(text), words: wordCount(text), ascii: false };
}

/** 1 for the char codes of [A-Za-z0-9] (`isAsciiWordChar`), 0 for the rest of ASCII. */
const WORD_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) WORD_CHAR[c] = isAsciiWordChar(c) ? 1 : 0;

/**
 * The words of an ASCII text, or null when the text is not ASCII: one scan finds the words,
 * checks the text is ASCII and hashes each word for the word memo (no pass per word after).
 */
function asciiSentenceWords(text: string): SentenceWords | null {
  const tokens: string[] = [];
  const lower: string[] = [];
  const terms: string[] = [];
  const add = (start: number, end: number, hash: number): void => {
    const w = asciiWordHashed(text, start, end, hash >>> 0);
    tokens.push(w.written);
    lower.push(w.lower);
    if (w.term !== '') terms.push(w.term);
  };
  let start = -1;
  let hash = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) return null;
    if (WORD_CHAR[c] === 1) {
      if (start < 0) {
        start = i;
        hash = FNV_OFFSET;
      }
      // fnv1a32, step by step.
      hash = Math.imul(hash ^ c, FNV_PRIME);
    } else if (start >= 0) {
      add(start, i, hash);
      start = -1;
    }
  }
  if (start >= 0) add(start, text.length, hash);
  return { text, tokens, lower, terms, words: tokens.length, ascii: true };
}

/** Past this many items a Set finds repeats faster than a scan of the items so far. */
export const SCAN_LIMIT = 48;

/** The items once each, in order of first use (`[...new Set(items)]`). */
export function distinct<T>(items: readonly T[]): T[] {
  if (items.length > SCAN_LIMIT) return [...new Set(items)];
  // A sentence has a few dozen terms at most: scanning them beats building a Set.
  const out: T[] = [];
  for (let i = 0; i < items.length; i++) if (items.indexOf(items[i]!) === i) out.push(items[i]!);
  return out;
}

/** The sentence's terms once each, in order of first use, computed once. */
export function distinctTerms(s: SentenceWords): readonly string[] {
  return (s.distinct ??= distinct(s.terms));
}

/** One list of the sentences' words, in order (a loop: `flatMap` costs several times more). */
function concat(sentences: readonly SentenceWords[], words: (s: SentenceWords) => readonly string[]): string[] {
  const out: string[] = [];
  for (const s of sentences) {
    const list = words(s);
    for (let i = 0; i < list.length; i++) out.push(list[i]!);
  }
  return out;
}

/** `casedTokens` of the sentences' texts joined by spaces. */
export function joinedTokens(sentences: readonly SentenceWords[], joined: string): CasedTokens {
  if (!sentences.every((s) => s.ascii)) return casedTokens(joined);
  return { tokens: concat(sentences, (s) => s.tokens), lower: concat(sentences, (s) => s.lower) };
}

/** `contentTerms` of the sentences' texts joined by spaces. */
export function joinedTerms(sentences: readonly SentenceWords[], joined: string): readonly string[] {
  if (!sentences.every((s) => s.ascii)) return contentTerms(joined);
  return concat(sentences, (s) => s.terms);
}

/** `tokenize(text)`, where `sentences` are all of `splitSentences(text)`. */
export function textTokens(sentences: readonly SentenceWords[], text: string): string[] {
  // Sentences hold every word of the text (only whitespace falls between them); ASCII is lower-cased word by word alike.
  if (!isAscii(text)) return tokenize(text);
  return concat(sentences, (s) => s.lower);
}
