/**
 * Extractive summaries and "what's new": sentences picked from the article's own text,
 * never generated. A summary is the sentence (or two) most central to the headline and
 * the article's recurring terms, preferring early ones; "what's new" is the sentences a
 * follow-up adds over the earlier articles of its storyline.
 */
import { splitRegions } from './regions.js';
import { SCAN_LIMIT, distinct, distinctTerms, sentenceWords, type SentenceWords } from './sentence-words.js';
import { contentTerms, termKey } from './terms.js';
import { factuality } from './news-signals.js';
import { PhraseMatcher, casedTokens, type CasedTokens } from './phrase-matcher.js';
import { isAscii, isAsciiWordChar, wordCount } from './text.js';
import { grown } from './typed-arrays.js';

const MAX_SUMMARY_CHARS = 320;
/** Only the opening of an article is searched for its summary: news puts the point first. */
const SUMMARY_WINDOW = 10;

/** Term -> number of sentences using it. */
export function termFrequencies(sentences: readonly string[]): Map<string, number> {
  return sentenceTermFrequencies(sentences.map(sentenceWords));
}

/** `termFrequencies` of sentences already read. */
export function sentenceTermFrequencies(sentences: readonly SentenceWords[]): Map<string, number> {
  const tf = new Map<string, number>();
  for (const s of sentences) for (const t of distinctTerms(s)) tf.set(t, (tf.get(t) ?? 0) + 1);
  return tf;
}

/** Cut at a word boundary with an ellipsis when over the limit. */
export function clip(text: string, max = MAX_SUMMARY_CHARS): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1);
  const space = cut.lastIndexOf(' ');
  return (space > max * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.-]+$/, '') + '…';
}

/** `Math.log1p(n)` for the small counts of terms in an article: a table read instead of a call per term. */
const LOG1P_COUNTS = Float64Array.from({ length: 256 }, (_, n) => Math.log1p(n));

/** `Math.log1p(n)` of a count n >= 0. */
function log1pCount(n: number): number {
  return n < LOG1P_COUNTS.length ? LOG1P_COUNTS[n]! : Math.log1p(n);
}

/** Openings that call to the reader. */
const HOOK_OPENING = /^(?:for those|imagine|what does|have you|in the (?:rapidly|ever)[- ])/i;

/**
 * Questions and calls to the reader are hooks, not news. The question is checked apart: as
 * an alternative of one unanchored regex, `\?$` was tried at every position of the sentence.
 */
function isHook(text: string): boolean {
  return text.endsWith('?') || HOOK_OPENING.test(text);
}

function sentenceScore(sentence: SentenceWords, index: number, titleTerms: ReadonlySet<string>, tf: ReadonlyMap<string, number>): number {
  const words = sentence.words;
  if (words < 6) return -Infinity;
  const terms = distinctTerms(sentence);
  if (terms.length === 0) return -Infinity;
  let title = 0;
  let central = 0;
  for (const t of terms) {
    if (titleTerms.has(t)) title++;
    central += log1pCount((tf.get(t) ?? 1) - 1);
  }
  const titleCover = titleTerms.size ? title / titleTerms.size : 0;
  const centrality = central / Math.sqrt(terms.length);
  const position = 1 / (1 + index * 0.35);
  const lengthPenalty = words > 45 ? 0.3 : words < 10 ? 0.2 : 0;
  const hook = isHook(sentence.text) ? 0.6 : 0;
  return 1.4 * titleCover + 0.5 * centrality + 1.2 * position - lengthPenalty - hook;
}

/** 1-2 sentences from the article's own text (or its title when the text has no prose). */
export function summarise(text: string, title: string): string {
  return summariseSentences(splitRegions(title, text).sentences, title);
}

/** `summarise` over sentences already split (and cleaned) by splitRegions; `tf`: their `termFrequencies`, when the caller has them. */
export function summariseSentences(sentences: readonly string[], title: string, tf?: ReadonlyMap<string, number>): string {
  const read = sentences.map(sentenceWords);
  return summariseRead(read, title, contentTerms(title), tf ?? sentenceTermFrequencies(read));
}

