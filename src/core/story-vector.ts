/**
 * What an article is about, as two weighted vectors for storyline similarity: the words
 * that say what happened (terms) and who it happened to (entities and topics). Keeping the
 * channels apart lets the storyline index demand agreement on both, so two different
 * stories about the same company (Meta's glasses, Meta's model strategy) stay apart while a
 * follow-up in new words still meets its storyline through shared names and key terms.
 * The headline and lead dominate; the body adds only terms it keeps repeating, so the
 * unrelated links in a roundup's tail barely register.
 */
import { fnv1a32 } from './hash.js';
import { kthSmallest, type SparseVector } from './sparse.js';
import { contentTerms, keyedTerms, termKey, wordTerms, type KeyedTerm } from './terms.js';
import { sentenceWords, type SentenceWords } from './sentence-words.js';
import { isAscii, isAsciiWordChar } from './text.js';
import { grown } from './typed-arrays.js';

export const TITLE_TERM = 3;
export const LEAD_TERM = 1.5;
export const BODY_TERM = 0.4;
/** A body word used once still says a little: follow-ups recap the background in it. */
export const BODY_TERM_ONCE = 0.3;
export const TITLE_ENTITY = 4;
export const LEAD_ENTITY = 3;
export const BODY_ENTITY = 1;
export const TOPIC_WEIGHT = 1;
/** Names the gazetteer does not know (a startup, a senator, a judge), per region. */
export const TITLE_NAME = 3;
export const LEAD_NAME = 2;
export const BODY_NAME = 0.5;
/** A single body mention of a known entity counts a little: follow-ups recap who was involved. */
export const BODY_ENTITY_ONCE = 0.5;
/** Only the opening of a long body is read. */
const BODY_WORDS = 600;
const MAX_TERMS = 64;
const MAX_ENTITIES = 32;

/**
 * The seed `fnv1a32` holds after reading `prefix` from `seed`: hashing a text from it gives
 * `fnv1a32(prefix + text, seed)` without building the joined string.
 */
const afterPrefix = (prefix: string, seed: number): number => fnv1a32(prefix, seed);
const NAME_SEED = afterPrefix('!', 0x27d4eb2f);
const ENTITY_SEED = afterPrefix('@', 0x1b873593);
const TOPIC_SEED = afterPrefix('#', 0x2c1b3c6d);
const AXIS_SEED = afterPrefix('%', 0x165667b1);

/** `fnv1a32('!' + name, 0x27d4eb2f)`. */
export const nameKey = (name: string): number => fnv1a32(name, NAME_SEED);
/** `fnv1a32('@' + name, 0x1b873593)`. */
export const entityKey = (name: string): number => fnv1a32(name, ENTITY_SEED);
/** `fnv1a32('#' + id, 0x2c1b3c6d)`. */
export const topicKey = (id: string): number => fnv1a32(id, TOPIC_SEED);
/** `fnv1a32('%' + topic, 0x165667b1)`. */
export const axisKey = (topic: string): number => fnv1a32(topic, AXIS_SEED);
/**
 * A topic's angle axis (open vs closed, for Meta) counts like a shared name: reports taking
 * a side in the same debate are one running story whichever side each leans to, and a
 * report taking no side differs from them a little more.
 */
export const AXIS_WEIGHT = 4;

export interface StoryText {
  title: string;
  lead: string;
  body: string;
  /** Entity name -> mentions, per region. */
  entities: { title: ReadonlyMap<string, number>; lead: ReadonlyMap<string, number>; body: ReadonlyMap<string, number> };
  topics: readonly string[];
  /** Topic id -> the angle the article clearly leans to. */
  angles?: Readonly<Record<string, string>>;
  /** `contentTerms` of the title, the lead and the body with their keys, when the caller already has them. */
  titleTerms?: readonly KeyedTerm[];
  leadTerms?: readonly KeyedTerm[];
  bodyTerms?: readonly KeyedTerm[];
  /** Sentences of the lead and the body, when the caller already has them. */
  sentences?: RegionSentences;
}

export interface StoryVector {
  /** Content terms and topics (names excluded: those live in `entities`). */
  terms: SparseVector;
  /** Gazetteer entities and other proper names. */
  entities: SparseVector;
  /** Entity and name keys of the headline (sorted): the story's protagonists. */
  protagonists: Uint32Array;
}

