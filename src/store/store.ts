import type { Article, Platform, Post, PostKind, Storyline } from '../core/types.js';

/**
 * The one storage port. Callers never see SQL; a PostgreSQL implementation can follow
 * by implementing this interface. Methods are synchronous because better-sqlite3 is;
 * a network-backed store would wrap an async driver behind a worker or change this
 * port in one place (the callers are few: pipeline, poller, delivery worker, commands).
 */
export interface Store {
  /** Runs fn in one transaction; if it throws, nothing it wrote is kept. */
  transaction<T>(fn: () => T): T;
  /** True when the database answers a trivial query. */
  ping(): boolean;
  close(): void;

  // Feeds --------------------------------------------------------------
  /** Adds the feed (by URL) or updates its name; returns the stored record. */
  upsertFeed(feed: { url: string; name: string; kind?: FeedKind }): FeedRecord;
  getFeed(id: string): FeedRecord | undefined;
  getFeedByUrl(url: string): FeedRecord | undefined;
  listFeeds(): FeedRecord[];
  updateFeed(id: string, patch: Partial<FeedState> & { url?: string }): void;

  // Articles -----------------------------------------------------------
  insertArticle(article: Article): void;
  /** Replaces title/text/summary/published of an article edited at its source. */
  updateArticle(article: Article): void;
  getArticle(id: string): Article | undefined;
  findArticleByGuid(feedId: string, guid: string): Article | undefined;
  findArticleByCanonicalUrl(canonicalUrl: string): Article | undefined;
  /** All articles of a storyline, duplicates included, oldest first. */
  listStorylineArticles(storylineId: string): Article[];
  /** Articles folded into this one as copies (duplicate_of = id), oldest first: bounded by the copies, not the storyline. */
  listCopiesOf(originalId: string): Article[];
  /** Articles published at or after `since` (ISO), oldest first, for rebuilding the core's indexes. */
  listArticlesSince(since: string, limit?: number): Article[];
  /** Articles tagged with topic, newest first. */
  listTopicArticles(topic: string, opts?: { since?: string; limit?: number }): Article[];
  countArticles(): number;

  // Storylines ---------------------------------------------------------
  upsertStoryline(storyline: Storyline): void;
  getStoryline(id: string): Storyline | undefined;
  /** Most recently updated first. */
  listStorylines(opts?: { topic?: string; since?: string; limit?: number }): Storyline[];

  // Subscriptions (runtime /threadline subscribe; config channels are merged by callers)
  addSubscription(sub: Subscription): boolean;
  removeSubscription(sub: Subscription): boolean;
  listSubscriptions(platform?: Platform): Subscription[];

  // Deliveries (outbox) -----------------------------------------------
  /** Writes new deliveries (due at `notBefore`, else `now`); call inside the same transaction as insertArticle. */
  enqueueDeliveries(deliveries: NewDelivery[], now: string): number[];
  getDelivery(id: number): Delivery | undefined;
  /** Pending deliveries whose time has come, oldest first. */
  listDueDeliveries(now: string, limit: number): Delivery[];
  /** Whether the channel has a 'story' delivery for the storyline that has not failed (pending or sent). */
  hasStoryDelivery(platform: Platform, channelId: string, storylineId: string): boolean;
  listDeliveries(opts?: { status?: DeliveryStatus; channelId?: string; articleId?: string; storylineId?: string; kind?: PostKind; limit?: number }): Delivery[];
  markDeliverySent(id: number, result: { messageId: string; threadId: string | null; sentAt: string }): void;
  markDeliveryRetry(id: number, nextAttemptAt: string, error: string): void;
  markDeliveryFailed(id: number, reason: string): void;
  /** Puts a failed (or any) delivery back to pending now. */
  requeueDelivery(id: number, now: string): boolean;
  requeueFailedDeliveries(now: string): number;
  deliveryStats(): DeliveryStats[];

  // Thread references: where a storyline lives in a channel --------------
  getThreadRef(platform: Platform, channelId: string, storylineId: string): ThreadRef | undefined;
  saveThreadRef(ref: ThreadRef): void;
  findThreadRefByMessage(platform: Platform, channelId: string, messageOrThreadId: string): ThreadRef | undefined;

  // Small key/value state (adapter cursors, digest bookkeeping) -----------
  getState(key: string): string | undefined;
  setState(key: string, value: string): void;
}

export type FeedKind = 'rss' | 'html';

export interface FeedState {
  etag: string | null;
  lastModified: string | null;
  lastPolledAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
  consecutiveFailures: number;
  /** When the next poll may happen (backoff, Retry-After, schedule). */
  nextPollAt: string | null;
  /** First successful poll done: later polls post everything new. */
  initialised: boolean;
  paused: boolean;
  itemCount: number;
}

export interface FeedRecord extends FeedState {
  id: string;
  url: string;
  name: string;
  kind: FeedKind;
  createdAt: string;
}

export interface Subscription {
  platform: Platform;
  channelId: string;
  topic: string;
}

export type DeliveryStatus = 'pending' | 'sent' | 'failed';

export interface NewDelivery {
  platform: Platform;
  channelId: string;
  kind: PostKind;
  articleId: string | null;
  storylineId: string | null;
  post: Post;
  /** Never before this time (ISO); defaults to now. */
  notBefore?: string;
}

export interface Delivery extends Omit<NewDelivery, 'notBefore'> {
  id: number;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  createdAt: string;
  sentAt: string | null;
  /** Platform id of the message this delivery made (Slack ts, Discord message id). */
  messageId: string | null;
  /** Idempotency key sent with the message (Discord nonce, <= 25 chars). */
  nonce: string;
}

export interface DeliveryStats {
  platform: Platform;
  channelId: string;
  pending: number;
  sent: number;
  failed: number;
  /** Latest failure reasons, newest first. */
  failures: string[];
}

/** The root message of a storyline in one channel, and the thread under it. */
export interface ThreadRef {
  platform: Platform;
  channelId: string;
  storylineId: string;
  /** Slack: the story message's ts. Discord: the story message id. */
  messageId: string;
  /** Slack: same ts. Discord: the thread channel id (equals the message id for message threads). */
  threadId: string;
  updatedAt: string;
}