/** `summariseSentences` over sentences already read; `titleTerms`: the title's `contentTerms`. */
export function summariseRead(sentences: readonly SentenceWords[], title: string, titleTerms: readonly string[], tf: ReadonlyMap<string, number>): string {
  if (sentences.length === 0) return clip(title.trim());
  const titleSet = new Set(titleTerms);
  const window = Math.min(sentences.length, SUMMARY_WINDOW);
  let best = -1;
  let bestScore = -Infinity;
  for (let i = 0; i < window; i++) {
    const score = sentenceScore(sentences[i]!, i, titleSet, tf);
    if (score > bestScore) {
      best = i;
      bestScore = score;
    }
  }
  if (best < 0 || bestScore === -Infinity) return clip(sentences[0]!.text);
  let summary = sentences[best]!.text;
  const summaryWords = sentences[best]!.words;
  const next = sentences[best + 1];
  if (next && summaryWords < 22 && summary.length + next.text.length + 1 <= MAX_SUMMARY_CHARS && next.words >= 6) {
    summary = `${summary} ${next.text}`;
  }
  return clip(summary);
}

/** Content-term keys of a sentence (hashed, so earlier articles can be kept compactly). */
export function sentenceKeys(sentence: string): Uint32Array {
  return readSentenceKeys(sentenceWords(sentence));
}

function hasRepeats(keys: Uint32Array): boolean {
  if (keys.length > SCAN_LIMIT) return new Set(keys).size < keys.length;
  for (let i = 1; i < keys.length; i++) for (let j = 0; j < i; j++) if (keys[i] === keys[j]) return true;
  return false;
}

/** Keys per slab of `slabKeys`: a hundred articles or so. */
const KEY_SLAB = 1 << 14;
let keySlab = new Uint32Array(KEY_SLAB);
let keySlabUsed = 0;

/**
 * `n` keys' room, a view of the slab being filled. A typed array over 64 bytes (16 keys; most
 * sentences have more terms) gets a store of its own outside the heap, allocated and freed
 * through the garbage collector: a view of a shared slab costs a tenth of that. A slab lives
 * as long as any of its views, so keys kept for long are copied out of it.
 */
function slabKeys(n: number): Uint32Array {
  if (keySlabUsed + n > keySlab.length) {
    keySlab = new Uint32Array(Math.max(KEY_SLAB, n));
    keySlabUsed = 0;
  }
  const keys = keySlab.subarray(keySlabUsed, keySlabUsed + n);
  keySlabUsed += n;
  return keys;
}

/** `sentenceKeys` of a sentence already read: a view of a shared slab (see `slabKeys`). */
export function readSentenceKeys(sentence: SentenceWords): Uint32Array {
  const terms = distinctTerms(sentence);
  const keys = slabKeys(terms.length);
  for (let i = 0; i < terms.length; i++) keys[i] = termKey(terms[i]!);
  // Distinct terms have distinct keys but for a rare hash collision: only then is there a repeat to drop.
  return hasRepeats(keys) ? Uint32Array.from(new Set(keys)) : keys;
}

/** Words (32 bits each) of AskedKeys' key filter: 4096 bits. */
const FILTER_WORDS = 128;

/**
 * Sentence coverage by earlier text: the largest share of its terms found in one earlier
 * sentence. A storyline's earlier sentences (hundreds) are gathered for each follow-up and
 * asked about its own dozen sentences, so they are read in one pass per batch of questions
 * rather than indexed term by term. They are kept as ranges of the caller's arrays, not
 * copied: the arrays must not change until `answer` has read them.
 */
export class Coverage {
  /**
   * Earlier sentence e (e < count) is `sources[e]` from `froms[e]` to `tos[e]`. Refilled by
   * index rather than emptied with `length = 0`, which would drop the arrays' storage and
   * grow it again for every follow-up.
   */
  private readonly sources: Array<ArrayLike<number>> = [];
  private froms: Int32Array = new Int32Array(256);
  private tos: Int32Array = new Int32Array(256);
  private count = 0;
  /** Scratch for `answer`: the asked sentences an earlier sentence overlaps. */
  private touched: Int32Array = new Int32Array(64);

  /** Forgets every earlier sentence: the engine reuses one Coverage for every follow-up. */
  clear(): void {
    this.count = 0;
  }

  addSentences(sentences: readonly string[]): void {
    for (const s of sentences) this.addKeys(sentenceKeys(s));
  }

  /** Adds one earlier sentence: its keys, or those in [from, to) when given (no view needed). */
  addKeys(keys: ArrayLike<number>, from = 0, to = keys.length): void {
    if (to <= from) return;
    const e = this.count++;
    if (e === this.froms.length) {
      this.froms = grown(this.froms, new Int32Array(e * 2));
      this.tos = grown(this.tos, new Int32Array(e * 2));
    }
    if (e < this.sources.length) this.sources[e] = keys;
    else this.sources.push(keys);
    this.froms[e] = from;
    this.tos[e] = to;
  }

