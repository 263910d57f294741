import { canonicalUrl } from '../core/canonical-url.js';
import type { Article } from '../core/types.js';
import { movedUrlKey } from '../pipeline/revision.js';
import type { Store } from '../store/store.js';

/** Finds an article by id, URL or canonical URL. */
export function findArticle(store: Store, urlOrId: string): Article | undefined {
  const key = urlOrId.trim();
  if (!/^https?:\/\//i.test(key)) return store.getArticle(key);
  try {
    const canonical = canonicalUrl(key);
    const found = store.findArticleByCanonicalUrl(canonical);
    if (found) return found;
    // The outlet moved the article to this URL after we stored it (see the pipeline's revisit).
    const movedTo = store.getState(movedUrlKey(canonical));
    return movedTo ? store.getArticle(movedTo) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Says what happened to an item and why, in a few plain lines: folded into which story
 * (and how similar), which storyline it joined, whether it was held back, where it was posted.
 */
export function explainArticle(store: Store, urlOrId: string): string {
  const article = findArticle(store, urlOrId);
  if (!article) return `I have not seen ${urlOrId.slice(0, 200)}: it is not in any polled feed yet (or it was dropped before storage as a repeat of an item already stored).`;
  const lines = [`"${article.title}" (${article.source}, ${article.published.slice(0, 10)}), id ${article.id}`];
  const storyline = store.getStoryline(article.storylineId);
  if (article.duplicateOf) {
    const original = store.getArticle(article.duplicateOf);
    const how =
      article.duplicateReason === 'near-text'
        ? `its text overlaps the original's (similarity ${article.similarity?.toFixed(2) ?? '?'})`
        : `same ${article.duplicateReason === 'guid' ? 'GUID' : article.duplicateReason === 'url' ? 'canonical URL' : 'title from the same outlet'}`;
    lines.push(`Folded as a copy of "${original?.title ?? article.duplicateOf}" (${original?.source ?? '?'}): ${how}. It is shown as "also reported by ${article.source}", never as a post of its own.`);
  } else if (storyline && storyline.firstArticleId === article.id) {
    lines.push(`Opened the storyline "${storyline.title}" (${storyline.articleCount} report(s) so far).`);
  } else if (storyline) {
    lines.push(`Joined the storyline "${storyline.title}" as a follow-up${article.similarity !== null ? ` (story similarity ${article.similarity.toFixed(2)})` : ''}.`);
  }
  if (!article.duplicateOf) {
    const copies = store.listStorylineArticles(article.storylineId).filter((a) => a.duplicateOf === article.id);
    if (copies.length) lines.push(`Also reported by: ${[...new Set(copies.map((a) => a.source))].join(', ')} (folded in as ${copies.length === 1 ? 'a copy' : 'copies'}).`);
  }
  if (article.topics.length) lines.push(`Topics: ${article.topics.join(', ')}${Object.keys(article.angles).length ? `; angle: ${Object.entries(article.angles).map(([t, a]) => `${a} (${t})`).join(', ')}` : ''}.`);
  else lines.push('No configured topic matched, so no channel receives it.');
  if (article.entities.length) lines.push(`Entities: ${article.entities.join(', ')}.`);
  if (article.suppressed) lines.push(`Not posted: ${article.suppressed === 'backfill' ? "older than the newest items of its feed's first poll (backfill limit)" : article.suppressed}.`);
  const deliveries = store.listDeliveries({ articleId: article.id });
  for (const d of deliveries) {
    const where = `${d.platform} ${d.channelId}`;
    lines.push(
      d.status === 'sent'
        ? `Posted to ${where} as ${d.kind} at ${d.sentAt}.`
        : d.status === 'failed'
          ? `Failed for ${where}: ${d.lastError}.`
          : `Waiting to be posted to ${where} (${d.kind}, attempt ${d.attempts + 1}${d.lastError ? `, last error: ${d.lastError}` : ''}).`,
    );
  }
  const filtered = store.getState(`filtered:${article.id}`);
  if (filtered) for (const rule of JSON.parse(filtered) as string[]) lines.push(`Filtered out for ${rule}.`);
  if (!deliveries.length && !filtered && !article.suppressed && !article.duplicateOf && article.topics.length) lines.push('No subscribed channel follows its topics.');
  return lines.join('\n');
}
