import { truncate } from '../util/truncate.js';
import { parseFeedDate } from './feed-date.js';
import type { ParseLimits, ParsedItem } from './feed-types.js';
import { htmlToLine, htmlToText } from './html-to-text.js';

/** The fields both parsers dig out of an item, still HTML (or plain text when bodyIsText). */
export interface RawItem {
  guid: unknown;
  link: unknown;
  title: unknown;
  /** Candidates, fullest first; the first non-empty one wins. */
  bodies: unknown[];
  bodyIsText?: boolean;
  /** Candidates, best first (published before updated); the first valid one wins. */
  dates: unknown[];
}

/** xml2js hands text nodes with attributes over as { _: text, $: attrs }. */
export function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (value && typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (typeof v._ === 'string') return v._;
    if (typeof v.value === 'string') return v.value;
  }
  return '';
}

export function toParsedItem(raw: RawItem, limits: ParseLimits): ParsedItem {
  const body = raw.bodies.map(textOf).find((b) => b.trim().length > 0) ?? '';
  const text = raw.bodyIsText ? plain(body) : htmlToText(body);
  let published: string | null = null;
  for (const d of raw.dates) {
    published = parseFeedDate(typeof d === 'string' || d instanceof Date ? d : textOf(d));
    if (published) break;
  }
  const guid = textOf(raw.guid).trim();
  const link = textOf(raw.link).trim();
  return {
    guid: guid ? guid.slice(0, 2048) : null,
    link: link ? link.slice(0, 2048) : null,
    title: truncate(htmlToLine(textOf(raw.title)), limits.maxTitleLength),
    text: truncate(text, limits.maxTextLength),
    published,
  };
}

/** JSON Feed's content_text is already plain: only normalise whitespace, decode nothing. */
function plain(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((line) => line.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}
