/**
 * A copy of a string that shares no memory with the string it was cut from. Parsers hand
 * out substrings of the whole document (V8 "sliced strings"), so an item's GUID or title
 * kept by the story engine would keep its entire feed document alive: tens of KB per
 * article, for as long as the article is remembered. Short strings are copied by V8 anyway.
 *
 * The copy goes through one scratch buffer (UTF-8 out and back, as Buffer.from would):
 * a fresh Buffer per string made ~30,000 short-lived allocations per 1,000-feed cycle.
 */
let scratch = Buffer.allocUnsafeSlow(64 * 1024);

export function detached(text: string): string {
  if (text.length < 13) return text;
  // Three UTF-8 bytes at most per UTF-16 unit (a surrogate pair is 4 bytes for 2 units).
  const need = text.length * 3;
  if (need > scratch.length) scratch = Buffer.allocUnsafeSlow(need);
  const bytes = scratch.write(text, 0, 'utf8');
  return scratch.toString('utf8', 0, bytes);
}
