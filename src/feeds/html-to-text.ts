import { decodeEntities } from './html-entities.js';

/**
 * Feed descriptions are HTML fragments of every quality. The core wants plain text:
 * no tags, no scripts or styles, entities decoded, whitespace collapsed, block elements
 * kept apart by a newline so sentences of different paragraphs do not run together.
 * Regex-based on purpose: we only need the text, never a faithful DOM.
 */

const DROP_WITH_CONTENT = /<(script|style|noscript|template|iframe|object|svg|math|head)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const UNCLOSED_DROP = /<(script|style|noscript|template|iframe|object|svg|math|head)\b[^>]*>[\s\S]*$/i;
const COMMENT = /<!--[\s\S]*?(?:-->|$)/g;
const CDATA = /<!\[CDATA\[([\s\S]*?)\]\]>/g;
const BLOCK_TAG =
  /<\/?(?:p|div|br|hr|li|ul|ol|dl|dt|dd|h[1-6]|tr|table|thead|tbody|tfoot|blockquote|pre|section|article|aside|header|footer|figure|figcaption|nav|main|address|details|summary)\b[^>]*>/gi;
const CELL_TAG = /<\/?(?:td|th)\b[^>]*>/gi;
const ANY_TAG = /<\/?[A-Za-z][^<>]*>|<![^<>]*>|<\?[^<>]*\?>/g;
// Controls other than tab and newline never belong in headline or summary text.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B\uFEFF]/g;

export function htmlToText(html: string): string {
  if (!html) return '';
  let s = html
    .replace(CDATA, '$1')
    .replace(COMMENT, ' ')
    .replace(DROP_WITH_CONTENT, ' ')
    .replace(UNCLOSED_DROP, ' ')
    .replace(BLOCK_TAG, '\n')
    .replace(CELL_TAG, ' ')
    .replace(ANY_TAG, '');
  // Entities last, so an escaped "&lt;b&gt;" in the source stays visible text, not a tag.
  s = decodeEntities(s).replace(/\r\n?/g, '\n').replace(CONTROL, '');
  return s
    .split('\n')
    .map((line) => line.replace(/[\s\u00A0]+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

/** Titles are one line: every run of whitespace, newlines included, becomes one space. */
export function htmlToLine(html: string): string {
  return htmlToText(html).replace(/\s+/g, ' ').trim();
}