  /**
   * Answers the asked sentences (their distinct keys) in one pass over the earlier ones: each
   * sentence's best overlap with one earlier sentence (`asked.covered`), and which keys some
   * earlier sentence used (`asked.used`).
   */
  answer(asked: AskedKeys): void {
    const { overlap, best } = asked;
    if (this.touched.length < asked.count) this.touched = new Int32Array(asked.count);
    const touched = this.touched;
    for (let e = 0; e < this.count; e++) {
      const keys = this.sources[e]!;
      const end = this.tos[e]!;
      let touches = 0;
      for (let i = this.froms[e]!; i < end; i++) {
        const slot = asked.find(keys[i]!);
        // A key given twice for one earlier sentence counts once.
        if (slot < 0 || asked.last[slot] === e) continue;
        asked.last[slot] = e;
        asked.used[slot] = 1;
        for (let x = asked.head[slot]!; x >= 0; x = asked.next[x]!) {
          const q = asked.sentence[x]!;
          if (overlap[q]!++ === 0) touched[touches++] = q;
        }
      }
      for (let t = 0; t < touches; t++) {
        const q = touched[t]!;
        if (overlap[q]! > best[q]!) best[q] = overlap[q]!;
        overlap[q] = 0;
      }
    }
  }
}

/**
 * The keys asked about in one `Coverage.answer`, in typed arrays (a follow-up asks about a
 * thousand or so; as Map entries holding arrays they were most of what "what's new"
 * allocated). Per key (its slot): the sentences holding it (a linked list), the last earlier
 * sentence that counted it, and whether any did. A bit filter answers "not asked" for most
 * earlier keys. `ask` starts over in the same arrays, so one instance serves every follow-up.
 */
export class AskedKeys {
  /** Slots in use: a power of two, at least twice the keys asked. */
  slots = 0;
  /** Sentences asked about. */
  count = 0;
  keys = new Uint32Array(0);
  head = new Int32Array(0);
  last = new Int32Array(0);
  used = new Uint8Array(0);
  /** Per key asked, in the order given (sentence after sentence): its sentence, the next key of its slot, its slot. */
  sentence = new Int32Array(0);
  next = new Int32Array(0);
  slotAt = new Int32Array(0);
  /** Per sentence: where its keys start in `slotAt` (`starts[count]` is the end), its overlap with the earlier sentence being read, its best overlap. */
  starts = new Int32Array(0);
  overlap = new Uint32Array(0);
  best = new Uint32Array(0);
  private readonly filter = new Uint32Array(FILTER_WORDS);
  private mask = 0;

  /** Forgets the previous question and asks about these sentences (their distinct keys). */
  ask(sentences: readonly ArrayLike<number>[]): void {
    let total = 0;
    for (const keys of sentences) total += keys.length;
    let size = 16;
    while (size < total * 2) size *= 2;
    this.reserve(size, total, sentences.length);
    this.slots = size;
    this.mask = size - 1;
    this.count = sentences.length;
    this.head.fill(-1, 0, size);
    this.last.fill(-1, 0, size);
    this.used.fill(0, 0, size);
    this.overlap.fill(0, 0, sentences.length);
    this.best.fill(0, 0, sentences.length);
    this.filter.fill(0);
    let x = 0;
    for (let q = 0; q < sentences.length; q++) {
      const keys = sentences[q]!;
      this.starts[q] = x;
      for (let i = 0; i < keys.length; i++) {
        const k = keys[i]!;
        this.filter[(k >>> 5) & (FILTER_WORDS - 1)]! |= 1 << (k & 31);
        let slot = this.home(k);
        while (this.head[slot]! >= 0 && this.keys[slot] !== k) slot = (slot + 1) & this.mask;
        this.keys[slot] = k;
        this.sentence[x] = q;
        this.slotAt[x] = slot;
        this.next[x] = this.head[slot]!;
        this.head[slot] = x++;
      }
    }
    this.starts[sentences.length] = x;
  }

