/**
 * Splits an article into title, lead and body. The lead (the first sentences of the
 * article's own prose) is what a story is about; a roundup's tail is not. Every later
 * stage weighs these regions differently.
 */
import { isBoilerplate, isCleanFurniture, readProse } from './boilerplate.js';
import { sentenceWords, type SentenceWords } from './sentence-words.js';
import { contentTerms } from './terms.js';

export interface ArticleRegions {
  title: string;
  /** Prose sentences (furniture and echoes of the title removed), in order. */
  sentences: string[];
  /** Index into `sentences` where the body starts (the lead is sentences[0..leadEnd)). */
  leadEnd: number;
  lead: string;
  body: string;
}

/** The lead stops after this many sentences or once it has this many words. */
const LEAD_SENTENCES = 3;
const LEAD_WORDS = 70;

/** True when a sentence mostly repeats the headline ("BitcoinWorld <title>", a subtitle line). */
export function echoesTitle(sentence: string, titleTerms: ReadonlySet<string>): boolean {
  return termsEchoTitle(contentTerms(sentence), titleTerms);
}

/** `echoesTitle` from the sentence's `contentTerms`. */
function termsEchoTitle(terms: readonly string[], titleTerms: ReadonlySet<string>): boolean {
  if (titleTerms.size === 0) return false;
  if (terms.length === 0) return true;
  let inTitle = 0;
  for (const t of terms) if (titleTerms.has(t)) inTitle++;
  return inTitle / terms.length >= 0.7;
}

/** A line without sentence punctuation and only a few words is a heading or a label. */
function isHeading(s: SentenceWords): boolean {
  return !/[.!?"')\]]$/.test(s.text) && s.words < 12;
}

/** `splitRegions` with the words of its sentences, read once for every later stage. */
export interface ReadRegions {
  regions: ArticleRegions;
  /** Words of `regions.sentences`, in order. */
  sentences: SentenceWords[];
  /** Words of every sentence of the prose, furniture and headings too, in order. */
  all: SentenceWords[];
}

/** `proseSentences`: `splitSentences` of the text without furniture lines. `titleTerms`: the title's `contentTerms`. */
export function readRegions(title: string, titleTerms: readonly string[], proseSentences: readonly string[]): ReadRegions {
  const titleSet = new Set(titleTerms);
  const all = proseSentences.map(sentenceWords);
  const sentences: SentenceWords[] = [];
  const kept: SentenceWords[] = [];
  for (const s of all) {
    // An ASCII sentence is clean already: splitSentences collapsed its line's whitespace and trimmed it.
    if (s.ascii ? isCleanFurniture(s.text) : isBoilerplate(s.text)) continue;
    kept.push(s);
    // Headings and title echoes add nothing to a lead or a summary; they stay out of the prose.
    if (isHeading(s) || (sentences.length < 4 && termsEchoTitle(s.terms, titleSet))) continue;
    sentences.push(s);
  }
  // A teaser without punctuation is still the article's text.
  if (sentences.length === 0) sentences.push(...kept.filter((s) => !termsEchoTitle(s.terms, titleSet)));
  let leadEnd = 0;
  let words = 0;
  while (leadEnd < sentences.length && leadEnd < LEAD_SENTENCES && words < LEAD_WORDS) {
    words += sentences[leadEnd]!.words;
    leadEnd++;
  }
  const texts = sentences.map((s) => s.text);
  const regions = { title, sentences: texts, leadEnd, lead: texts.slice(0, leadEnd).join(' '), body: texts.slice(leadEnd).join(' ') };
  return { regions, sentences, all };
}

/** The title, lead and body of an article, read from its prose (furniture lines dropped). */
export function splitRegions(title: string, text: string): ArticleRegions {
  return readRegions(title, contentTerms(title), readProse(text).sentences).regions;
}
