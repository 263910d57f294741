/**
 * Content terms for similarity: word tokens without stop words, lightly stemmed so
 * "models"/"model" and "Meta's"/"Meta" meet. Deliberately simple: it must be fast and
 * deterministic, not linguistically perfect.
 */
import { fnv1a32 } from './hash.js';
import { isAscii, tokenize } from './text.js';

const STOP_WORDS = new Set(
  (
    'a about above after again against all almost also although am among an and another any are aren around as at be ' +
    'because been before being below between both but by can cannot could did do does doing done down during each ' +
    'either else ever every few for from further had has have having he her here hers herself him himself his how ' +
    'however i if in into is isn it its itself just least less let like likely made make makes making many may me ' +
    'might more most much must my myself neither no nor not now of off often on once one only onto or other others ' +
    'otherwise our ours ourselves out over own per perhaps quite rather really same say says said see seem seems ' +
    'several shall she should since so some such than that the their theirs them themselves then there these they ' +
    'this those though through thus to too toward towards under until up upon us use used using very via was wasn ' +
    'we were weren what whatever when where whether which while who whom whose why will with within without would ' +
    'yet you your yours yourself s t d ll re ve m don doesn didn won wouldn couldn shouldn hasn haven hadn ' +
    'according reportedly report reports reported new news latest today yesterday week weeks month months year ' +
    'years day days time times way ways thing things lot lots get gets got go goes going went come comes came take ' +
    'takes took want wants well even still back first last next two three four five six seven eight nine ten ' +
    'read min mins minute minutes source sources via post posted update updated share click subscribe newsletter ' +
    'including include includes based particularly potentially significant significantly'
  ).split(/\s+/),
);

/** Plural and possessive folding only: cheap, and enough to make wording variants meet. */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  if (word.endsWith('ies') && word.length > 4) return word.slice(0, -3) + 'y';
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('s') && !/(ss|us|is|os|as)$/.test(word)) return word.slice(0, -1);
  return word;
}

export function isStopWord(token: string): boolean {
  return STOP_WORDS.has(token);
}

/** Token -> its content term, or '' when it is not one. Words recur across articles: each is judged once. */
const termOfToken = new Map<string, string>();
/** Recent texts -> their terms: one article's sentences are read by regions, summary and "what's new". */
const termsOfText = new Map<string, readonly string[]>();
const MEMO_LIMIT = 50_000;

function termOf(token: string): string {
  let term = termOfToken.get(token);
  if (term === undefined) {
    term = (token.length < 2 && !/\d/.test(token)) || STOP_WORDS.has(token) ? '' : stem(token);
    if (termOfToken.size >= MEMO_LIMIT) termOfToken.clear();
    termOfToken.set(token, term);
  }
  return term;
}

/** Stemmed content terms of a text, in order (repeats kept, for term frequencies). Shared: do not modify. */
export function contentTerms(text: string): readonly string[] {
  let out = termsOfText.get(text);
  if (out === undefined) {
    const terms: string[] = [];
    for (const token of tokenize(text)) {
      const term = termOf(token);
      if (term !== '') terms.push(term);
    }
    out = terms;
    // Cleared rather than evicted one by one: the memo only has to span one article.
    if (termsOfText.size >= MEMO_LIMIT / 10) termsOfText.clear();
    termsOfText.set(text, out);
  }
  return out;
}

/** An ASCII word's lower-case form and its content term ('' when it is none). */
export interface AsciiWord {
  /** The word as written. */
  written: string;
  lower: string;
  /** `fnv1a32(lower)`: the word's hash in shingles. */
  lowerHash: number;
  term: string;
}

/** Slots of a new word memo: a power of two; the memo doubles whenever it gets half full. */
const WORD_SLOTS = 1 << 12;

/** A memo entry: the word and the hash of its char codes, read together by a probe. */
interface HashedWord extends AsciiWord {
  hash: number;
}

