import type { ThreadlineConfig } from '../config/schema.js';
import { effectiveSubscriptions } from '../config/subscriptions.js';
import type { Post } from '../core/types.js';
import type { FeedRecord, NewDelivery, Store } from '../store/store.js';

/**
 * One short notice per channel when a feed is paused after repeated failures, and one
 * when it recovers, so a feed never fails silently. Every channel that receives posts
 * gets it: feeds are not tied to topics, so any channel may be missing its stories.
 */
export function feedNoticeDeliveries(
  store: Store,
  config: ThreadlineConfig,
  feed: FeedRecord,
  change: 'paused' | 'recovered',
  error: string | null,
  now: Date,
): NewDelivery[] {
  const channels = new Map(
    effectiveSubscriptions(config, store.listSubscriptions()).map((s) => [`${s.platform}|${s.channelId}`, s]),
  );
  const body =
    change === 'paused'
      ? `Feed "${feed.name}" is paused after ${feed.consecutiveFailures} failed polls${error ? ` (last error: ${error.slice(0, 200)})` : ''}. Threadline keeps retrying it every few hours; /threadline feeds shows its state.`
      : `Feed "${feed.name}" is back: the last poll succeeded and its stories will be posted again.`;
  const post: Post = {
    kind: 'notice',
    articleId: null,
    storylineId: null,
    headline: change === 'paused' ? `Feed paused: ${feed.name}` : `Feed recovered: ${feed.name}`,
    summary: body,
    whatsNew: [],
    outlet: feed.name,
    url: feed.url,
    published: now.toISOString(),
    entities: [],
    topics: [],
    angle: null,
    angleChanged: false,
    alsoReportedBy: [],
    body,
  };
  return [...channels.values()].map((s) => ({ platform: s.platform, channelId: s.channelId, kind: 'notice' as const, articleId: null, storylineId: null, post }));
}
