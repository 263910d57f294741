/**
 * Cuts text to at most `max` UTF-16 code units (the unit Slack and Discord count) at a
 * word boundary, never inside a grapheme (emoji, flags, combining marks) and never
 * inside a protected span such as a link or entity name, and ends it with an ellipsis.
 */
const ELLIPSIS = '…';
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function truncate(text: string, max: number, protectedSpans: string[] = []): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(0, max));
  const budget = max - ELLIPSIS.length;
  // Last grapheme boundary that fits.
  let end = 0;
  for (const { index, segment } of segmenter.segment(text)) {
    if (index + segment.length > budget) break;
    end = index + segment.length;
  }
  // Never end inside a protected span (an entity name, a <url|label> link).
  for (const span of protectedSpans) {
    if (!span) continue;
    let from = 0;
    for (let at = text.indexOf(span, from); at !== -1 && at < end; at = text.indexOf(span, from)) {
      if (at + span.length > end) end = at;
      from = at + 1;
    }
  }
  for (const m of text.matchAll(/<[^>\s]+\|[^>]*>|\[[^\]]*\]\([^)]*\)/g)) {
    const at = m.index ?? 0;
    if (at < end && at + m[0].length > end) end = at;
  }
  // Back up to the last whitespace so no word is cut, unless that would drop most of the text.
  const cut = text.slice(0, end);
  const space = cut.search(/\s\S*$/);
  const wordEnd = space > budget * 0.5 ? space : end;
  return text.slice(0, wordEnd).replace(/[\s,;:.\-–—]+$/u, '') + ELLIPSIS;
}
