/**
 * Text primitives shared by duplicate detection, storylines, summaries and tagging:
 * Unicode clean-up, word tokens, sentence splitting and title normalisation.
 */

const NON_ASCII = /[^\x00-\x7f]/;

/** NFKC, curly quotes and dashes folded to ASCII, so outlets that typeset differently compare equal. */
export function normaliseText(text: string): string {
  // ASCII is already in NFKC and holds none of the folded characters: most text is, and it is normalised per sentence and per word.
  if (!NON_ASCII.test(text)) return text;
  return text
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201F\u2033]/g, '"')
    .replace(/[\u2010\u2011\u2012]/g, '-')
    .replace(/\u00A0/g, ' ');
}

const WORD = /[\p{L}\p{N}]+/gu;

export function isAscii(text: string): boolean {
  return !NON_ASCII.test(text);
}

/** True for the char codes of [A-Za-z0-9]: the letters and digits of ASCII. */
export function isAsciiWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57);
}

/**
 * The WORD tokens of ASCII text, found by a scan of char codes: in ASCII the only letters
 * and digits are [A-Za-z0-9], and the scan allocates no match objects (words are read
 * several times per article). Callers check `isAscii` first.
 */
export function asciiWords(text: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < text.length; i++) {
    if (isAsciiWordChar(text.charCodeAt(i))) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out.push(text.slice(start, i));
      start = -1;
    }
  }
  if (start >= 0) out.push(text.slice(start));
  return out;
}

/** Lower-cased word tokens (letters and digits); punctuation, apostrophes and hyphens split words. */
export function tokenize(text: string): string[] {
  if (isAscii(text)) return asciiWords(text.toLowerCase());
  const out: string[] = [];
  for (const m of normaliseText(text).toLowerCase().matchAll(WORD)) out.push(m[0]);
  return out;
}

/** Lower-case, no diacritics, punctuation folded to single spaces: the key for same-title duplicates. */
export function normaliseTitle(title: string): string {
  return normaliseText(title)
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** Anything but printable ASCII (a tab, a line break, a character to normalise). */
const NOT_PRINTABLE_ASCII = /[^\x20-\x7e]/;

/**
 * True when collapsing whitespace (`.replace(/\s+/g, ' ').trim()`) would leave the text as it
 * is, and when normalising would too: printable ASCII with single spaces between words. Most
 * lines are, and these native scans cost less than the clean-up's new string.
 */
export function isCleanAscii(text: string): boolean {
  return !NOT_PRINTABLE_ASCII.test(text) && !text.includes('  ') && text.charCodeAt(0) !== 32 && text.charCodeAt(text.length - 1) !== 32;
}

/** Words after which a full stop does not end a sentence. Lower-case, without the dot. */
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'mt', 'inc', 'corp', 'ltd', 'co', 'llc', 'plc',
  'vs', 'etc', 'no', 'nos', 'vol', 'fig', 'approx', 'est', 'dept', 'univ', 'gov', 'sen', 'rep', 'gen',
  'col', 'lt', 'sgt', 'capt', 'cmdr', 'adm', 'rev', 'hon', 'pres', 'jan', 'feb', 'mar', 'apr', 'jun',
  'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec', 'e.g', 'i.e', 'cf', 'al', 'ft', 'mln', 'bn',
]);

const BOUNDARY = /[.!?\u2026]+["')\]]*\s+/g;

/**
 * The last word of `before` (a run of non-space characters at its end; '' when it ends in a
 * space). `before` is part of a line whose whitespace splitSentences has collapsed to single
 * spaces, so the word starts after the last space: no regex scan of the whole line so far.
 */
function lastWord(before: string): string {
  return before.slice(before.lastIndexOf(' ') + 1);
}

function endsWithAbbreviation(before: string): boolean {
  const last = lastWord(before);
  if (!last) return false;
  const word = last.replace(/^["'(\[]+/, '');
  const bare = word.replace(/\.+$/, '');
  if (ABBREVIATIONS.has(bare.toLowerCase())) return true;
  // Initials and dotted acronyms: "J.", "U.S.", "U.K.", "a.m.", but not "a Series A."
  if (/^\p{L}$/u.test(bare)) return !/\b(?:series|plan|type|class|grade|tier|vitamin)\s+\S+$/i.test(before);
  if (/^(?:\p{L}\.)+\p{L}$/u.test(bare)) return true;
  return false;
}

/** Abbreviations that often end a sentence ("in the U.S.", "Acme Inc."), unlike titles before a name. */
const SENTENCE_FINAL = new Set(['inc', 'corp', 'ltd', 'co', 'llc', 'plc', 'etc', 'jr', 'sr', 'al']);
/** Words that open a sentence far more often than they follow "U.S." or "Inc." inside one. */
const OPENER = /^(?:The|A|An|It|Its|In|On|At|But|And|He|She|They|This|That|These|Those|We|I|Meanwhile|However|Earlier|Last|Now)\b/;

function canEndSentence(before: string): boolean {
  const last = lastWord(before);
  if (!last) return false;
  const bare = last.replace(/^["'(\[]+/, '').replace(/\.+$/, '');
  return SENTENCE_FINAL.has(bare.toLowerCase()) || /^(?:\p{L}\.){1,}\p{L}$/u.test(bare);
}

/**
 * Sentences in reading order. Line breaks always end a sentence (feeds put headings and
 * paragraphs on their own lines); within a line a sentence ends at . ! ? followed by space
 * and a capital, digit or quote, except after abbreviations and initials ("U.S.", "Dr.").
 */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (const rawLine of normaliseText(text).split(/\r?\n+/)) lineSentences(cleanLine(rawLine), out);
  return out;
}

/** A line of normalised text with its whitespace collapsed to single spaces and trimmed. */
export function cleanLine(line: string): string {
  return isCleanAscii(line) ? line : line.replace(/\s+/g, ' ').trim();
}

/** The sentences of one line `cleanLine` has cleaned, pushed on `out` in order. */
export function lineSentences(line: string, out: string[]): void {
  if (!line) return;
  let start = 0;
  BOUNDARY.lastIndex = 0;
  for (let m = BOUNDARY.exec(line); m; m = BOUNDARY.exec(line)) {
    const end = m.index + m[0].length;
    const next = line.charAt(end);
    if (!/["'(\[\p{Lu}\p{N}]/u.test(next)) continue;
    const punct = m[0].trim();
    if (punct.startsWith('.') && !punct.startsWith('...')) {
      const before = line.slice(start, m.index);
      if (endsWithAbbreviation(before) && !(canEndSentence(before) && OPENER.test(line.slice(end)))) continue;
    }
    const sentence = line.slice(start, end).trim();
    if (sentence) out.push(sentence);
    start = end;
  }
  const rest = line.slice(start).trim();
  if (rest) out.push(rest);
}

/** Number of word tokens, without allocating them. */
export function wordCount(text: string): number {
  // One scan counts the words of ASCII text and stops at the first other character.
  let n = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128) return unicodeWordCount(text);
    const wordChar = isAsciiWordChar(c);
    if (wordChar && !inWord) n++;
    inWord = wordChar;
  }
  return n;
}

function unicodeWordCount(text: string): number {
  let n = 0;
  for (const _ of text.matchAll(WORD)) n++;
  return n;
}
