import type { Platform, Post } from '../core/types.js';
import type { Delivery, ThreadRef } from '../store/store.js';

/**
 * What an adapter implements so the delivery worker can post through it. The worker
 * owns pacing, retries and ordering; the adapter owns rendering and the wire protocol.
 *
 * Errors: throw `DeliveryError` (src/util/errors.ts). permanent=true for unknown channel,
 * missing access/permissions, invalid payload; permanent=false (with retryAfterMs when the
 * platform said so) for 429, 5xx and network failures.
 */
export interface PlatformSender {
  readonly platform: Platform;
  send(job: SendJob): Promise<SendResult>;
}

export interface SendJob {
  delivery: Delivery;
  post: Post;
  /**
   * For 'story': null (or the previous root when re-posting after a lost thread).
   * For every other kind: the storyline's root message in this channel.
   */
  thread: ThreadRef | null;
  /** Channel options from config (Discord forum channels). */
  channel: { forum: boolean; timeZone: string };
  /**
   * An earlier attempt may have reached the platform: its answer was lost, or the process
   * died while this channel's lane had it in flight. Senders without an idempotency key
   * (Slack) look for the message before posting again.
   */
  uncertain?: boolean;
}

export interface SendResult {
  /** Id of the message written (Slack ts, Discord message id). */
  messageId: string;
  /**
   * For 'story': where follow-ups go (Slack: same ts; Discord: the new thread id).
   * For follow-ups that had to reopen or recreate a thread: the new thread id.
   */
  threadId: string | null;
  /** Set when the adapter made a new root (thread was deleted): the worker saves it. */
  newRoot?: { messageId: string; threadId: string };
}