  /** The key's slot, or -1 when no sentence asked about it. */
  find(k: number): number {
    if ((this.filter[(k >>> 5) & (FILTER_WORDS - 1)]! & (1 << (k & 31))) === 0) return -1;
    for (let slot = this.home(k); this.head[slot]! >= 0; slot = (slot + 1) & this.mask) if (this.keys[slot] === k) return slot;
    return -1;
  }

  /** Sentence q's coverage once answered: 0 (all new) .. 1 (one earlier sentence already said all of it). */
  covered(q: number): number {
    const keys = this.starts[q + 1]! - this.starts[q]!;
    return keys === 0 ? 1 : this.best[q]! / keys;
  }

  private home(k: number): number {
    return Math.imul(k, 0x9e3779b1) & this.mask;
  }

  /** Grows the arrays (never shrinks them) to hold `slots` slots, `keys` keys and `sentences` sentences. */
  private reserve(slots: number, keys: number, sentences: number): void {
    if (this.keys.length < slots) {
      this.keys = new Uint32Array(slots);
      this.head = new Int32Array(slots);
      this.last = new Int32Array(slots);
      this.used = new Uint8Array(slots);
    }
    if (this.sentence.length < keys) {
      this.sentence = new Int32Array(keys);
      this.next = new Int32Array(keys);
      this.slotAt = new Int32Array(keys);
    }
    if (this.overlap.length < sentences) {
      this.starts = new Int32Array(sentences + 1);
      this.overlap = new Uint32Array(sentences);
      this.best = new Uint32Array(sentences);
    }
  }
}

export interface WhatsNewOptions {
  /** At most this many sentences (default 4). */
  max?: number;
  /** A sentence whose terms are at least this much covered by one earlier sentence is not new (default 0.5). */
  coveredAt?: number;
  /** Phrases the storyline turns on (its topics' angle phrases): sentences using them matter more. */
  emphasis?: readonly string[];
  /** Names of the story's protagonists: a sentence that opens with one reports what they did. */
  subjects?: readonly string[];
  /** `sentenceKeys` of the first sentences, when the caller already has them. */
  sentenceKeys?: readonly Uint32Array[];
  /** `termFrequencies` of the sentences, when the caller already has them. */
  termFrequencies?: ReadonlyMap<string, number>;
}

interface Candidate {
  /** The sentence's index in the article. */
  index: number;
  /** Its index among the sentences asked about (its keys in `AskedKeys`). */
  asked: number;
  base: number;
  picked: boolean;
}

/** A case-insensitive matcher of phrases, and the phrases' first words (lower-cased, once each). */
interface Emphasis {
  matcher: PhraseMatcher;
  firstWords: readonly string[];
}

/** Emphasis of phrase lists seen recently: a storyline's emphasis recurs with each follow-up. */
const emphases = new Map<string, { phrases: readonly string[]; emphasis: Emphasis }>();
const MATCHER_LIMIT = 1000;

/** The phrases' Emphasis, or null when there are none. */
function emphasisOf(phrases: readonly string[] | undefined): Emphasis | null {
  if (!phrases?.length) return null;
  const key = phrases.join('\n');
  const cached = emphases.get(key);
  // The key is only a hint when a phrase holds a line break: the list itself decides.
  if (cached && cached.phrases.length === phrases.length && cached.phrases.every((p, i) => p === phrases[i])) return cached.emphasis;
  const matcher = new PhraseMatcher();
  phrases.forEach((p, i) => matcher.add(i, p, false));
  // A phrase without tokens is never added to the matcher.
  const firstWords = distinct(phrases.map((p) => casedTokens(p).lower[0]).filter((w): w is string => w !== undefined));
  const emphasis = { matcher, firstWords };
  if (emphases.size >= MATCHER_LIMIT) emphases.clear();
  emphases.set(key, { phrases: [...phrases], emphasis });
  return emphasis;
}

/**
 * True when an emphasis phrase occurs among the sentence's tokens. A phrase found there has
 * its first word in the lower-cased text when the text is ASCII (its tokens are then slices of
 * it), so such a text without any first word is ruled out before it is tokenised; other text
 * is normalised by its tokenising, and always tokenised.
 */
function emphasises(emphasis: Emphasis | null, sentence: string): boolean {
  if (emphasis === null) return false;
  if (isAscii(sentence)) {
    const lower = sentence.toLowerCase();
    if (!emphasis.firstWords.some((w) => lower.includes(w))) return false;
  }
  return emphasis.matcher.has(leadingCasedTokens(sentence, Infinity));
}

