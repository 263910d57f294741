import type { ThreadlineConfig } from '../config/schema.js';
import type { Store } from '../store/store.js';
import type { Logger } from '../util/logger.js';
import { checkFeedUrl } from '../util/url-guard.js';

/** `/threadline feeds add <url>`: SSRF-checked, then stored; the poller picks it up on its next pass. */
export async function addFeedAtRuntime(deps: { url: string; store: Store; config: ThreadlineConfig; log: Logger }): Promise<string> {
  const url = deps.url.trim().replace(/^<|>$/g, '').split('|')[0]!;
  const verdict = await checkFeedUrl(url, { allowPrivate: deps.config.allowPrivateFeeds });
  if (!verdict.ok) {
    deps.log.warn({ component: 'feeds', url, reason: verdict.reason }, 'feed refused');
    return `I can't add that feed: ${verdict.reason}.`;
  }
  if (deps.store.getFeedByUrl(url)) return `Already polling ${url}.`;
  const host = new URL(url).hostname.replace(/^www\./, '');
  deps.store.upsertFeed({ url, name: host });
  deps.log.info({ component: 'feeds', url }, 'feed added at run time');
  return `Added ${url}. Its first poll posts at most ${deps.config.poll.backfill} newest items.`;
}
