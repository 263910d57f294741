import type { ChatPostMessageArguments, WebClient } from '@slack/web-api';
import type { ThreadlineConfig } from '../../config/schema.js';
import type { PlatformSender, SendJob, SendResult } from '../../delivery/platform.js';
import type { Store, ThreadRef } from '../../store/store.js';
import type { Clock } from '../../util/clock.js';
import { DeliveryError } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import type { SlackMessage } from './block-kit.js';
import { alsoReportedNote, digestMessage, followUpMessage, noticeMessage, storyMessage, updateNote } from './render-post.js';
import { applyUpdate, currentRootView, sourcesOf, withSources, type RootView } from './root-view.js';
import { slackErrorName, toDeliveryError } from './slack-errors.js';

export interface SlackSenderOptions {
  /**
   * A WebClient made with `rejectRateLimitedCalls: true` and no retries of its own: this
   * sender decides how long one send may wait, and the outbox worker owns retries.
   */
  client: WebClient;
  store: Store;
  config: Pick<ThreadlineConfig, 'slack'>;
  clock: Clock;
  log: Logger;
  /** Longest Retry-After waited out inside one send, summed; a longer one goes back to the worker. Default 10 s. */
  maxInlineWaitMs?: number;
  /** Rate-limited attempts retried inside one send. Default 2. */
  maxRateLimitRetries?: number;
}

/** Message metadata event type carrying a delivery's nonce, for finding a message a lost answer left behind. */
export const NONCE_EVENT = 'threadline_delivery';
const NEW_ROOT_NOTE = 'The earlier thread for this story can no longer be replied to, so it continues here.';
/** chat.update refusals that mean "the root cannot be edited": fall back to a note in the thread. */
const ROOT_NOT_EDITABLE = new Set(['message_not_found', 'cant_update_message', 'edit_window_closed']);
/** Reply refusals that mean the thread is gone, not the channel. */
const THREAD_GONE = new Set(['cannot_reply_to_message', 'thread_not_found', 'message_not_found']);

/**
 * Posts Threadline's deliveries to Slack. A story is a top-level message whose ts is
 * also its thread; follow-ups are replies in that thread (broadcast to the channel when
 * they change the story's angle, if configured); "also reported by" edits the root
 * (chat.update) or adds a note in the thread, never a new top-level post; source edits
 * update the root in place. Notices and digests are top-level messages.
 *
 * Slack's chat.postMessage has no idempotency key, so every message carries the
 * delivery's nonce in its metadata. When an earlier attempt may have reached Slack (its
 * answer was lost, or the process died while it was in flight: `job.uncertain`), the
 * sender first looks for that nonce in the channel (or thread) and adopts the message it
 * finds instead of posting again. Without the history scopes the lookup fails and the
 * message is posted: at most that one duplicate.
 */
export class SlackSender implements PlatformSender {
  readonly platform = 'slack' as const;
  private readonly log: Logger;
  private readonly maxInlineWaitMs: number;
  private readonly maxRateLimitRetries: number;

  constructor(private readonly options: SlackSenderOptions) {
    this.log = options.log.child({ component: 'slack-sender' });
    this.maxInlineWaitMs = options.maxInlineWaitMs ?? 10_000;
    this.maxRateLimitRetries = options.maxRateLimitRetries ?? 2;
  }

  async send(job: SendJob): Promise<SendResult> {
    const kind = job.delivery.kind;
    try {
      switch (kind) {
        case 'story': {
          const ts = await this.postMessage(job, storyMessage(job.post, job.channel.timeZone));
          return { messageId: ts, threadId: ts };
        }
        case 'follow-up':
          return await this.sendFollowUp(job);
        case 'also-reported':
          return await this.sendAlsoReported(job);
        case 'update':
          return await this.sendUpdate(job);
        case 'notice': {
          const ts = await this.postMessage(job, noticeMessage(job.post));
          return { messageId: ts, threadId: null };
        }
        case 'digest': {
          const ts = await this.postMessage(job, digestMessage(job.post));
          return { messageId: ts, threadId: null };
        }
        default:
          throw new DeliveryError(`slack: unknown post kind ${String(kind)}`, true, 'unknown-kind');
      }
    } catch (err) {
      throw toDeliveryError(err, `send ${kind} to channel ${job.delivery.channelId}`);
    }
  }