/** Sentences shorter or longer than this are captions or run-ons, not news. */
const MIN_WORDS = 6;
const MAX_WORDS = 70;
/** Words at the start of a sentence that hold its subject. */
const SUBJECT_WINDOW = 6;

/**
 * `MIN_WORDS <= wordCount(text) <= MAX_WORDS`. A word and the character after it take two, so
 * a text of at most 2 * MAX_WORDS characters cannot be too long, and only its first
 * MIN_WORDS words need finding. ASCII words found before any other character are words
 * of `wordCount`'s Unicode reading too, so such a character only sends the rest to it.
 */
export function hasNewsLength(text: string): boolean {
  if (text.length > 2 * MAX_WORDS) {
    const words = wordCount(text);
    return words >= MIN_WORDS && words <= MAX_WORDS;
  }
  let words = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) return wordCount(text) >= MIN_WORDS;
    const wordChar = isAsciiWordChar(c);
    if (wordChar && !inWord && ++words === MIN_WORDS) return true;
    inWord = wordChar;
  }
  return false;
}

/** Subject names -> their tokens as written: names come from the entity list, so they recur. */
const subjectTokenMemo = new Map<string, readonly string[]>();

function subjectTokens(name: string): readonly string[] {
  let tokens = subjectTokenMemo.get(name);
  if (!tokens) {
    tokens = casedTokens(name).tokens;
    if (subjectTokenMemo.size >= MATCHER_LIMIT) subjectTokenMemo.clear();
    subjectTokenMemo.set(name, tokens);
  }
  return tokens;
}

/**
 * True when one of the phrases (their tokens) occurs, case-sensitively, within the first
 * `limit` tokens: what a case-sensitive PhraseMatcher's `has` answers. A follow-up's subjects
 * are a name or two asked about six tokens: comparing them beats building a matcher for
 * each new combination of names.
 */
function occursWithin(phrases: readonly (readonly string[])[], tokens: readonly string[], limit: number): boolean {
  const n = Math.min(limit, tokens.length);
  for (const phrase of phrases) {
    // A phrase without tokens is never added to a matcher.
    if (phrase.length === 0) continue;
    for (let i = 0; i + phrase.length <= n; i++) {
      let j = 0;
      while (j < phrase.length && tokens[i + j] === phrase[j]) j++;
      if (j === phrase.length) return true;
    }
  }
  return false;
}

/**
 * `casedTokens(text)` as far as its first `limit` tokens (all of them when the text has
 * fewer): most new sentences are only asked whether they open with a subject. ASCII text up
 * to the end of its `limit`th word is read here; any other character there goes to
 * `casedTokens`, whose Unicode normalisation could join it to the word before.
 */
export function leadingCasedTokens(text: string, limit: number): CasedTokens {
  const tokens = leadingAsciiTokens(text, limit);
  if (tokens === null) return cut(casedTokens(text), limit);
  return { tokens, lower: tokens.map((t) => t.toLowerCase()) };
}

/**
 * The tokens (as written) of `leadingCasedTokens` when the text is ASCII that far, else null:
 * asking whether a sentence opens with a subject needs no lower-cased words.
 */
function leadingAsciiTokens(text: string, limit: number): string[] | null {
  const tokens: string[] = [];
  let start = -1;
  for (let i = 0; i <= text.length; i++) {
    const c = i < text.length ? text.charCodeAt(i) : 32;
    if (c >= 128) return null;
    if (isAsciiWordChar(c)) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      tokens.push(text.slice(start, i));
      start = -1;
      // The character ending the last word was checked: ASCII, so nothing after it changes the words read.
      if (tokens.length === limit) break;
    }
  }
  return tokens;
}

/** The subjects (their tokens) one of which occurs in the sentence's first SUBJECT_WINDOW tokens. */
function opensWithSubject(subjects: readonly (readonly string[])[], sentence: string): boolean {
  if (subjects.length === 0) return false;
  const opening = leadingAsciiTokens(sentence, SUBJECT_WINDOW) ?? leadingCasedTokens(sentence, SUBJECT_WINDOW).tokens;
  return occursWithin(subjects, opening, SUBJECT_WINDOW);
}

/** The first `limit` tokens. */
function cut(t: CasedTokens, limit: number): CasedTokens {
  if (t.tokens.length <= limit) return t;
  return { tokens: t.tokens.slice(0, limit), lower: t.lower.slice(0, limit) };
}

