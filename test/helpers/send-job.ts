import type { Platform, Post, PostKind } from '../../src/core/types.js';
import type { SendJob } from '../../src/delivery/platform.js';
import type { Delivery, ThreadRef } from '../../src/store/store.js';

let nextId = 1;

/** A SendJob as the outbox worker would hand it to a platform sender, for sender tests. */
export function sendJob(
  platform: Platform,
  channelId: string,
  kind: PostKind,
  p: Post,
  opts: { thread?: ThreadRef | null; forum?: boolean; nonce?: string; timeZone?: string; uncertain?: boolean } = {},
): SendJob {
  const id = nextId++;
  const delivery: Delivery = {
    id,
    platform,
    channelId,
    kind,
    articleId: p.articleId,
    storylineId: p.storylineId,
    post: { ...p, kind },
    status: 'pending',
    attempts: 0,
    nextAttemptAt: '2025-07-15T12:00:00.000Z',
    lastError: null,
    createdAt: '2025-07-15T12:00:00.000Z',
    sentAt: null,
    messageId: null,
    nonce: opts.nonce ?? `${platform[0]}${id}-${Date.now().toString(36)}`,
  };
  return { delivery, post: { ...p, kind }, thread: opts.thread ?? null, channel: { forum: opts.forum ?? false, timeZone: opts.timeZone ?? 'UTC' }, ...(opts.uncertain ? { uncertain: true } : {}) };
}
