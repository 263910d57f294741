/**
 * Splits an article into title, lead and body. The lead (the first sentences of the
 * article's own prose) is what a story is about; a roundup's tail is not. Every later
 * stage weighs these regions differently.
 */
import { isBoilerplate, stripBoilerplate } from './boilerplate.js';
import { contentTerms } from './terms.js';
import { splitSentences, wordCount } from './text.js';

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
  if (titleTerms.size === 0) return false;
  const terms = contentTerms(sentence);
  if (terms.length === 0) return true;
  let inTitle = 0;
  for (const t of terms) if (titleTerms.has(t)) inTitle++;
  return inTitle / terms.length >= 0.7;
}

/** A line without sentence punctuation and only a few words is a heading or a label. */
function isHeading(sentence: string): boolean {
  return !/[.!?"')\]]$/.test(sentence) && wordCount(sentence) < 12;
}

/** `prose`: the text without furniture lines, when the caller already has it. */
export function splitRegions(title: string, text: string, prose = stripBoilerplate(text)): ArticleRegions {
  const titleTerms = new Set(contentTerms(title));
  const all = splitSentences(prose);
  const sentences: string[] = [];
  const kept: string[] = [];
  for (const s of all) {
    if (isBoilerplate(s)) continue;
    kept.push(s);
    // Headings and title echoes add nothing to a lead or a summary; they stay out of the prose.
    if (isHeading(s) || (sentences.length < 4 && echoesTitle(s, titleTerms))) continue;
    sentences.push(s);
  }
  // A teaser without punctuation is still the article's text.
  if (sentences.length === 0) sentences.push(...kept.filter((s) => !echoesTitle(s, titleTerms)));
  let leadEnd = 0;
  let words = 0;
  while (leadEnd < sentences.length && leadEnd < LEAD_SENTENCES && words < LEAD_WORDS) {
    words += wordCount(sentences[leadEnd]!);
    leadEnd++;
  }
  return {
    title,
    sentences,
    leadEnd,
    lead: sentences.slice(0, leadEnd).join(' '),
    body: sentences.slice(leadEnd).join(' '),
  };
}
