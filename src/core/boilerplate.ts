/**
 * Recognises the furniture feeds wrap around an article ("5 min read", "Source: Axios",
 * a date line, comment-form and newsletter footers) so that summaries, leads and
 * duplicate shingles are built from the article's own prose.
 */
import { cleanLine, isCleanAscii, lineSentences, normaliseText } from './text.js';

const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';

/** One pattern per kind of furniture line; exported so tests can check the combined form against them one by one. */
export const LINE_PATTERNS: readonly RegExp[] = [
  /^\d+\s*(?:-\s*)?(?:min|mins|minute|minutes)\s*(?:read|listen)?$/i,
  /^(?:source|sources|via|credit|credits|image|photo|photograph|illustration)s?\s*(?::.*)?$/i,
  new RegExp(`^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\\s+)?${MONTH}\\s+\\d{1,2},?\\s+\\d{4}(?:\\s*(?:at\\s*)?\\d{1,2}:\\d{2}.*)?$`, 'i'),
  new RegExp(`^(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\\s+)?\\d{1,2}\\s+${MONTH},?\\s+\\d{4}.*$`, 'i'),
  /^\d{4}-\d{2}-\d{2}(?:[t ][\d:.+z-]*)?$/i,
  /^(?:updated|published|posted)\b.{0,40}\d{4}.*$/i,
  /^by\s+[\p{Lu}][\p{L}.'-]*(?:\s+[\p{Lu}][\p{L}.'-]*){0,3}$/u,
  /^(?:share|tweet|email|print|advertisement|sponsored|related|read more|see also|more from|trending)\b.{0,40}$/i,
  /^leave a (?:reply|comment)/i,
  /your email address will not be published/i,
  /required fields are marked/i,
  /^you may have missed/i,
  /^(?:sign up|subscribe|join)\b.{0,120}$/i,
  /\bnewsletter\b.{0,60}$/i,
  /delivered (?:weekly|daily|to your inbox)/i,
  /all rights reserved/i,
  /^©|^copyright\b/i,
  /\b(?:appeared first|first appeared|originally appeared|was first published) (?:on|in)\b/i,
  /^this (?:post|article|story) (?:was )?(?:originally )?(?:appeared|published)/i,
  /^(?:follow us|click here|listen to|watch:)/i,
  /\blogo$/i,
];

/** Furniture is short: a longer line is prose even when it mentions a newsletter. */
const MAX_FURNITURE = 240;

/**
 * The case-insensitive patterns as one alternation (true when any of them matches): one
 * regex call per line instead of twenty, and most lines are prose that none matches.
 */
const CASELESS = new RegExp(
  LINE_PATTERNS.filter((re) => re.flags === 'i').map((re) => `(?:${re.source})`).join('|'),
  'i',
);
const CASED = LINE_PATTERNS.filter((re) => re.flags !== 'i');

/** True when a line (or sentence) is feed furniture rather than the article's prose. */
export function isBoilerplate(line: string): boolean {
  return isCleanFurniture(normalisedLine(line));
}

/** The line normalised, its whitespace collapsed and trimmed. */
function normalisedLine(line: string): string {
  // Sentences and most lines need no clean-up.
  return isCleanAscii(line) ? line : cleanLine(normaliseText(line));
}

/**
 * `isBoilerplate` of a line already cleaned up (normalised, whitespace collapsed, trimmed),
 * such as an ASCII sentence of `splitSentences`: no clean-up to check for again.
 */
export function isCleanFurniture(text: string): boolean {
  if (!text) return true;
  if (text.length > MAX_FURNITURE) return false;
  return CASELESS.test(text) || CASED.some((re) => re.test(text));
}

export interface Prose {
  /** The article's text without its furniture lines (those `isBoilerplate` finds); paragraphs kept on their own lines. */
  text: string;
  /** `splitSentences(text)`. */
  sentences: string[];
}

/**
 * The article's prose and its sentences from one pass over its lines: each line is cleaned
 * once, for the furniture check and for the sentence split. Line breaks are stable points of
 * NFKC (no character composes across them), so normalising each line gives the lines of the
 * normalised text that splitSentences would cut.
 */
export function readProse(text: string): Prose {
  const kept: string[] = [];
  const sentences: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const clean = normalisedLine(line);
    if (isCleanFurniture(clean)) continue;
    kept.push(line);
    lineSentences(clean, sentences);
  }
  return { text: kept.join('\n'), sentences };
}
