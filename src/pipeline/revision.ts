import type { Article, IncomingItem, Placement } from '../core/types.js';

/** State key remembering that an outlet moved an article to this canonical URL (value: the article id). */
export const movedUrlKey = (canonical: string): string => `moved-url:${canonical}`;

const words = (text: string): Set<string> => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
const normTitle = (t: string): string => [...words(t)].join(' ');

/** Share of words two texts have in common (Jaccard on word sets); 1 for two empty texts. */
function wordOverlap(x: string, y: string): number {
  const a = words(x);
  const b = words(y);
  let shared = 0;
  for (const w of b) if (a.has(w)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 1 : shared / union;
}

/** Below this word overlap a re-seen body counts as rewritten (a typo fix or a new date is not news). */
const REVISED_BELOW = 0.9;
/**
 * A same-outlet item whose body overlaps a stored one this much is the same article
 * re-published under a new GUID and URL. Word overlap (not containment), so an outlet's
 * roundup that quotes one of its own articles is not taken for that article.
 */
const REPUBLISHED_AT = 0.8;

/**
 * True when a re-seen item really changed: a different title, or a body whose words
 * overlap the stored one by less than 90%.
 */
export function isMaterialRevision(stored: Article, incoming: IncomingItem): boolean {
  // Most re-seen items are byte-identical: every poll of a feed repeats its older items.
  if (stored.title === incoming.title && (stored.text === incoming.text || !incoming.text.trim())) return false;
  if (normTitle(stored.title) !== normTitle(incoming.title)) return true;
  if (!incoming.text.trim()) return false;
  return wordOverlap(stored.text, incoming.text) < REVISED_BELOW;
}

/**
 * The stored article an item re-publishes, when the engine placed it as a duplicate and
 * one of the duplicate cluster's members is from the same outlet and is the same item:
 * same canonical URL, same headline, same GUID, or (near-text) nearly the same words.
 * Looks through the whole cluster, not only its root: the outlet's own earlier copy may
 * itself be folded into another outlet's story.
 */
export function republishedOriginal(article: Article, item: IncomingItem, placement: Placement, cluster: Article[]): Article | undefined {
  if (placement.kind !== 'duplicate' || !placement.duplicateOf) return undefined;
  const own = cluster.filter((a) => a.source === article.source && (a.id === placement.duplicateOf || a.duplicateOf === placement.duplicateOf) && a.id !== article.id);
  if (own.length === 0) return undefined;
  const title = normTitle(item.title);
  const exact =
    own.find((a) => a.canonicalUrl === article.canonicalUrl) ??
    own.find((a) => item.guid !== null && a.guid === item.guid && a.feedId === item.feedId) ??
    own.find((a) => normTitle(a.title) === title);
  if (exact) return exact;
  if (placement.duplicateReason !== 'near-text' || !item.text.trim()) return undefined;
  return own
    .map((a) => ({ a, overlap: wordOverlap(a.text, item.text) }))
    .filter((x) => x.overlap >= REPUBLISHED_AT)
    .sort((x, y) => y.overlap - x.overlap)[0]?.a;
}
