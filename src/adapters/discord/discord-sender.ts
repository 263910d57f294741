import type { REST } from '@discordjs/rest';
import { ChannelType, Routes, type APIChannel, type APIMessage } from 'discord-api-types/v10';
import type { Post } from '../../core/types.js';
import type { PlatformSender, SendJob, SendResult } from '../../delivery/platform.js';
import type { ThreadRef } from '../../store/store.js';
import { DeliveryError } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { truncate } from '../../util/truncate.js';
import { discordCode, DiscordCode, toDeliveryError } from './discord-errors.js';
import type { DiscordEmbed, MessageBody } from './embed-limits.js';
import { findForumPost } from './find-forum-post.js';
import { ALSO_REPORTED_FIELD, alsoReportedMessage, digestMessage, followUpMessage, noticeMessage, storyMessage, withAlsoReported } from './render-post.js';

export interface DiscordSenderOptions {
  rest: REST;
  log: Logger;
  /** Upper bound for one send, rate-limit waits included; then it fails as retryable. */
  sendTimeoutMs?: number;
}

/** Longest auto-archive Discord offers (7 days): storylines run for days. */
const AUTO_ARCHIVE_MINUTES = 10080;
const NEW_ROOT_NOTE = 'The earlier thread for this story is gone, so it continues here.';
/** Channels that take posts (threads with a starter message), not plain messages. */
const POST_ONLY_TYPES: ReadonlySet<number> = new Set([ChannelType.GuildForum, ChannelType.GuildMedia]);

interface Call {
  signal: AbortSignal;
}

/**
 * Posts Threadline's deliveries to Discord: a story is an embed with a public thread
 * under it (or a forum post), follow-ups and "also reported by" go into that thread.
 * Messages carry the delivery's nonce with enforce_nonce, so a retried send within a few
 * minutes gets the same message back instead of a duplicate. Forum posts cannot carry
 * a nonce (Discord's forum endpoint has none): when one may already exist, the forum is
 * searched for it instead (see createForumPost).
 */
export class DiscordSender implements PlatformSender {
  readonly platform = 'discord' as const;
  private readonly rest: REST;
  private readonly log: Logger;
  private readonly sendTimeoutMs: number;
  /** Channel id -> takes only posts; asked once per channel not marked `forum` in the config. */
  private readonly postOnly = new Map<string, boolean>();

  constructor(options: DiscordSenderOptions) {
    this.rest = options.rest;
    this.log = options.log.child({ component: 'discord-sender' });
    this.sendTimeoutMs = options.sendTimeoutMs ?? 120_000;
  }

  async send(job: SendJob): Promise<SendResult> {
    const call: Call = { signal: AbortSignal.timeout(this.sendTimeoutMs) };
    const kind = job.delivery.kind;
    try {
      switch (kind) {
        case 'story':
          return await this.sendStory(job, call);
        case 'follow-up':
        case 'also-reported':
          return await this.sendIntoThread(job, call);
        case 'update':
          return await this.sendUpdate(job, call);
        case 'notice': {
          if (!job.thread) return await this.postStandalone(job, noticeMessage(job.post), call);
          const m = await this.postMessage(job.thread.threadId, noticeMessage(job.post), job.delivery.nonce, call);
          return { messageId: m.id, threadId: job.thread.threadId };
        }
        case 'digest':
          return await this.postStandalone(job, digestMessage(job.post), call);
        default:
          throw new DeliveryError(`discord: unknown post kind ${String(kind)}`, true, 'unknown-kind');
      }
    } catch (err) {
      throw toDeliveryError(err, `send ${kind} to channel ${job.delivery.channelId}`);
    }
  }

  // Kinds ----------------------------------------------------------------

  private async sendStory(job: SendJob, call: Call): Promise<SendResult> {
    const root = await this.createRoot(job, job.post, undefined, call);
    return { messageId: root.messageId, threadId: root.threadId };
  }

  private async sendIntoThread(job: SendJob, call: Call): Promise<SendResult> {
    const ref = job.thread;
    if (!ref) return this.replaceRoot(job, 'no thread recorded', call);
    const body = job.delivery.kind === 'follow-up' ? followUpMessage(job.post, job.channel.timeZone) : alsoReportedMessage(job.post);
    let message: APIMessage;
    try {
      message = await this.postIntoThread(ref.threadId, body, job.delivery.nonce, call);
    } catch (err) {
      const code = discordCode(err);
      // The thread (not the channel) is gone, or cannot be reopened: start over with a new root.
      if (code === DiscordCode.UnknownChannel || err instanceof ThreadReopenError) return this.replaceRoot(job, `thread ${ref.threadId}: ${code}`, call);
      throw err;
    }
    if (job.delivery.kind === 'also-reported') await this.markAlsoReported(job, ref, call);
    return { messageId: message.id, threadId: ref.threadId };
  }

