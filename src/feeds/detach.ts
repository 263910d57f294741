/**
 * A copy of a string that shares no memory with the string it was cut from. Parsers hand
 * out substrings of the whole document (V8 "sliced strings"), so an item's GUID or title
 * kept by the story engine would keep its entire feed document alive: tens of KB per
 * article, for as long as the article is remembered. Short strings are copied by V8 anyway.
 */
export function detached(text: string): string {
  return text.length < 13 ? text : Buffer.from(text, 'utf8').toString('utf8');
}
