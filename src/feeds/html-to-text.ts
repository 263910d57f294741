import { decodeEntities } from './html-entities.js';

/**
 * Feed descriptions are HTML fragments of every quality. The core wants plain text:
 * no tags, no scripts or styles, entities decoded, whitespace collapsed, block elements
 * kept apart by a newline so sentences of different paragraphs do not run together.
 * One forward scan from "<" to "<" (no DOM, no regex pass per rule): this runs on every
 * item of every poll, and several whole-string regex passes cost more than the XML parse.
 */

/** Elements dropped together with their content; unclosed, they are dropped to the end. */
const DROP_WITH_CONTENT = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'object', 'svg', 'math', 'head']);
const BLOCK = new Set([
  'p', 'div', 'br', 'hr', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'table', 'thead', 'tbody',
  'tfoot', 'blockquote', 'pre', 'section', 'article', 'aside', 'header', 'footer', 'figure', 'figcaption', 'nav', 'main', 'address',
  'details', 'summary',
]);
const CELL = new Set(['td', 'th']);
/** `</name ...>` per dropped element, built on first use. */
const CLOSING = new Map<string, RegExp>();
const CDATA = /<!\[CDATA\[([\s\S]*?)\]\]>/g;
// Controls other than tab and newline never belong in headline or summary text.
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B\uFEFF]/g;
const HAS_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u200B\uFEFF]/;
/** Whitespace that is not already a single space between words. */
const LOOSE_SPACE = /\s{2,}|[^\S ]/g;
const LINE_BREAK = /[\n\r]/;

const isLetter = (c: number): boolean => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isNameChar = (c: number): boolean => isLetter(c) || (c >= 48 && c <= 57) || c === 45 || c === 58 || c === 95;

export function htmlToText(html: string): string {
  if (!html) return '';
  const withoutTags = html.includes('<') ? stripTags(html.includes('<![CDATA[') ? html.replace(CDATA, '$1') : html) : html;
  // Entities last, so an escaped "&lt;b&gt;" in the source stays visible text, not a tag.
  return normaliseSpace(decodeEntities(withoutTags));
}

/** Titles are one line: every run of whitespace, newlines included, becomes one space. */
export function htmlToLine(html: string): string {
  return htmlToText(html).replace(/\s+/g, ' ');
}

/**
 * Tags out, text in: block elements become a newline, table cells a space, comments a
 * space; script-like elements go with their content. A "<" that starts no tag is text.
 */
function stripTags(html: string): string {
  const out: string[] = [];
  let textStart = 0;
  let i = html.indexOf('<');
  while (i !== -1) {
    const next = html.charCodeAt(i + 1);
    let end = -1; // index just past the markup, or -1 when this "<" is text
    let replacement = '';
    if (next === 33 /* ! */) {
      if (html.startsWith('<!--', i)) {
        const close = html.indexOf('-->', i + 4);
        end = close === -1 ? html.length : close + 3;
        replacement = ' ';
      } else {
        end = tagEnd(html, i + 2);
      }
    } else if (next === 63 /* ? */) {
      // `<?...?>` with no "<" or ">" inside.
      const gt = html.indexOf('>', i + 2);
      const lt = html.indexOf('<', i + 1);
      end = gt !== -1 && html.charCodeAt(gt - 1) === 63 && gt - 1 > i + 1 && (lt === -1 || lt > gt) ? gt + 1 : -1;
    } else {
      const closing = next === 47; /* / */
      const nameStart = closing ? i + 2 : i + 1;
      if (isLetter(html.charCodeAt(nameStart))) {
        let nameEnd = nameStart + 1;
        while (nameEnd < html.length && isNameChar(html.charCodeAt(nameEnd))) nameEnd++;
        const name = html.slice(nameStart, nameEnd).toLowerCase();
        end = tagEnd(html, nameEnd);
        if (end !== -1) {
          if (!closing && DROP_WITH_CONTENT.has(name)) {
            end = closeOf(html, name, end);
            replacement = ' ';
          } else if (BLOCK.has(name)) replacement = '\n';
          else if (CELL.has(name)) replacement = ' ';
        }
      }
    }
    if (end === -1) {
      i = html.indexOf('<', i + 1);
      continue;
    }
    if (i > textStart) out.push(html.slice(textStart, i));
    if (replacement) out.push(replacement);
    textStart = end;
    i = end < html.length ? html.indexOf('<', end) : -1;
  }
  if (textStart < html.length) out.push(html.slice(textStart));
  return out.join('');
}

/** Just past the ">" closing a tag whose name ends at `from`; -1 when a "<" comes first (then it was text). */
function tagEnd(html: string, from: number): number {
  const gt = html.indexOf('>', from);
  if (gt === -1) return -1;
  const lt = html.indexOf('<', from);
  return lt !== -1 && lt < gt ? -1 : gt + 1;
}

/** Just past `</name ...>` from `from`, or the end of the text when the element is never closed. */
function closeOf(html: string, name: string, from: number): number {
  let close = CLOSING.get(name);
  if (!close) {
    close = new RegExp(`</${name}(?![A-Za-z0-9_:-])[^>]*(?:>|$)`, 'gi');
    CLOSING.set(name, close);
  }
  close.lastIndex = from;
  const m = close.exec(html);
  return m ? m.index + m[0].length : html.length;
}

/** Controls removed; every run of whitespace becomes a newline when it holds one, else a space; ends trimmed. */
function normaliseSpace(text: string): string {
  const clean = HAS_CONTROL.test(text) ? text.replace(CONTROL, '') : text;
  return clean.replace(LOOSE_SPACE, (run) => (LINE_BREAK.test(run) ? '\n' : ' ')).trim();
}