  private async sendUpdate(job: SendJob, call: Call): Promise<SendResult> {
    const ref = job.thread;
    if (!ref) throw new DeliveryError('discord: update without a root message', true, 'no-root');
    const forum = await this.isForum(job, call);
    const { channelId, messageId } = rootLocation(ref, forum);
    const body = storyMessage(job.post, job.channel.timeZone, undefined, { updated: true });
    await this.withReopen(ref.threadId, forum, () => this.rest.patch(Routes.channelMessage(channelId, messageId), { body: { embeds: body.embeds }, signal: call.signal }));
    return { messageId: ref.messageId, threadId: ref.threadId };
  }

  /**
   * A message that belongs to no storyline. A forum channel takes no plain messages
   * (50008), so there it becomes a post of its own, named after the headline.
   */
  private async postStandalone(job: SendJob, body: MessageBody, call: Call): Promise<SendResult> {
    if (!(await this.isForum(job, call))) {
      const m = await this.postMessage(job.delivery.channelId, body, job.delivery.nonce, call);
      return { messageId: m.id, threadId: null };
    }
    return this.createForumPost(job, threadName(job.post.headline), body, call);
  }

  /**
   * Whether the channel takes only posts. The config marks its forum channels; a channel
   * subscribed with /threadline subscribe is not in the config, so its type is asked once.
   */
  private async isForum(job: SendJob, call: Call): Promise<boolean> {
    if (job.channel.forum) return true;
    const id = job.delivery.channelId;
    const known = this.postOnly.get(id);
    if (known !== undefined) return known;
    const channel = (await this.rest.get(Routes.channel(id), { signal: call.signal })) as APIChannel;
    const forum = POST_ONLY_TYPES.has(channel.type);
    if (this.postOnly.size > 10_000) this.postOnly.clear();
    this.postOnly.set(id, forum);
    return forum;
  }

  // Roots and threads ---------------------------------------------------------

  /** A story message and a thread under it (or a forum post). */
  private async createRoot(job: SendJob, post: Post, note: string | undefined, call: Call): Promise<{ messageId: string; threadId: string | null }> {
    const channelId = job.delivery.channelId;
    const body = storyMessage(post, job.channel.timeZone, note);
    const name = threadName(post.headline);
    if (await this.isForum(job, call)) return this.createForumPost(job, name, body, call);
    const message = await this.postMessage(channelId, body, job.delivery.nonce, call);
    return { messageId: message.id, threadId: await this.startThread(channelId, message.id, name, call) };
  }

  /**
   * A forum post (a thread with its starter message). The endpoint takes no nonce, so when
   * an earlier attempt may have created it (lost answer, or in flight at a crash) the forum
   * is searched for it first; only a failed search risks a second post.
   */
  private async createForumPost(job: SendJob, name: string, body: MessageBody, call: Call): Promise<{ messageId: string; threadId: string }> {
    const forumId = job.delivery.channelId;
    if (job.uncertain) {
      try {
        const earlier = await findForumPost(this.rest, { forumId, name, body, since: job.delivery.createdAt, signal: call.signal });
        if (earlier) {
          this.log.info({ channelId: forumId, deliveryId: job.delivery.id, threadId: earlier.id }, 'an earlier attempt had created this forum post; not posting it again');
          return { messageId: earlier.id, threadId: earlier.id };
        }
      } catch (err) {
        this.log.warn({ channelId: forumId, deliveryId: job.delivery.id, err: toDeliveryError(err, 'find forum post') }, 'could not check whether an earlier attempt created this forum post; posting it');
      }
    }
    const thread = (await this.rest.post(Routes.threads(forumId), {
      body: { name, auto_archive_duration: AUTO_ARCHIVE_MINUTES, message: body },
      signal: call.signal,
    })) as APIChannel & { message?: APIMessage };
    return { messageId: thread.message?.id ?? thread.id, threadId: thread.id };
  }

  /**
   * The storyline's thread is gone: post the follow-up as a new root (with a note) and
   * open a new thread under it, so the follow-up is never lost. The worker saves newRoot.
   * The delivery's nonce makes a retry after a crash find the same new root.
   */
  private async replaceRoot(job: SendJob, why: string, call: Call): Promise<SendResult> {
    this.log.warn({ channelId: job.delivery.channelId, deliveryId: job.delivery.id, why }, 'storyline thread unusable; starting a new one');
    const root = await this.createRoot(job, job.post, NEW_ROOT_NOTE, call);
    const threadId = root.threadId ?? root.messageId;
    return { messageId: root.messageId, threadId, newRoot: { messageId: root.messageId, threadId } };
  }