  // Kinds ------------------------------------------------------------------------

  private async sendFollowUp(job: SendJob): Promise<SendResult> {
    const ref = job.thread;
    if (!ref) return this.newRoot(job, 'no thread recorded');
    const broadcast = job.post.angleChanged && this.options.config.slack.broadcastAngleChanges;
    try {
      const ts = await this.postMessage(job, followUpMessage(job.post, job.channel.timeZone), { threadTs: ref.threadId, broadcast });
      return { messageId: ts, threadId: ref.threadId };
    } catch (err) {
      const name = slackErrorName(err);
      if (name && THREAD_GONE.has(name)) return this.newRoot(job, `thread ${ref.threadId}: ${name}`);
      throw err;
    }
  }

  /** Duplicates fold into the root ("also reported by") or a thread note; never a new top-level post. */
  private async sendAlsoReported(job: SendJob): Promise<SendResult> {
    const ref = job.thread;
    if (!ref) throw new DeliveryError('slack: also-reported without a root message', true, 'no-root');
    if (this.options.config.slack.duplicateNotice === 'update') {
      const view = currentRootView(this.options.store, ref);
      if (view) {
        const post = withSources(view.post, sourcesOf(job.post));
        if (await this.updateRoot(job, ref, storyMessage(post, job.channel.timeZone, { updated: view.updated, note: rootNote(view) }))) {
          return { messageId: ref.messageId, threadId: ref.threadId };
        }
      } else {
        this.log.info({ channel: ref.channelId, root: ref.messageId }, 'root message not made by this outbox; noting the duplicate in the thread');
      }
    }
    const ts = await this.postMessage(job, alsoReportedNote(job.post), { threadTs: ref.threadId });
    return { messageId: ts, threadId: ref.threadId };
  }

  private async sendUpdate(job: SendJob): Promise<SendResult> {
    const ref = job.thread;
    if (!ref) throw new DeliveryError('slack: update without a root message', true, 'no-root');
    const view = currentRootView(this.options.store, ref);
    const post = view ? applyUpdate(view.post, job.post) : { ...job.post, kind: 'story' as const };
    const edited = await this.updateRoot(job, ref, storyMessage(post, job.channel.timeZone, { updated: true, note: view ? rootNote(view) : undefined }));
    if (edited) return { messageId: ref.messageId, threadId: ref.threadId };
    // The root cannot be edited (deleted, too old): readers still learn of the change.
    try {
      const ts = await this.postMessage(job, updateNote(job.post, job.channel.timeZone), { threadTs: ref.threadId });
      return { messageId: ts, threadId: ref.threadId };
    } catch (err) {
      const name = slackErrorName(err);
      if (name && THREAD_GONE.has(name)) return this.newRoot(job, `thread ${ref.threadId}: ${name}`);
      throw err;
    }
  }

  /** The thread cannot take replies: the follow-up becomes a new root (the worker saves it). */
  private async newRoot(job: SendJob, why: string): Promise<SendResult> {
    this.log.warn({ channel: job.delivery.channelId, delivery: job.delivery.id, why }, 'storyline thread unusable; starting a new one');
    const note = job.thread ? NEW_ROOT_NOTE : undefined;
    const ts = await this.postMessage(job, storyMessage({ ...job.post, kind: 'story' }, job.channel.timeZone, { note }));
    return { messageId: ts, threadId: ts, newRoot: { messageId: ts, threadId: ts } };
  }

  // Web API ----------------------------------------------------------------------

  /** Returns false when Slack says the root cannot be edited any more. */
  private async updateRoot(job: SendJob, ref: ThreadRef, message: SlackMessage): Promise<boolean> {
    try {
      await this.call('chat.update', () => this.options.client.chat.update({ channel: job.delivery.channelId, ts: ref.messageId, text: message.text, blocks: message.blocks }));
      return true;
    } catch (err) {
      const name = slackErrorName(err);
      if (!name || !ROOT_NOT_EDITABLE.has(name)) throw err;
      this.log.warn({ channel: ref.channelId, root: ref.messageId, error: name }, 'cannot edit the root message');
      return false;
    }
  }

