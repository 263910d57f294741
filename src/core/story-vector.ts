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
import { contentTerms, wordTerms } from './terms.js';
import { sentenceWords, type SentenceWords } from './sentence-words.js';
import { isAscii, isAsciiWordChar } from './text.js';

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

export const termKey = (term: string): number => fnv1a32(term, 0x811c9dc5);
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
  /** `contentTerms` of the title, the lead and the body, when the caller already has them. */
  titleTerms?: readonly string[];
  leadTerms?: readonly string[];
  bodyTerms?: readonly string[];
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
 * apostrophe: "Meta's" gives no "s"), put in the sets properNames keeps. The words are the
 * ones the sentence scan found: no search for each word in the text, no second hash of it.
 * A capitalised word's term opens with a letter, so it is never the all-digit term the regex
 * path drops. Sentences are trimmed, so in the joined text a sentence's first word follows
 * one space and the previous sentence's last character, or opens the text.
 */
function scanSentenceNames(
  sentences: readonly SentenceWords[],
  inTitle: ReadonlySet<string>,
  out: Set<string>,
  initial: Set<string>,
  lower: Set<string>,
): void {
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
      if (first < 65 || (i > 0 && text.charCodeAt(i - 1) === 39)) continue;
      if (first >= 97) {
        if (inTitle.has(w.term)) lower.add(w.term);
      } else if (w.term !== '' && !NOT_NAMES.has(w.lower)) ((i === 0 ? firstOpens : opensSentenceAscii(text, i)) ? initial : out).add(w.term);
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
  const out = new Set<string>();
  const initial = new Set<string>();
  // Lower-case uses matter only for the title's terms (they veto a capitalised opener): only those are kept.
  const inTitle = new Set(titleTerms);
  const lower = new Set<string>();
  const capitalised = (text: string, word: string, start: number): void => {
    const atStart = opensSentence(text, start);
    if (NOT_NAMES.has(word.toLowerCase())) return;
    for (const t of wordTerms(word)) if (!/^\d+$/.test(t)) (atStart ? initial : out).add(t);
  };
  for (const [text, read] of [[lead, sentences?.lead], [body, sentences?.body]] as const) {
    if (read && read.every((s) => s.ascii)) {
      scanSentenceNames(read, inTitle, out, initial, lower);
      continue;
    }
    // ASCII text read as one sentence: its first word opens it, the others as their text says.
    if (isAscii(text)) {
      scanSentenceNames([sentenceWords(text)], inTitle, out, initial, lower);
      continue;
    }
    for (const m of text.matchAll(LOWER)) for (const t of wordTerms(m[2]!)) if (inTitle.has(t)) lower.add(t);
    for (const m of text.matchAll(CAPITALISED)) capitalised(text, m[2]!, m.index + m[1]!.length);
  }
  for (const t of initial) if (inTitle.has(t) && !lower.has(t)) out.add(t);
  return out;
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

/**
 * How often each term occurs, by term in order of first use, with each term's `termKey`:
 * what a Map<string, number> gave, in typed arrays reused from one article to the next, and
 * hashing each term once (the key the vector needs anyway) instead of hashing it into a
 * Map and then again for the vector.
 */
export class TermCounts {
  /** Terms, their keys and counts, in order of first use. */
  private terms: string[] = [];
  private keys = new Uint32Array(64);
  private counts = new Int32Array(64);
  /** Open addressing: slot -> index + 1 (0 = empty). Twice the capacity, so half full at most. */
  private slots = new Int32Array(128);
  private shift = 32 - 7;
  size = 0;

  count(term: string): void {
    const key = termKey(term);
    const mask = this.slots.length - 1;
    let s = Math.imul(key, 0x9e3779b1) >>> this.shift;
    for (let at = this.slots[s]! - 1; at >= 0; at = this.slots[s]! - 1) {
      // Different terms may share a key: only the same term is counted with it.
      if (this.keys[at] === key && this.terms[at] === term) {
        this.counts[at]!++;
        return;
      }
      s = (s + 1) & mask;
    }
    if (this.size === this.keys.length) {
      this.grow();
      this.count(term);
      return;
    }
    this.terms[this.size] = term;
    this.keys[this.size] = key;
    this.counts[this.size] = 1;
    this.slots[s] = ++this.size;
  }

  /** The `i`th distinct term counted, its `termKey` and its count. */
  term(i: number): string {
    return this.terms[i]!;
  }

  key(i: number): number {
    return this.keys[i]!;
  }

  countOf(i: number): number {
    return this.counts[i]!;
  }

  clear(): void {
    this.slots.fill(0);
    this.size = 0;
  }

  private grow(): void {
    const { terms, counts, size } = this;
    this.terms = [];
    this.keys = new Uint32Array(size * 2);
    this.counts = new Int32Array(size * 2);
    this.slots = new Int32Array(size * 4);
    this.shift--;
    this.size = 0;
    for (let i = 0; i < size; i++) {
      this.count(terms[i]!);
      this.counts[i] = counts[i]!;
    }
  }
}

/** Scratch for `storyVector`, one per channel, cleared as it starts. */
const termWeights = new KeyWeights();
const entityWeights = new KeyWeights();
/** Scratch for `storyVector`: the body's terms counted. */
const bodyCounts = new TermCounts();

/** Stemmed words of the entity names found, so a name is counted once, as an entity. */
function nameTerms(text: StoryText): Set<string> {
  const out = new Set<string>();
  for (const region of [text.entities.title, text.entities.lead, text.entities.body]) for (const name of region.keys()) for (const t of contentTerms(name)) out.add(t);
  return out;
}

export function storyVector(text: StoryText): StoryVector {
  const known = nameTerms(text);
  const titleTerms = text.titleTerms ?? contentTerms(text.title);
  const names = properNames(text.title, text.lead, text.body, titleTerms, text.sentences);
  for (const t of known) names.delete(t);
  const w = termWeights;
  const e = entityWeights;
  w.clear();
  e.clear();
  const protagonists = new Set<number>();
  // Each word goes to one channel: a known entity's words are already counted as the entity.
  const weigh = (terms: readonly string[], termWeight: number, nameWeight: number): void => {
    const n = Math.min(terms.length, BODY_WORDS);
    for (let i = 0; i < n; i++) {
      const t = terms[i]!;
      if (known.has(t)) continue;
      if (names.has(t)) e.add(nameKey(t), nameWeight);
      else w.add(termKey(t), termWeight);
    }
  };
  weigh(titleTerms, TITLE_TERM, TITLE_NAME);
  for (const t of titleTerms) if (names.has(t)) protagonists.add(nameKey(t));
  for (const [name] of text.entities.title) protagonists.add(entityKey(name));
  weigh(text.leadTerms ?? contentTerms(text.lead), LEAD_TERM, LEAD_NAME);
  // The body's words weigh by how often it repeats them: counted first, then each word is
  // put in its channel once (a key gets one body weight, whatever order the channels fill in).
  const body = text.bodyTerms ?? contentTerms(text.body);
  bodyCounts.clear();
  for (let i = 0; i < Math.min(body.length, BODY_WORDS); i++) bodyCounts.count(body[i]!);
  for (let i = 0; i < bodyCounts.size; i++) {
    const t = bodyCounts.term(i);
    const n = bodyCounts.countOf(i);
    if (known.has(t)) continue;
    if (names.has(t)) e.add(nameKey(t), BODY_NAME * Math.log2(1 + n));
    else w.add(bodyCounts.key(i), n >= 2 ? BODY_TERM * Math.log2(1 + n) : BODY_TERM_ONCE);
  }
  for (const id of text.topics) w.add(topicKey(id), TOPIC_WEIGHT);

  for (const [name] of text.entities.title) e.add(entityKey(name), TITLE_ENTITY);
  for (const [name] of text.entities.lead) e.add(entityKey(name), LEAD_ENTITY);
  for (const [name, n] of text.entities.body) e.add(entityKey(name), n >= 2 ? BODY_ENTITY * Math.log2(1 + n) : BODY_ENTITY_ONCE);
  for (const topic of Object.keys(text.angles ?? {})) e.add(axisKey(topic), AXIS_WEIGHT);
  return { terms: w.take(MAX_TERMS), entities: e.take(MAX_ENTITIES), protagonists: Uint32Array.from(protagonists).sort() };
}