  /**
   * Returns the thread id. 160004 means an earlier attempt already made it; message
   * threads have the message's id. A thread that cannot be made for a lasting reason
   * (missing Create Public Threads) leaves the story as a plain message: threadId null.
   */
  private async startThread(channelId: string, messageId: string, name: string, call: Call): Promise<string | null> {
    try {
      const thread = (await this.rest.post(Routes.threads(channelId, messageId), {
        body: { name, auto_archive_duration: AUTO_ARCHIVE_MINUTES },
        signal: call.signal,
      })) as APIChannel;
      return thread.id;
    } catch (err) {
      const code = discordCode(err);
      if (code === DiscordCode.ThreadAlreadyExists) return messageId;
      const mapped = toDeliveryError(err, `start thread on ${messageId}`);
      if (!mapped.permanent) throw mapped;
      this.log.warn({ channelId, messageId, err: mapped }, 'could not start a thread; story stays without one');
      return null;
    }
  }

  private async postIntoThread(threadId: string, body: MessageBody, nonce: string, call: Call): Promise<APIMessage> {
    return this.withReopen(threadId, true, () => this.postMessage(threadId, body, nonce, call), call);
  }

  /** Runs fn; on 50083 (archived thread) reopens the thread once and runs it again. */
  private async withReopen<T>(threadId: string, inThread: boolean, fn: () => Promise<T>, call?: Call): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (!inThread || discordCode(err) !== DiscordCode.ThreadArchived) throw err;
    }
    try {
      await this.rest.patch(Routes.channel(threadId), { body: { archived: false }, signal: call?.signal, reason: 'Threadline: follow-up for this story' });
    } catch (err) {
      const code = discordCode(err);
      // Locked, or no permission to reopen: treat like a lost thread.
      if (code === DiscordCode.MissingPermissions || code === DiscordCode.MissingAccess) throw new ThreadReopenError(threadId, err);
      throw err;
    }
    this.log.info({ threadId }, 'reopened archived thread');
    return fn();
  }

  private async postMessage(channelId: string, body: MessageBody, nonce: string, call: Call): Promise<APIMessage> {
    return (await this.rest.post(Routes.channelMessages(channelId), {
      body: { ...body, nonce, enforce_nonce: true },
      signal: call.signal,
    })) as APIMessage;
  }

  /** Best effort: the root embed lists every outlet that ran the story. */
  private async markAlsoReported(job: SendJob, ref: ThreadRef, call: Call): Promise<void> {
    let location: { channelId: string; messageId: string } | null = null;
    try {
      const forum = await this.isForum(job, call);
      location = rootLocation(ref, forum);
      const { channelId, messageId } = location;
      const root = (await this.rest.get(Routes.channelMessage(channelId, messageId), { signal: call.signal })) as APIMessage;
      const [first, ...rest] = root.embeds as DiscordEmbed[];
      if (!first) return;
      const sources = [...job.post.alsoReportedBy];
      if (job.post.url && !sources.some((s) => s.url === job.post.url)) sources.push({ outlet: job.post.outlet, url: job.post.url, title: job.post.headline });
      const before = first.fields?.find((f) => f.name === ALSO_REPORTED_FIELD)?.value;
      const updated = withAlsoReported(first, sources);
      if (updated.fields?.find((f) => f.name === ALSO_REPORTED_FIELD)?.value === before) return;
      await this.withReopen(ref.threadId, forum, () =>
        this.rest.patch(Routes.channelMessage(channelId, messageId), { body: { embeds: [updated, ...rest] }, signal: call.signal }),
      );
    } catch (err) {
      this.log.warn({ ...location, err }, 'could not update "also reported by" on the root message');
    }
  }
}

/** An archived thread that stays closed (locked, or no right to reopen it). */
class ThreadReopenError extends DeliveryError {
  constructor(threadId: string, cause: unknown) {
    super(`discord: thread ${threadId} is archived and cannot be reopened`, true, 'thread-locked', null, { cause });
  }
}

/** Where the root message lives: a forum post's starter message is inside the thread. */
function rootLocation(ref: ThreadRef, forum: boolean): { channelId: string; messageId: string } {
  return forum ? { channelId: ref.threadId, messageId: ref.messageId } : { channelId: ref.channelId, messageId: ref.messageId };
}

/** Thread names: one line, 1-100 characters. */
export function threadName(headline: string): string {
  const flat = headline.replace(/\s+/g, ' ').trim();
  return truncate(flat || 'Untitled story', 100);
}