  private async postMessage(job: SendJob, message: SlackMessage, thread?: { threadTs: string; broadcast?: boolean }): Promise<string> {
    const channel = job.delivery.channelId;
    if (job.uncertain) {
      const earlier = await this.findPosted(channel, job.delivery.nonce, thread?.threadTs, job.delivery.createdAt);
      if (earlier) return earlier;
    }
    // The blocks already show the story; a link preview would repeat it.
    const base = {
      channel,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
      metadata: { event_type: NONCE_EVENT, event_payload: { nonce: job.delivery.nonce } },
    };
    const args: ChatPostMessageArguments = !thread
      ? base
      : thread.broadcast
        ? { ...base, thread_ts: thread.threadTs, reply_broadcast: true }
        : { ...base, thread_ts: thread.threadTs };
    const result = await this.call('chat.postMessage', () => this.options.client.chat.postMessage(args));
    if (!result.ts) throw new DeliveryError(`slack: chat.postMessage to ${channel} answered without a ts`, false, 'no-ts');
    return result.ts;
  }

  /**
   * The ts of a message an earlier attempt of this delivery already posted, if any: its
   * nonce in the metadata of the thread's replies or of the channel's recent messages.
   */
  private async findPosted(channel: string, nonce: string, threadTs: string | undefined, since: string): Promise<string | null> {
    try {
      // Slack's ts is seconds since the epoch; a minute of slack covers clock skew.
      const oldest = String(Math.floor(Date.parse(since) / 1000) - 60);
      const page = threadTs
        ? await this.call('conversations.replies', () => this.options.client.conversations.replies({ channel, ts: threadTs, oldest, limit: 200, include_all_metadata: true }))
        : await this.call('conversations.history', () => this.options.client.conversations.history({ channel, oldest, limit: 200, include_all_metadata: true }));
      const found = (page.messages ?? []).find((m) => m.metadata?.event_type === NONCE_EVENT && (m.metadata.event_payload as Record<string, unknown> | undefined)?.['nonce'] === nonce);
      if (found?.ts) {
        this.log.info({ channel, nonce, ts: found.ts }, 'an earlier attempt had posted this message; not posting it again');
        return found.ts;
      }
      return null;
    } catch (err) {
      this.log.warn({ channel, nonce, error: slackErrorName(err) ?? String(err) }, 'could not check whether an earlier attempt posted this message; posting it');
      return null;
    }
  }

  /**
   * Runs one API call; a 429 whose Retry-After fits the inline budget is waited out and
   * the call made again, so the message lands once. A longer one, or one too many,
   * becomes a retryable DeliveryError carrying Retry-After for the worker. Only this
   * channel's lane waits: the client's own 429 handling would pause every channel.
   */
  private async call<T>(method: string, fn: () => Promise<T>): Promise<T> {
    let waited = 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        const retryAfterMs = rateLimitedMs(err);
        if (retryAfterMs === null || attempt >= this.maxRateLimitRetries || waited + retryAfterMs > this.maxInlineWaitMs) throw err;
        this.log.info({ method, retryAfterMs }, 'rate limited; waiting');
        waited += retryAfterMs;
        await this.options.clock.sleep(retryAfterMs);
      }
    }
  }
}

/** chat.update replaces the whole message: keep the note a replacement root was posted with. */
function rootNote(view: RootView): string | undefined {
  return view.replacesLostThread ? NEW_ROOT_NOTE : undefined;
}

function rateLimitedMs(err: unknown): number | null {
  const e = err as { code?: string; retryAfter?: number } | null;
  if (e?.code !== 'slack_webapi_rate_limited_error') return null;
  return typeof e.retryAfter === 'number' && e.retryAfter >= 0 ? e.retryAfter * 1000 : 1000;
}
