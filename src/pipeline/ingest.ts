import type { ThreadlineConfig } from '../config/schema.js';
import type { Analysis, StoryEngine } from '../core/engine.js';
import { canonicalUrl } from '../core/canonical-url.js';
import { buildPost } from '../core/post.js';
import { summarise } from '../core/summary.js';
import { isMaterialRevision, movedUrlKey, republishedOriginal } from './revision.js';
import { ChannelFilters } from '../editorial/channel-filters.js';
import type { Article, IncomingItem, Post, SourceRef } from '../core/types.js';
import { planDeliveries } from '../delivery/plan.js';
import type { FeedRecord, Store } from '../store/store.js';
import type { Clock } from '../util/clock.js';
import { StoreError, errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';

/** What happened to one incoming item. */
export interface IngestOutcome {
  item: IncomingItem;
  /** 'seen': already stored and unchanged (same GUID, or the outlet re-publishing its own item); 'updated': it changed at the source. */
  status: 'stored' | 'seen' | 'updated' | 'failed';
  analysis?: Analysis;
  post?: Post;
  deliveries: number;
  /** Channels whose filters turned the article away, with the rule ("slack C1: exclude keyword bitcoin"). */
  filtered?: string[];
  error?: string;
}

export interface FeedBatch {
  feed: FeedRecord | null;
  items: IncomingItem[];
  /** The feed's first successful poll: only the newest `poll.backfill` items are posted. */
  initialPoll: boolean;
}

/** Some items could not be stored; the others were. Carries which feeds must be fetched again. */
export class IngestError extends StoreError {
  constructor(
    message: string,
    readonly feedIds: string[],
    readonly outcomes: IngestOutcome[],
  ) {
    super(message, { feedIds });
  }
}

const dateOf = (item: IncomingItem): string => item.published ?? item.firstSeen;

export interface IngestHooks {
  onStored?(outcome: IngestOutcome): void;
}

/**
 * The one path from items to stored articles and queued deliveries. The article, its
 * storyline and every delivery it causes are written in one transaction, so a crash or
 * a failed write leaves either all of them or none; the engine's in-memory indexes are
 * updated only after the commit.
 */
export class IngestPipeline {
  private readonly filters: ChannelFilters;

  constructor(
    private readonly deps: {
      store: Store;
      engine: StoryEngine;
      config: ThreadlineConfig;
      clock: Clock;
      log: Logger;
      hooks?: IngestHooks;
    },
  ) {
    this.filters = new ChannelFilters(deps.log);
  }

  /**
   * Ingests one feed's items. On a feed's first poll only the newest `poll.backfill`
   * items may be posted; older ones are stored as seen.
   * Throws StoreError when an item could not be stored, so the caller does not record
   * the poll as done and the item is fetched again.
   */
  ingest(feed: FeedRecord | null, items: IncomingItem[], meta: { initialPoll: boolean }): IngestOutcome[] {
    return this.ingestBatch([{ feed, items, initialPoll: meta.initialPoll }]);
  }

  /**
   * Several feeds' items at once, merged in publication order, so a storyline opens with
   * its earliest report even when a later report's feed was fetched first.
   */
  ingestBatch(batches: FeedBatch[]): IngestOutcome[] {
    const { store, log, config } = this.deps;
    const outcomes: IngestOutcome[] = [];
    const queue: { item: IncomingItem; feed: FeedRecord | null; suppressed: string | null }[] = [];
    for (const { feed, items, initialPoll } of batches) {
      const fresh: IncomingItem[] = [];
      for (const item of items) {
        const known = this.findKnown(feed, item);
        if (known) outcomes.push(this.revisit(known, item));
        else fresh.push(item);
      }
      const newestFirst = [...fresh].sort((a, b) => dateOf(b).localeCompare(dateOf(a)));
      const postable = new Set(initialPoll ? newestFirst.slice(0, config.poll.backfill) : newestFirst);
      for (const item of fresh) queue.push({ item, feed, suppressed: postable.has(item) ? null : 'backfill' });
    }
    queue.sort((a, b) => dateOf(a.item).localeCompare(dateOf(b.item)));
    const failed: IngestOutcome[] = [];
    for (const { item, feed, suppressed } of queue) {
      try {
        outcomes.push(this.ingestOne(item, suppressed));
      } catch (err) {
        log.error({ err, component: 'pipeline', url: item.url, feed: feed?.url }, 'could not store item; it will be retried on the next poll');
        const outcome: IngestOutcome = { item, status: 'failed', deliveries: 0, error: errorMessage(err) };
        outcomes.push(outcome);
        failed.push(outcome);
      }
    }
    if (failed.length) {
      throw new IngestError(`failed to store ${failed.length} item(s): ${failed[0]!.error}`, failed.map((f) => f.item.feedId).filter((id): id is string => id !== null), outcomes);
    }
    return outcomes;
  }

  ingestOne(item: IncomingItem, suppressed: string | null = null): IngestOutcome {
    const { store, engine, config, clock } = this.deps;
    const analysis = engine.analyse(item);
    const { article, placement } = analysis;
    if (suppressed) article.suppressed = suppressed;

    // The same outlet re-publishing its own item (churned GUID, new date) is not news;
    // only a real change to its title or text is, and it updates the existing post.
    if (placement.kind === 'duplicate') {
      // The duplicate family only (its root and the copies folded into it), never the whole storyline.
      const root = placement.duplicateOf ? store.getArticle(placement.duplicateOf) : undefined;
      const copies = placement.duplicateOf ? store.listCopiesOf(placement.duplicateOf) : [];
      const original = republishedOriginal(article, item, placement, root ? [root, ...copies] : copies);
      if (original) return this.revisit(original, item);
    }
    const post = buildPost(analysis, this.alsoReportedBy(article));
    const now = clock.now().toISOString();
    let deliveries = 0;
    const filtered: string[] = [];
    store.transaction(() => {
      store.insertArticle(article);
      store.upsertStoryline(analysis.storyline);
      if (!article.suppressed) {
        const planned = planDeliveries({
          article,
          placement,
          post,
          channels: config.channels,
          subscriptions: store.listSubscriptions(),
          store,
          filter: (channel, a) => this.filters.check(channel.config, a),
          onFiltered: (channel, rule) => filtered.push(`${channel.platform} ${channel.channelId}: ${rule}`),
        });
        deliveries = store.enqueueDeliveries(planned, now).length;
        // Kept for `explain`: which channel turned the article away, and by which rule.
        if (filtered.length) store.setState(`filtered:${article.id}`, JSON.stringify(filtered));
      }
    });
    engine.remember(analysis);
    if (filtered.length) this.deps.log.debug({ component: 'pipeline', article: article.id, filtered }, 'channels filtered out');
    const outcome: IngestOutcome = { item, status: 'stored', analysis, post, deliveries, filtered };
    this.deps.hooks?.onStored?.(outcome);
    return outcome;
  }

  /**
   * The stored article an item is, found without the engine: the same GUID in its feed,
   * or the same canonical URL from the same outlet (including a URL the outlet moved the
   * article to, remembered by revisit()). Works however old the article is.
   */
  private findKnown(feed: FeedRecord | null, item: IncomingItem): Article | undefined {
    const { store } = this.deps;
    if (feed && item.guid) {
      const byGuid = store.findArticleByGuid(feed.id, item.guid);
      if (byGuid) return byGuid;
    }
    const url = canonicalUrl(item.url);
    const byUrl = store.findArticleByCanonicalUrl(url);
    if (byUrl) return byUrl.source === item.source ? byUrl : undefined;
    const movedTo = store.getState(movedUrlKey(url));
    const moved = movedTo ? store.getArticle(movedTo) : undefined;
    return moved && moved.source === item.source ? moved : undefined;
  }

  /**
   * An item we already have, seen again. Unchanged: nothing happens. Really changed:
   * the stored article is updated and every channel that got it is told, in place
   * (the story message is edited) or, for a follow-up, with a note in the thread.
   */
  revisit(stored: Article, item: IncomingItem): IngestOutcome {
    const { store, clock } = this.deps;
    this.rememberUrl(stored, item);
    if (!isMaterialRevision(stored, item)) return { item, status: 'seen', deliveries: 0 };
    const revised: Article = { ...stored, title: item.title, text: item.text || stored.text, url: item.url };
    revised.summary = summarise(revised.text, revised.title);
    const storyline = store.getStoryline(stored.storylineId);
    const isRoot = storyline?.firstArticleId === stored.id;
    const sentTo = store.listDeliveries({ articleId: stored.id }).filter((d) => d.status !== 'failed' && (d.kind === 'story' || d.kind === 'follow-up'));
    // The root's "also reported by" as it stands now, so the edit does not drop copies folded in since.
    const copies = isRoot ? store.listCopiesOf(stored.id) : [];
    const post: Post = {
      ...(sentTo[0]?.post ?? buildRevisionPost(revised)),
      kind: isRoot ? 'update' : 'follow-up',
      headline: isRoot ? revised.title : `Updated: ${revised.title}`,
      summary: revised.summary,
      whatsNew: isRoot ? [] : [revised.summary],
      url: revised.url,
      ...(isRoot ? { alsoReportedBy: copies.map((a) => ({ outlet: a.source, url: a.url, title: a.title })) } : {}),
    };
    const now = clock.now().toISOString();
    let deliveries = 0;
    store.transaction(() => {
      store.updateArticle(revised);
      if (isRoot && storyline) store.upsertStoryline({ ...storyline, title: revised.title });
      const channels = new Map(sentTo.map((d) => [`${d.platform}|${d.channelId}`, d]));
      deliveries = store.enqueueDeliveries(
        [...channels.values()].map((d) => ({ platform: d.platform, channelId: d.channelId, kind: post.kind, articleId: stored.id, storylineId: stored.storylineId, post })),
        now,
      ).length;
    });
    this.deps.log.info({ component: 'pipeline', article: stored.id, deliveries }, 'item changed at its source; post updated');
    return { item, status: 'updated', post, deliveries };
  }

  /**
   * An outlet that moves an article to a new URL keeps its canonical URL in the store
   * (what the engine and `explain` key on); the new one is remembered as an alias.
   */
  private rememberUrl(stored: Article, item: IncomingItem): void {
    const url = canonicalUrl(item.url);
    if (url === stored.canonicalUrl) return;
    const key = movedUrlKey(url);
    if (this.deps.store.getState(key) !== stored.id) this.deps.store.setState(key, stored.id);
  }

  /** Outlets folded into the article's original, this one included. */
  private alsoReportedBy(article: Article): SourceRef[] {
    if (!article.duplicateOf) return [];
    const copies = this.deps.store.listCopiesOf(article.duplicateOf);
    return [...copies, article].map((a) => ({ outlet: a.source, url: a.url, title: a.title }));
  }
}

function buildRevisionPost(a: Article): Post {
  return {
    kind: 'update',
    articleId: a.id,
    storylineId: a.storylineId,
    headline: a.title,
    summary: a.summary,
    whatsNew: [],
    outlet: a.source,
    url: a.url,
    published: a.published,
    entities: a.entities,
    topics: a.topics,
    angle: null,
    angleChanged: false,
    alsoReportedBy: [],
    body: null,
  };
}
