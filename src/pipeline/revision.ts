import type { Article, IncomingItem } from '../core/types.js';

const words = (text: string): Set<string> => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
const normTitle = (t: string): string => [...words(t)].join(' ');

/**
 * True when a re-seen item really changed: a different title, or a body whose words
 * overlap the stored one by less than 90% (a typo fix or a new date is not news).
 */
export function isMaterialRevision(stored: Article, incoming: IncomingItem): boolean {
  if (normTitle(stored.title) !== normTitle(incoming.title)) return true;
  if (!incoming.text.trim()) return false;
  const a = words(stored.text);
  const b = words(incoming.text);
  let shared = 0;
  for (const w of b) if (a.has(w)) shared++;
  const union = a.size + b.size - shared;
  return union > 0 && shared / union < 0.9;
}
