import type { Article, DuplicateReason, Platform, Post, PostKind, Storyline } from '../core/types.js';
import { decodePost } from './post-codec.js';
import { unpackText } from './text-codec.js';
import type { Delivery, DeliveryStatus, FeedKind, FeedRecord } from './store.js';

/** A raw SQLite row; the mappers below are the only place column names meet our types. */
export type Row = Record<string, unknown>;

const str = (v: unknown): string => String(v);
const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const json = <T>(v: unknown, fallback: T): T => {
  try {
    return v === null || v === undefined ? fallback : (JSON.parse(String(v)) as T);
  } catch {
    return fallback;
  }
};

export function feedFromRow(r: Row): FeedRecord {
  return {
    id: str(r.id),
    url: str(r.url),
    name: str(r.name),
    kind: str(r.kind) as FeedKind,
    createdAt: str(r.created_at),
    etag: strOrNull(r.etag),
    lastModified: strOrNull(r.last_modified),
    lastPolledAt: strOrNull(r.last_polled_at),
    lastSuccessAt: strOrNull(r.last_success_at),
    lastError: strOrNull(r.last_error),
    lastErrorAt: strOrNull(r.last_error_at),
    consecutiveFailures: Number(r.consecutive_failures),
    nextPollAt: strOrNull(r.next_poll_at),
    initialised: Boolean(r.initialised),
    paused: Boolean(r.paused),
    itemCount: Number(r.item_count),
  };
}

export function articleFromRow(r: Row): Article {
  return {
    id: str(r.id),
    feedId: strOrNull(r.feed_id),
    source: str(r.source),
    guid: strOrNull(r.guid),
    url: str(r.url),
    canonicalUrl: str(r.canonical_url),
    title: str(r.title),
    text: unpackText(r.text) ?? '',
    published: str(r.published),
    firstSeen: str(r.first_seen),
    summary: str(r.summary),
    topics: json<string[]>(r.topics, []),
    entities: json<string[]>(r.entities, []),
    angles: json<Record<string, string>>(r.angles, {}),
    storylineId: str(r.storyline_id),
    duplicateOf: strOrNull(r.duplicate_of),
    duplicateReason: strOrNull(r.duplicate_reason) as DuplicateReason | null,
    similarity: r.similarity === null || r.similarity === undefined ? null : Number(r.similarity),
    whatsNew: json<string[]>(r.whats_new, []),
    suppressed: strOrNull(r.suppressed),
  };
}

export function storylineFromRow(r: Row): Storyline {
  return {
    id: str(r.id),
    title: str(r.title),
    topics: json<string[]>(r.topics, []),
    entities: json<string[]>(r.entities, []),
    firstArticleId: str(r.first_article_id),
    startedAt: str(r.started_at),
    updatedAt: str(r.updated_at),
    articleCount: Number(r.article_count),
    angles: json<Record<string, string>>(r.angles, {}),
  };
}

export function deliveryFromRow(r: Row): Delivery {
  return {
    id: Number(r.id),
    platform: str(r.platform) as Platform,
    channelId: str(r.channel_id),
    kind: str(r.kind) as PostKind,
    articleId: strOrNull(r.article_id),
    storylineId: strOrNull(r.storyline_id),
    post: decodePost(r.post) ?? ({} as Post),
    status: str(r.status) as DeliveryStatus,
    attempts: Number(r.attempts),
    nextAttemptAt: str(r.next_attempt_at),
    lastError: strOrNull(r.last_error),
    createdAt: str(r.created_at),
    sentAt: strOrNull(r.sent_at),
    messageId: strOrNull(r.message_id),
    nonce: str(r.nonce),
  };
}