/**
 * One AskedKeys serves every follow-up (its arrays grow to the largest article seen): a
 * dozen typed arrays allocated per follow-up cost more than the reading itself.
 */
const sharedAskedKeys = new AskedKeys();
/** Per slot of the shared AskedKeys: its terms' weights and whether a picked sentence holds it (grown, never shrunk, like its arrays). */
let sharedWeights = new Float64Array(0);
/** The sentences asked about (their index in the article, their keys): refilled per follow-up. */
const sharedAskedIndex: number[] = [];
const sharedAskedTerms: Uint32Array[] = [];
let sharedPickedSlots = new Uint8Array(0);

/**
 * Sentences of a follow-up not covered by the earlier articles of its storyline. A sentence
 * is new when no earlier sentence already holds half of its terms; among new sentences the
 * ones reading as reported fact about the story's protagonists come first, chosen greedily
 * so two sentences on the same new fact do not crowd out a second one. Returned in the
 * article's order.
 */
export function whatsNewFromCoverage(sentences: readonly string[], coverage: Coverage, opts: WhatsNewOptions = {}): string[] {
  const max = opts.max ?? 4;
  const coveredAt = opts.coveredAt ?? 0.5;
  const emphasis = emphasisOf(opts.emphasis);
  const subjects = (opts.subjects ?? []).map(subjectTokens);
  // Sentences of news length with a few terms are asked about, all at once.
  const askedIndex = sharedAskedIndex;
  const askedTerms = sharedAskedTerms;
  askedIndex.length = 0;
  askedTerms.length = 0;
  for (let index = 0; index < sentences.length; index++) {
    const sentence = sentences[index]!;
    if (!hasNewsLength(sentence)) continue;
    const terms = opts.sentenceKeys?.[index] ?? sentenceKeys(sentence);
    if (terms.length < 3) continue;
    askedIndex.push(index);
    askedTerms.push(terms);
  }
  const asked = sharedAskedKeys;
  asked.ask(askedTerms);
  coverage.answer(asked);
  const candidates: Candidate[] = [];
  for (let q = 0; q < askedIndex.length; q++) {
    if (asked.covered(q) >= coveredAt) continue;
    const index = askedIndex[q]!;
    const sentence = sentences[index]!;
    // Only the few new sentences are tokenised again: keeping every sentence's tokens until now would cost more memory than this.
    const base = factuality(sentence) + (emphasises(emphasis, sentence) ? 0.4 : 0) + (opensWithSubject(subjects, sentence) ? 0.4 : 0) + 0.4 / (1 + index * 0.2);
    candidates.push({ index, asked: q, base, picked: false });
  }
  if (candidates.length === 0) return [];
  const weights = termWeights(asked, askedIndex, sentences, opts);
  const picked = pickNovel(candidates, asked, weights, max);
  return picked.sort((a, b) => a.index - b.index).map((c) => clip(sentences[c.index]!, 400));
}

/**
 * A term's worth to a sentence, per slot of the asked keys: rarer in the article is worth
 * less, and a term some earlier sentence used is worth 0.3 of a novel one. It does not change
 * between rounds of picking, so it is weighed once. Counted from the sentences' keys when
 * they show the article's terms have distinct keys; otherwise every term is keyed again.
 */
function termWeights(asked: AskedKeys, askedIndex: readonly number[], sentences: readonly string[], opts: WhatsNewOptions): Float64Array {
  if (sharedWeights.length < asked.slots) sharedWeights = new Float64Array(asked.slots);
  const weights = sharedWeights;
  const keys = opts.sentenceKeys;
  const tf = opts.termFrequencies;
  if (tf && keys && keys.length === sentences.length && countKeys(asked, askedIndex, keys, tf.size)) {
    const counts = sharedKeyCounts;
    for (let slot = 0; slot < asked.slots; slot++) if (asked.head[slot]! >= 0) weights[slot] = log1pCount(counts[slot]!) * (asked.used[slot] ? 0.3 : 1);
    return weights;
  }
  weighTerms(asked, tf ?? termFrequencies(sentences), weights);
  return weights;
}

/** Per slot of the shared AskedKeys: the sentences holding its key (grown, never shrunk). */
let sharedKeyCounts = new Uint32Array(0);