/**
 * Words as written -> their AsciiWord: every sentence of every article looks its words up
 * here, hundreds per article. Keyed by a hash of the word's char codes and checked char by
 * char against the text, so a known word is found where it stands in the sentence: no
 * string is sliced for it, and no Map hashes that new string again. The lookups mostly miss
 * the CPU caches (the storyline index runs between articles), so a probe reads one slot
 * and that slot's entry, holding the hash: as few memory reads as a lookup can make.
 */
class WordMemo {
  private words = new Array<HashedWord | null>(WORD_SLOTS).fill(null);
  /** 32 - log2(slots): a hash's top bits pick its home slot. */
  private shift = 32 - Math.log2(WORD_SLOTS);
  private size = 0;

  /** The word text[start, end), a run of [A-Za-z0-9]; `h`: its `fnv1a32`. */
  get(text: string, start: number, end: number, h: number): AsciiWord {
    const mask = this.words.length - 1;
    for (let s = this.home(h); ; s = (s + 1) & mask) {
      const w = this.words[s];
      if (!w) return this.insert(s, h, text.slice(start, end));
      if (w.hash === h && sameChars(w.written, text, start, end)) return w;
    }
  }

  /** `slot`: the empty slot the word's probe ended at. */
  private insert(slot: number, hash: number, written: string): AsciiWord {
    const lower = written.toLowerCase();
    const w: HashedWord = { written, lower, lowerHash: fnv1a32(lower), term: termOf(lower), hash };
    if (this.size >= MEMO_LIMIT) {
      // Cleared rather than evicted one by one, like the other memos: the words in use come back at once.
      this.resize(WORD_SLOTS, false);
      slot = this.home(hash);
    } else if ((this.size + 1) * 2 > this.words.length) {
      this.resize(this.words.length * 2, true);
      slot = this.emptySlot(hash);
    }
    this.size++;
    this.words[slot] = w;
    return w;
  }

  /** New slots, `slots` of them, holding the words so far when `keep`. */
  private resize(slots: number, keep: boolean): void {
    const words = this.words;
    this.words = new Array<HashedWord | null>(slots).fill(null);
    this.shift = 32 - Math.log2(slots);
    if (!keep) {
      this.size = 0;
      return;
    }
    for (const w of words) if (w) this.words[this.emptySlot(w.hash)] = w;
  }

  private emptySlot(hash: number): number {
    const mask = this.words.length - 1;
    let s = this.home(hash);
    while (this.words[s]) s = (s + 1) & mask;
    return s;
  }

  private home(hash: number): number {
    return Math.imul(hash, 0x9e3779b1) >>> this.shift;
  }
}

/** True when `word` is text[start, end). */
function sameChars(word: string, text: string, start: number, end: number): boolean {
  if (word.length !== end - start) return false;
  for (let i = 0; i < word.length; i++) if (word.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
  return true;
}

const wordMemo = new WordMemo();

/** `word`: a run of [A-Za-z0-9]. Memoised by the word as written, so a known word costs one lookup. */
export function asciiWord(word: string): AsciiWord {
  return wordMemo.get(word, 0, word.length, fnv1a32(word));
}

/**
 * `asciiWord(text.slice(start, end))`, without the slice when the word is known, for a caller
 * that hashed the word's chars as it scanned them: `hash` is `fnv1a32(text, undefined, start, end)`.
 */
export function asciiWordHashed(text: string, start: number, end: number, hash: number): AsciiWord {
  return wordMemo.get(text, start, end, hash);
}

/**
 * `contentTerms` of one word (a run of letters and digits), past the text memo: proper-name
 * detection asks for every word of an article, which would crowd the article's sentences
 * out of the memo.
 */
export function wordTerms(word: string): readonly string[] {
  if (!isAscii(word)) return contentTerms(word);
  const term = asciiWord(word).term;
  return term === '' ? [] : [term];
}