/** Capitalised words that are not names: calendar words, "AI", funding stages ("Series B"). */
const NOT_NAMES = new Set(
  ('monday tuesday wednesday thursday friday saturday sunday january february march april may june july august ' +
    'september october november december i ai series').split(' '),
);
const CAPITALISED = /(^|[^\p{L}\p{N}'])(\p{Lu}[\p{L}\p{N}]*)/gu;
const LOWER = /(^|[^\p{L}\p{N}'])(\p{Ll}[\p{L}\p{N}]*)/gu;
const SENTENCE_END = /[.!?:"]/;
const SPACE = /\s/;

/**
 * True when the word at `index` opens the text, a sentence or a line: only whitespace
 * before it, or whitespace holding a line break, or sentence punctuation then whitespace.
 * Scans back from the word, so it costs the same wherever the word is in a long body.
 */
function opensSentence(text: string, index: number): boolean {
  let j = index - 1;
  let lineBreak = false;
  for (; j >= 0 && SPACE.test(text.charAt(j)); j--) if (text.charAt(j) === '\n') lineBreak = true;
  return j < 0 || lineBreak || SENTENCE_END.test(text.charAt(j));
}

/** `opensSentence` for ASCII text, by char codes: there `\s` is [\t\n\v\f\r ]. */
function opensSentenceAscii(text: string, index: number): boolean {
  let j = index - 1;
  let lineBreak = false;
  for (; j >= 0; j--) {
    const c = text.charCodeAt(j);
    if (c !== 32 && (c < 9 || c > 13)) break;
    if (c === 10) lineBreak = true;
  }
  return j < 0 || lineBreak || endsSentence(text.charCodeAt(j));
}

/** `SENTENCE_END` by char code. */
function endsSentence(c: number): boolean {
  return c === 46 || c === 33 || c === 63 || c === 58 || c === 34; // . ! ? : "
}

/**
 * The words of ASCII sentences that CAPITALISED and LOWER would match in the sentences'
 * texts joined by spaces (runs of [A-Za-z0-9] that open with a letter and do not follow an
 * apostrophe: "Meta's" gives no "s"), marked in `terms` as properNames reads them. The words
 * are the ones the sentence scan found: no search for each word in the text, no second hash
 * of it. A capitalised word's term opens with a letter, so it is never the all-digit term the
 * regex path drops. Sentences are trimmed, so in the joined text a sentence's first word
 * follows one space and the previous sentence's last character, or opens the text.
 */
function scanSentenceNames(sentences: readonly SentenceWords[], terms: ArticleTerms): void {
  let firstOpens = true;
  for (const s of sentences) {
    const text = s.text;
    const words = s.entries;
    let at = 0;
    for (let k = 0; k < words.length; k++) {
      const w = words[k]!;
      // Only characters outside words lie between one word and the next.
      while (!isAsciiWordChar(text.charCodeAt(at))) at++;
      const i = at;
      at += w.written.length;
      const first = w.written.charCodeAt(0);
      if (first < 65 || w.term === '' || (i > 0 && text.charCodeAt(i - 1) === 39)) continue;
      if (first >= 97) terms.markLower(w);
      else if (!NOT_NAMES.has(w.lower)) terms.mark(terms.index(w), (i === 0 ? firstOpens : opensSentenceAscii(text, i)) ? OPENS_SENTENCE : CAPITALISED_WITHIN);
    }
    firstOpens = endsSentence(text.charCodeAt(text.length - 1));
  }
}

/** The sentences of the lead and of the body (their texts joined by spaces are `lead` and `body`). */
export interface RegionSentences {
  lead: readonly SentenceWords[];
  body: readonly SentenceWords[];
}

/**
 * Proper names by their stemmed lower-case form: words of the lead or body written with a
 * capital in the middle of a sentence, or at the start of one when the headline carries
 * them too and the text never writes them in lower case ("Corvane, a chip startup ...").
 * Headlines alone are no source: many outlets capitalise every word.
 */
/** `titleTerms`, `sentences`: the title's `contentTerms` and the lead's and body's sentences, when the caller has them. */
export function properNames(
  title: string,
  lead: string,
  body: string,
  titleTerms: readonly string[] = contentTerms(title),
  sentences?: RegionSentences,
): Set<string> {
  const terms = new ArticleTerms();
  for (const t of keyedTerms(titleTerms)) terms.mark(terms.index(t), IN_TITLE);
  markProperNames(terms, lead, body, sentences);
  const out = new Set<string>();
  for (let i = 0; i < terms.size; i++) if (terms.isName(i)) out.add(terms.term(i));
  return out;
}

/** Marks in `terms` (the title's already marked IN_TITLE) how the lead and body write their words. */
function markProperNames(terms: ArticleTerms, lead: string, body: string, sentences?: RegionSentences): void {
  const capitalised = (text: string, word: string, start: number): void => {
    const atStart = opensSentence(text, start);
    if (NOT_NAMES.has(word.toLowerCase())) return;
    for (const t of keyedTerms(wordTerms(word))) if (!/^\d+$/.test(t.term)) terms.mark(terms.index(t), atStart ? OPENS_SENTENCE : CAPITALISED_WITHIN);
  };
  for (const [text, read] of [[lead, sentences?.lead], [body, sentences?.body]] as const) {
    if (read && read.every((s) => s.ascii)) {
      scanSentenceNames(read, terms);
      continue;
    }
    // ASCII text read as one sentence: its first word opens it, the others as their text says.
    if (isAscii(text)) {
      scanSentenceNames([sentenceWords(text)], terms);
      continue;
    }
    for (const m of text.matchAll(LOWER)) for (const t of keyedTerms(wordTerms(m[2]!))) terms.markLower(t);
    for (const m of text.matchAll(CAPITALISED)) capitalised(text, m[2]!, m.index + m[1]!.length);
  }
}

/** What an article says of a term: bits of `ArticleTerms` marks. */
const IN_TITLE = 1;
/** A word of a gazetteer entity found in the article: counted as the entity, not as a term. */
const KNOWN = 2;
/** Written in lower case in the lead or body. */
const LOWER_CASE = 4;
/** Capitalised at the start of a sentence of the lead or body. */
const OPENS_SENTENCE = 8;
/** Capitalised inside a sentence of the lead or body. */
const CAPITALISED_WITHIN = 16;

/**
 * One article's terms, each with what the article says of it (marks) and how often the
 * body uses it: the sets of strings (title terms, entity words, proper names) and the body's
 * term counts the story vector consulted per word, as one table in typed arrays reused from
 * one article to the next. Looked up by the term's key, carried by the word's memo entry,
 * so no term is hashed again; terms are interned, so a lookup mostly compares pointers.
 */
export class ArticleTerms {
  /** Terms and their keys, marks and body counts, in order of first use. */
  private terms: string[] = [];
  private keys = new Int32Array(64);
  private marks = new Uint8Array(64);
  private counts = new Int32Array(64);
  /** The terms the body uses, in order of first use there. */
  private bodyOrder = new Int32Array(64);
  bodyTerms = 0;
  /** Open addressing: slot -> index + 1 (0 = empty). Twice the capacity, so half full at most. */
  private slots = new Int32Array(128);
  private shift = 32 - 7;
  size = 0;

  /** The term's index, or -1 when it is not in the table. */
  find(t: KeyedTerm): number {
    return this.slots[this.slot(t)]! - 1;
  }

  /** The term's index, the term added when it is new. */
  index(t: KeyedTerm): number {
    const s = this.slot(t);
    const at = this.slots[s]! - 1;
    if (at >= 0) return at;
    if (this.size === this.keys.length) {
      this.grow();
      return this.index(t);
    }
    const i = this.size;
    this.terms[i] = t.term;
    this.keys[i] = t.key;
    this.marks[i] = 0;
    this.counts[i] = 0;
    this.slots[s] = ++this.size;
    return i;
  }

  mark(i: number, mark: number): void {
    this.marks[i] = this.marks[i]! | mark;
  }

  has(i: number, mark: number): boolean {
    return (this.marks[i]! & mark) !== 0;
  }

  /** A lower-case use matters only for a term the table holds: the title's vetoes a capitalised opener. */
  markLower(t: KeyedTerm): void {
    const i = this.find(t);
    if (i >= 0) this.mark(i, LOWER_CASE);
  }

  /**
   * A proper name (see `properNames`) and no gazetteer entity's word: capitalised inside a
   * sentence, or opening one when the title has it and the text never writes it in lower case.
   */
  isName(i: number): boolean {
    const m = this.marks[i]!;
    if ((m & KNOWN) !== 0) return false;
    return (m & CAPITALISED_WITHIN) !== 0 || (m & (OPENS_SENTENCE | IN_TITLE | LOWER_CASE)) === (OPENS_SENTENCE | IN_TITLE);
  }

  /** One more use of the `i`th term in the body. */
  countInBody(i: number): void {
    if (this.counts[i]!++ === 0) this.bodyOrder[this.bodyTerms++] = i;
  }

  /** The index of the `k`th distinct term the body used. */
  bodyTerm(k: number): number {
    return this.bodyOrder[k]!;
  }

  term(i: number): string {
    return this.terms[i]!;
  }

  /** The `i`th term's `termKey`, unsigned. */
  key(i: number): number {
    return this.keys[i]! >>> 0;
  }

  bodyCount(i: number): number {
    return this.counts[i]!;
  }

  clear(): void {
    this.slots.fill(0);
    this.size = 0;
    this.bodyTerms = 0;
  }

  /** The term's slot, or the empty slot where it would go. */
  private slot(t: KeyedTerm): number {
    const mask = this.slots.length - 1;
    let s = Math.imul(t.key, 0x9e3779b1) >>> this.shift;
    for (let at = this.slots[s]! - 1; at >= 0; at = this.slots[s]! - 1) {
      // Different terms may share a key: only the same term is found with it.
      if (this.keys[at] === t.key && this.terms[at] === t.term) return s;
      s = (s + 1) & mask;
    }
    return s;
  }

  /** Twice the capacity, every term at the index it had. */
  private grow(): void {
    const capacity = this.keys.length * 2;
    this.keys = grown(this.keys, new Int32Array(capacity));
    this.marks = grown(this.marks, new Uint8Array(capacity));
    this.counts = grown(this.counts, new Int32Array(capacity));
    this.bodyOrder = grown(this.bodyOrder, new Int32Array(capacity));
    this.slots = new Int32Array(capacity * 2);
    this.shift--;
    const mask = this.slots.length - 1;
    for (let i = 0; i < this.size; i++) {
      let s = Math.imul(this.keys[i]!, 0x9e3779b1) >>> this.shift;
      while (this.slots[s] !== 0) s = (s + 1) & mask;
      this.slots[s] = i + 1;
    }
  }
}

/**
 * Weights summed per key while one vector is built, then its strongest keys as a sparse
 * vector: what a Map<number, number> and `toSparse` gave, in typed arrays reused from one
 * article to the next. Uint32 keys in a Map are mostly boxed numbers, and the Map was read
 * three times over to make the vector.
 */
export class KeyWeights {
  /** Keys and their sums, in order of first use. */
  private keys = new Uint32Array(64);
  private sums = new Float64Array(64);
  /** Open addressing: slot -> index into keys + 1 (0 = empty). Twice the capacity, so half full at most. */
  private slots = new Int32Array(128);
  private shift = 32 - 7;
  private size = 0;
  /** Scratch for `take`, as long as `keys`: the positive sums, then the keys at the cut-off, selected there. */
  private selectScratch = new Float64Array(64);

  add(key: number, w: number): void {
    const s = this.slot(key);
    const at = this.slots[s]! - 1;
    if (at >= 0) {
      this.sums[at] = this.sums[at]! + w;
      return;
    }
    if (this.size === this.keys.length) {
      this.grow();
      this.add(key, w);
      return;
    }
    this.keys[this.size] = key;
    this.sums[this.size] = w;
    this.slots[s] = ++this.size;
  }

  /**
   * The `max` largest positive sums (ties to the smaller key) as a vector sorted by key: the
   * vector `toSparse` makes of the same weights. The cut-off and the last key kept at it are
   * selected, not sorted for: only the kept keys are sorted.
   */
  take(max: number): SparseVector {
    const { sums, keys, size } = this;
    let count = 0;
    for (let i = 0; i < size; i++) if (sums[i]! > 0) this.selectScratch[count++] = sums[i]!;
    // As in toSparse: kept are the sums above the cut-off, then the smallest keys at it.
    let cut = 0;
    let tiesKept = false;
    let lastTieKept = 0;
    if (count > max) {
      cut = kthSmallest(this.selectScratch, count, count - max);
      let above = 0;
      let ties = 0;
      for (let i = 0; i < size; i++) {
        if (sums[i]! > cut) above++;
        else if (sums[i] === cut) this.selectScratch[ties++] = keys[i]!;
      }
      tiesKept = true;
      // Keys are distinct, so exactly max - above ties are at or below this key.
      lastTieKept = kthSmallest(this.selectScratch, ties, max - above - 1);
    }
    const kept = Math.min(count, max);
    // One buffer behind both arrays: a typed array this long gets its own off-heap store, and
    // making and freeing one took as long as the rest of take.
    const buffer = new ArrayBuffer(kept * 8);
    const out = { keys: new Uint32Array(buffer, 0, kept), values: new Float32Array(buffer, kept * 4, kept) };
    for (let i = 0, n = 0; i < size; i++) {
      const v = sums[i]!;
      if (v > cut || (tiesKept && v === cut && keys[i]! <= lastTieKept)) out.keys[n++] = keys[i]!;
    }
    out.keys.sort();
    for (let i = 0; i < kept; i++) out.values[i] = sums[this.slots[this.slot(out.keys[i]!)]! - 1]!;
    return out;
  }

  clear(): void {
    this.slots.fill(0);
    this.size = 0;
  }

  /** The key's slot, or the empty slot where it would go. */
  private slot(key: number): number {
    const mask = this.slots.length - 1;
    let s = Math.imul(key, 0x9e3779b1) >>> this.shift;
    while (this.slots[s] !== 0 && this.keys[this.slots[s]! - 1] !== key) s = (s + 1) & mask;
    return s;
  }

  private grow(): void {
    const { keys, sums } = this;
    this.keys = new Uint32Array(keys.length * 2);
    this.sums = new Float64Array(keys.length * 2);
    this.selectScratch = new Float64Array(keys.length * 2);
    this.slots = new Int32Array(keys.length * 4);
    this.shift--;
    this.size = 0;
    for (let i = 0; i < keys.length; i++) this.add(keys[i]!, sums[i]!);
  }
}

/** Scratch for `storyVector`, one per channel, cleared as it starts. */
const termWeights = new KeyWeights();
const entityWeights = new KeyWeights();
/** Scratch for `storyVector`: the article's terms. */
const articleTerms = new ArticleTerms();

/** Marks the stemmed words of the entity names found KNOWN, so a name is counted once, as an entity. */
function markNameTerms(text: StoryText, terms: ArticleTerms): void {
  for (const region of [text.entities.title, text.entities.lead, text.entities.body]) {
    for (const name of region.keys()) for (const t of keyedTerms(contentTerms(name))) terms.mark(terms.index(t), KNOWN);
  }
}

export function storyVector(text: StoryText): StoryVector {
  const terms = articleTerms;
  terms.clear();
  const titleTerms = text.titleTerms ?? keyedTerms(contentTerms(text.title));
  for (const t of titleTerms) terms.mark(terms.index(t), IN_TITLE);
  markNameTerms(text, terms);
  markProperNames(terms, text.lead, text.body, text.sentences);
  const w = termWeights;
  const e = entityWeights;
  w.clear();
  e.clear();
  const protagonists = new Set<number>();
  // Each word goes to one channel: a known entity's words are already counted as the entity.
  const weigh = (list: readonly KeyedTerm[], termWeight: number, nameWeight: number): void => {
    const n = Math.min(list.length, BODY_WORDS);
    for (let i = 0; i < n; i++) {
      const t = list[i]!;
      const at = terms.find(t);
      if (at >= 0 && terms.has(at, KNOWN)) continue;
      if (at >= 0 && terms.isName(at)) e.add(nameKey(t.term), nameWeight);
      else w.add(t.key >>> 0, termWeight);
    }
  };
  weigh(titleTerms, TITLE_TERM, TITLE_NAME);
  for (const t of titleTerms) if (terms.isName(terms.index(t))) protagonists.add(nameKey(t.term));
  for (const [name] of text.entities.title) protagonists.add(entityKey(name));
  weigh(text.leadTerms ?? keyedTerms(contentTerms(text.lead)), LEAD_TERM, LEAD_NAME);
  // The body's words weigh by how often it repeats them: counted first, then each word is
  // put in its channel once (a key gets one body weight, whatever order the channels fill in).
  const body = text.bodyTerms ?? keyedTerms(contentTerms(text.body));
  for (let i = 0; i < Math.min(body.length, BODY_WORDS); i++) terms.countInBody(terms.index(body[i]!));
  for (let k = 0; k < terms.bodyTerms; k++) {
    const at = terms.bodyTerm(k);
    const n = terms.bodyCount(at);
    if (terms.has(at, KNOWN)) continue;
    if (terms.isName(at)) e.add(nameKey(terms.term(at)), BODY_NAME * Math.log2(1 + n));
    else w.add(terms.key(at), n >= 2 ? BODY_TERM * Math.log2(1 + n) : BODY_TERM_ONCE);
  }
  for (const id of text.topics) w.add(topicKey(id), TOPIC_WEIGHT);

  for (const [name] of text.entities.title) e.add(entityKey(name), TITLE_ENTITY);
  for (const [name] of text.entities.lead) e.add(entityKey(name), LEAD_ENTITY);
  for (const [name, n] of text.entities.body) e.add(entityKey(name), n >= 2 ? BODY_ENTITY * Math.log2(1 + n) : BODY_ENTITY_ONCE);
  for (const topic of Object.keys(text.angles ?? {})) e.add(axisKey(topic), AXIS_WEIGHT);
  return { terms: w.take(MAX_TERMS), entities: e.take(MAX_ENTITIES), protagonists: Uint32Array.from(protagonists).sort() };
}
