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
    term = (token.length < 2 && !/\d/.test(token)) || STOP_WORDS.has(token) ? '' : interned(stem(token));
    if (termOfToken.size >= MEMO_LIMIT) termOfToken.clear();
    termOfToken.set(token, term);
  }
  return term;
}

/** Term -> the one string object standing for it. */
const internedTerms = new Map<string, string>();

/**
 * One string object per term ("Models" and "model" give the same "model"), so comparing
 * two terms is mostly comparing two pointers: tables of an article's terms (see
 * story-vector's ArticleTerms) then never read the strings. Only a speed-up: past a clear,
 * equal terms may be two objects again, and `===` still finds them equal.
 */
function interned(term: string): string {
  const known = internedTerms.get(term);
  if (known !== undefined) return known;
  if (internedTerms.size >= MEMO_LIMIT) internedTerms.clear();
  internedTerms.set(term, term);
  return term;
}

/** A content term's 32-bit key in story vectors and sentence keys: its `fnv1a32`. */
export const termKey = (term: string): number => fnv1a32(term, 0x811c9dc5);

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

/** A content term and its `termKey`. */
export interface KeyedTerm {
  term: string;
  /** `termKey(term) | 0`: a signed integer, for the reason given at AsciiWord's `lowerHash`. */
  key: number;
}

/** The terms with their keys. */
export function keyedTerms(terms: readonly string[]): KeyedTerm[] {
  return terms.map((term) => ({ term, key: termKey(term) | 0 }));
}

/** An ASCII word's lower-case form and its content term ('' when it is none, with key 0). */
export interface AsciiWord extends KeyedTerm {
  /** The word as written. */
  written: string;
  lower: string;
  /**
   * `fnv1a32(lower) | 0`: the word's hash in shingles, as a signed 32-bit integer. V8 keeps
   * a field of such integers in the object; one holding hashes past 2^31 is a pointer to a
   * boxed number, one more memory read per word. A Uint32Array stores it as the unsigned hash.
   */
  lowerHash: number;
}

/** Slots of a new word memo: a power of two; the memo doubles whenever it gets half full. */
const WORD_SLOTS = 1 << 12;

/**
 * A second hash of a word's char codes, independent of `fnv1a32` (another offset basis and a
 * dense odd multiplier, the step of MurmurHash2): with it a probe tells words apart by 64 bits
 * of hash, and needs not read the entry's string to compare the chars. For two words to be
 * taken for each other both hashes must collide: about one chance in 2^64 per pair, against
 * a memo of at most 50,000 words.
 */
export const CHECK_OFFSET = 0x9747b28c | 0;
export const CHECK_PRIME = 0x5bd1e995;

/** The check hash of text[start, end): one `Math.imul(h ^ c, CHECK_PRIME)` per char code, from CHECK_OFFSET. */
export function checkHash(text: string, start = 0, end = text.length): number {
  let h = CHECK_OFFSET;
  for (let i = start; i < end; i++) h = Math.imul(h ^ text.charCodeAt(i), CHECK_PRIME);
  return h;
}

/** A memo entry: the word and the hashes of its char codes, read together by a probe. */
interface HashedWord extends AsciiWord {
  /** The `fnv1a32` of the word's char codes, `| 0`: a signed integer stays in the entry (see `lowerHash`). */
  hash: number;
  /** `checkHash` of the word. */
  check: number;
}

/**
 * Words as written -> their AsciiWord: every sentence of every article looks its words up
 * here, hundreds per article. Keyed by two independent hashes of the word's char codes,
 * which the caller computed as it scanned the text, so a known word is found where it stands
 * in the sentence: no string is sliced for it, and no Map hashes that new string again. The
 * lookups mostly miss the CPU caches (the storyline index runs between articles), so a
 * probe reads one slot and that slot's entry, holding both hashes: as few memory reads as a
 * lookup can make. Comparing the chars would read the entry's string too, one more miss.
 */
class WordMemo {
  private words = new Array<HashedWord | null>(WORD_SLOTS).fill(null);
  /** 32 - log2(slots): a hash's top bits pick its home slot. */
  private shift = 32 - Math.log2(WORD_SLOTS);
  private size = 0;

  /** The word text[start, end), a run of [A-Za-z0-9]; `hash`: its `fnv1a32`, `check`: its `checkHash`. */
  get(text: string, start: number, end: number, hash: number, check: number): AsciiWord {
    const h = hash | 0;
    const mask = this.words.length - 1;
    for (let s = this.home(h); ; s = (s + 1) & mask) {
      const w = this.words[s];
      if (!w) return this.insert(s, h, check, text.slice(start, end));
      if (w.hash === h && w.check === check) return w;
    }
  }

  /** `slot`: the empty slot the word's probe ended at. */
  private insert(slot: number, hash: number, check: number, written: string): AsciiWord {
    const lower = written.toLowerCase();
    const term = termOf(lower);
    const w: HashedWord = { written, lower, lowerHash: fnv1a32(lower) | 0, term, key: term === '' ? 0 : termKey(term) | 0, hash, check };
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

const wordMemo = new WordMemo();

/** `word`: a run of [A-Za-z0-9]. Memoised by the word as written, so a known word costs one lookup. */
export function asciiWord(word: string): AsciiWord {
  return wordMemo.get(word, 0, word.length, fnv1a32(word), checkHash(word));
}

/**
 * `asciiWord(text.slice(start, end))`, without the slice when the word is known, for a caller
 * that hashed the word's chars as it scanned them: `hash` is `fnv1a32(text, undefined, start, end)`
 * (or the same bits as a signed integer) and `check` is `checkHash(text, start, end)`.
 */
export function asciiWordHashed(text: string, start: number, end: number, hash: number, check: number): AsciiWord {
  return wordMemo.get(text, start, end, hash, check);
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
