/**
 * Content terms for similarity: word tokens without stop words, lightly stemmed so
 * "models"/"model" and "Meta's"/"Meta" meet. Deliberately simple: it must be fast and
 * deterministic, not linguistically perfect.
 */
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
  lower: string;
  term: string;
}

/** Words as written -> their AsciiWord: every sentence of every article looks its words up here. */
const asciiWordMemo = new Map<string, AsciiWord>();

/** `word`: a run of [A-Za-z0-9]. Memoised by the word as written, so a known word costs one lookup. */
export function asciiWord(word: string): AsciiWord {
  let w = asciiWordMemo.get(word);
  if (w === undefined) {
    const lower = word.toLowerCase();
    w = { lower, term: termOf(lower) };
    if (asciiWordMemo.size >= MEMO_LIMIT) asciiWordMemo.clear();
    asciiWordMemo.set(word, w);
  }
  return w;
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
