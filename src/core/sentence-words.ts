/**
 * One sentence's words, read once per article and shared by every stage that needs them:
 * regions (headings, title echoes, the lead's length), entity and topic matching, term
 * frequencies, the summary, "what's new" keys, the story vector and the shingles. Each
 * stage used to tokenise the same sentences again.
 */
import { casedTokens, type CasedTokens } from './phrase-matcher.js';
import { FNV_OFFSET, FNV_PRIME } from './hash.js';
import { asciiWordHashed, CHECK_OFFSET, CHECK_PRIME, contentTerms, keyedTerms, type AsciiWord, type KeyedTerm } from './terms.js';
import { tokenHashes } from './minhash.js';
import { isAscii, isAsciiWordChar, tokenize, wordCount } from './text.js';
import { grown } from './typed-arrays.js';

export interface SentenceWords {
  text: string;
  /** `contentTerms(text)`. */
  terms: readonly string[];
  /** `wordCount(text)`. */
  words: number;
  /** ASCII text: the words of such sentences joined by spaces are their words in turn. */
  ascii: boolean;
  /**
   * ASCII text: its words' memo entries, in order (empty otherwise). One entry holds the
   * word as written, lower-cased, its term and its hash, so later stages (tokens, shingles,
   * proper names) read the words without finding or hashing them again.
   */
  entries: readonly AsciiWord[];
  /** Non-ASCII text: `casedTokens(text)`. */
  cased?: CasedTokens;
  /** `terms` once each, in order of first use: see `distinctTerms`. */
  distinct?: readonly string[];
}

/** `contentTerms` and `wordCount` of a text, and its words, from one scan when it is ASCII. */
export function sentenceWords(text: string): SentenceWords {
  return asciiSentenceWords(text) ?? unicodeSentenceWords(text);
}

function unicodeSentenceWords(text: string): SentenceWords {
  return { text, terms: contentTerms(text), words: wordCount(text), ascii: false, entries: [], cased: casedTokens(text) };
}

/** `casedTokens(s.text)`. */
export function sentenceTokens(s: SentenceWords): CasedTokens {
  return s.cased ?? casedWords([s]);
}

/** 1 for the char codes of [A-Za-z0-9] (`isAsciiWordChar`), 0 for the rest of ASCII. */
const WORD_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) WORD_CHAR[c] = isAsciiWordChar(c) ? 1 : 0;

/**
 * The words of the sentence being read, four numbers each: start, end, `fnv1a32` and
 * `checkHash`. Found first and looked up after (see `asciiSentenceWords`); grown as needed.
 */
let wordScratch: Int32Array = new Int32Array(4 * 64);

/**
 * The words of an ASCII text, or null when the text is not ASCII: one scan finds the words,
 * checks the text is ASCII and hashes each word twice for the word memo. The lookups come
 * after the scan, all together: a lookup mostly misses the CPU caches, and with nothing but
 * lookups in the loop the CPU runs the memory reads of several words at once.
 */
function asciiSentenceWords(text: string): SentenceWords | null {
  const n = findAsciiWords(text);
  if (n < 0) return null;
  const entries: AsciiWord[] = [];
  const terms: string[] = [];
  const found = wordScratch;
  for (let at = 0; at < 4 * n; at += 4) {
    const w = asciiWordHashed(text, found[at]!, found[at + 1]!, found[at + 2]!, found[at + 3]!);
    entries.push(w);
    if (w.term !== '') terms.push(w.term);
  }
  return { text, terms, words: n, ascii: true, entries };
}

/** The number of words of `text` put in `wordScratch`, or -1 when the text is not ASCII. */
function findAsciiWords(text: string): number {
  let n = 0;
  let start = -1;
  let hash = 0;
  let check = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) return -1;
    if (WORD_CHAR[c] === 1) {
      if (start < 0) {
        start = i;
        hash = FNV_OFFSET;
        check = CHECK_OFFSET;
      }
      // fnv1a32 and checkHash, step by step.
      hash = Math.imul(hash ^ c, FNV_PRIME);
      check = Math.imul(check ^ c, CHECK_PRIME);
    } else if (start >= 0) {
      putWord(n++, start, i, hash, check);
      start = -1;
    }
  }
  if (start >= 0) putWord(n++, start, text.length, hash, check);
  return n;
}

function putWord(k: number, start: number, end: number, hash: number, check: number): void {
  if (wordScratch.length < 4 * (k + 1)) wordScratch = grown(wordScratch, new Int32Array(wordScratch.length * 2));
  const at = 4 * k;
  wordScratch[at] = start;
  wordScratch[at + 1] = end;
  wordScratch[at + 2] = hash;
  wordScratch[at + 3] = check;
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

/** The ASCII sentences' words as written and lower-cased, in order: one pass fills both lists. */
function casedWords(sentences: readonly SentenceWords[]): CasedTokens {
  const tokens: string[] = [];
  const lower: string[] = [];
  for (const s of sentences) {
    const list = s.entries;
    for (let i = 0; i < list.length; i++) {
      const w = list[i]!;
      tokens.push(w.written);
      lower.push(w.lower);
    }
  }
  return { tokens, lower };
}

function allAscii(sentences: readonly SentenceWords[]): boolean {
  for (const s of sentences) if (!s.ascii) return false;
  return true;
}

/** `casedTokens` of the sentences' texts joined by spaces. */
export function joinedTokens(sentences: readonly SentenceWords[], joined: string): CasedTokens {
  if (!allAscii(sentences)) return casedTokens(joined);
  return casedWords(sentences);
}

/** `contentTerms` of the sentences' texts joined by spaces, with their keys (`keyedTerms`). */
export function joinedTerms(sentences: readonly SentenceWords[], joined: string): readonly KeyedTerm[] {
  if (!allAscii(sentences)) return keyedTerms(contentTerms(joined));
  // A word's memo entry is its term with its key.
  const out: KeyedTerm[] = [];
  for (const s of sentences) {
    const list = s.entries;
    for (let i = 0; i < list.length; i++) if (list[i]!.term !== '') out.push(list[i]!);
  }
  return out;
}

/** The token hashes `textTokenHashes` returns: shingled at once and dropped, so one buffer serves every text. */
let tokenHashScratch = new Uint32Array(1024);

/**
 * `fnv1a32` of each of `tokenize(text)`, where `sentences` are all of `splitSentences(text)`:
 * what shingles are made of. Valid until the next call.
 */
export function textTokenHashes(sentences: readonly SentenceWords[], text: string): Uint32Array {
  // Sentences hold every word of the text (only whitespace falls between them); ASCII is lower-cased word by word alike.
  if (!isAscii(text)) return tokenHashes(tokenize(text));
  let n = 0;
  for (const s of sentences) n += s.entries.length;
  if (tokenHashScratch.length < n) tokenHashScratch = new Uint32Array(Math.max(n, tokenHashScratch.length * 2));
  const out = tokenHashScratch.subarray(0, n);
  n = 0;
  for (const s of sentences) {
    const list = s.entries;
    for (let i = 0; i < list.length; i++) out[n++] = list[i]!.lowerHash;
  }
  return out;
}