/**
 * Counts, per asked slot, the sentences whose keys hold it (into `sharedKeyCounts`), and
 * returns whether the sentences' distinct keys are as many as the article's distinct terms
 * (`terms`). Every term's key is among the keys and every key is some term's, so only then
 * does each key stand for one term, and its count of sentences is that term's frequency: the
 * terms' strings, scattered over the heap, need not be read and hashed again. `keys`: the
 * `sentenceKeys` of every sentence (each sentence's keys distinct); `askedIndex`: the
 * sentences asked about, in order.
 */
function countKeys(asked: AskedKeys, askedIndex: readonly number[], keys: readonly Uint32Array[], terms: number): boolean {
  if (sharedKeyCounts.length < asked.slots) sharedKeyCounts = new Uint32Array(asked.slots);
  const counts = sharedKeyCounts;
  counts.fill(0, 0, asked.slots);
  let distinctKeys = 0;
  for (let slot = 0; slot < asked.slots; slot++) if (asked.head[slot]! >= 0) distinctKeys++;
  // An asked sentence's keys are in the slots' lists, once each.
  const askedKeys = asked.starts[asked.count]!;
  for (let x = 0; x < askedKeys; x++) counts[asked.slotAt[x]!]!++;
  // The sentences not asked about count too; keys only they hold are counted apart.
  let others: Set<number> | null = null;
  for (let index = 0, q = 0; index < keys.length; index++) {
    if (q < askedIndex.length && askedIndex[q] === index) {
      q++;
      continue;
    }
    const list = keys[index]!;
    for (let i = 0; i < list.length; i++) {
      const slot = asked.find(list[i]!);
      if (slot >= 0) counts[slot]!++;
      else (others ??= new Set()).add(list[i]!);
    }
  }
  return distinctKeys + (others?.size ?? 0) === terms;
}

/** `termWeights` from every term of the article, keyed again. */
function weighTerms(asked: AskedKeys, tf: ReadonlyMap<string, number>, weights: Float64Array): void {
  // A term without a frequency counts as used once. Slots not asked about are never read: left as they are.
  const once = log1pCount(1);
  for (let slot = 0; slot < asked.slots; slot++) if (asked.head[slot]! >= 0) weights[slot] = once * (asked.used[slot] ? 0.3 : 1);
  // Terms whose keys collide: the last one read decides, as it did when they were keyed in a Map.
  tf.forEach((n, term) => {
    const slot = asked.find(termKey(term));
    if (slot >= 0) weights[slot] = log1pCount(n) * (asked.used[slot] ? 0.3 : 1);
  });
}

/**
 * Up to `max` candidates, greedily: each round takes the best base score plus the worth of
 * its terms not yet picked, skipping sentences whose terms were mostly picked already.
 */
function pickNovel(candidates: Candidate[], asked: AskedKeys, weights: Float64Array, max: number): Candidate[] {
  const picked: Candidate[] = [];
  if (sharedPickedSlots.length < asked.slots) sharedPickedSlots = new Uint8Array(asked.slots);
  const pickedSlots = sharedPickedSlots;
  pickedSlots.fill(0, 0, asked.slots);
  while (picked.length < max) {
    let best: Candidate | null = null;
    let bestScore = -Infinity;
    for (let k = 0; k < candidates.length; k++) {
      const c = candidates[k]!;
      if (c.picked) continue;
      const from = asked.starts[c.asked]!;
      const to = asked.starts[c.asked + 1]!;
      let salience = 0;
      let repeats = 0;
      for (let x = from; x < to; x++) {
        const slot = asked.slotAt[x]!;
        if (pickedSlots[slot]) repeats++;
        else salience += weights[slot]!;
      }
      const terms = to - from;
      if (repeats / terms >= 0.4) continue;
      const score = c.base + (0.2 * salience) / Math.sqrt(terms);
      if (score > bestScore) {
        best = c;
        bestScore = score;
      }
    }
    if (!best) break;
    best.picked = true;
    picked.push(best);
    for (let x = asked.starts[best.asked]!; x < asked.starts[best.asked + 1]!; x++) pickedSlots[asked.slotAt[x]!] = 1;
  }
  return picked;
}

/** `whatsNew` over plain sentences: the earlier articles are given as their sentences. */
export function whatsNew(newArticleSentences: readonly string[], earlierArticles: ReadonlyArray<readonly string[]>, opts?: WhatsNewOptions): string[] {
  const coverage = new Coverage();
  for (const sentences of earlierArticles) coverage.addSentences(sentences);
  return whatsNewFromCoverage(newArticleSentences, coverage, opts);
}
