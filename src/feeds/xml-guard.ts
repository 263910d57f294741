/**
 * Refuses XML that declares entities in its DOCTYPE before any parser sees it. Entity
 * declarations are how "billion laughs" (exponential expansion) and XXE (external files)
 * work, and no real feed needs them; a plain DOCTYPE (RSS 0.91's) is fine.
 * Returns the reason to refuse, or null.
 */
export function unsafeXmlReason(text: string): string | null {
  // A DOCTYPE may only come before the root element, so the head of the document is enough
  // to find it; its internal subset can be long, so search on from there.
  const head = text.slice(0, 65_536);
  const doctype = /<!DOCTYPE\b/i.exec(head);
  if (!doctype) return null;
  const rest = text.slice(doctype.index);
  const bracket = rest.indexOf('[');
  const close = rest.indexOf('>');
  // No internal subset: `<!DOCTYPE rss PUBLIC "..." "...">` cannot declare entities.
  if (bracket === -1 || (close !== -1 && close < bracket)) return null;
  const end = rest.indexOf(']', bracket);
  const subset = end === -1 ? rest.slice(bracket) : rest.slice(bracket, end);
  if (/<!ENTITY\b/i.test(subset)) return 'document declares XML entities in its DOCTYPE (entity expansion refused)';
  return null;
}
