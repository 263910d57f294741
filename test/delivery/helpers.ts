import type { Article, Placement, Platform, Post, PostKind } from '../../src/core/types.js';
import { DeliveryError } from '../../src/util/errors.js';
import type { PlatformSender, SendJob, SendResult } from '../../src/delivery/platform.js';
import type { NewDelivery } from '../../src/store/store.js';
import type { ChannelConfig } from '../../src/config/schema.js';

/** mulberry32: a small seeded PRNG so fault patterns repeat exactly. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function postFor(article: Article, kind: PostKind = 'story'): Post {
  return {
    kind,
    articleId: article.id,
    storylineId: article.storylineId,
    headline: article.title,
    summary: article.summary,
    whatsNew: article.whatsNew,
    outlet: article.source,
    url: article.url,
    published: article.published,
    entities: article.entities,
    topics: article.topics,
    angle: null,
    angleChanged: false,
    alsoReportedBy: [],
    body: null,
  };
}

export function placementOf(article: Article, kind: Placement['kind']): Placement {
  return { kind, storylineId: article.storylineId, duplicateOf: article.duplicateOf, duplicateReason: article.duplicateReason, similarity: null, angleChanged: false };
}

export function channel(platform: Platform, id: string, topics: string[], over: Partial<ChannelConfig> = {}): ChannelConfig {
  return { platform, id, topics, forum: false, ...over } as ChannelConfig;
}

export function delivery(platform: Platform, channelId: string, article: Article, kind: PostKind): NewDelivery {
  return { platform, channelId, kind, articleId: article.id, storylineId: article.storylineId, post: postFor(article, kind) };
}

export interface SentMessage {
  id: string;
  channelId: string;
  /** Thread (Discord) / parent ts (Slack) the message went into; null for a root. */
  threadId: string | null;
  deliveryId: number;
  nonce: string;
  kind: PostKind;
  headline: string;
  at: number;
}

/**
 * A hand-written PlatformSender. `behave` may throw (DeliveryError etc.) before the
 * message "reaches the platform", or return 'lose-answer' to have the message stored and
 * then the answer lost, like a connection dropped after the platform processed it.
 * With `dedupeNonce` (Discord), a message with a known nonce is returned, not stored again.
 */
export class FakeSender implements PlatformSender {
  readonly messages: SentMessage[] = [];
  readonly jobs: SendJob[] = [];
  private seq = 0;

  constructor(
    readonly platform: Platform,
    private readonly opts: {
      dedupeNonce?: boolean;
      now?: () => number;
      behave?: (job: SendJob, callIndex: number) => void | 'lose-answer' | Promise<void | 'lose-answer'>;
    } = {},
  ) {}

  async send(job: SendJob): Promise<SendResult> {
    this.jobs.push(job);
    const verdict = await this.opts.behave?.(job, this.jobs.length - 1);
    let msg = this.opts.dedupeNonce ? this.messages.find((m) => m.nonce === job.delivery.nonce) : undefined;
    if (!msg) {
      msg = {
        id: `${this.platform === 'slack' ? '1700000000.' : ''}${String(++this.seq).padStart(6, '0')}`,
        channelId: job.delivery.channelId,
        threadId: job.thread?.threadId ?? null,
        deliveryId: job.delivery.id,
        nonce: job.delivery.nonce,
        kind: job.delivery.kind,
        headline: job.post.headline,
        at: this.opts.now?.() ?? Date.now(),
      };
      this.messages.push(msg);
    }
    if (verdict === 'lose-answer') throw new DeliveryError('socket hang up', false, 'network');
    // Slack threads hang off the root's ts; Discord threads get their own id.
    const threadId = job.delivery.kind === 'story' ? (this.platform === 'slack' ? msg.id : `t${msg.id}`) : (job.thread?.threadId ?? null);
    return { messageId: msg.id, threadId };
  }

  byChannel(channelId: string): SentMessage[] {
    return this.messages.filter((m) => m.channelId === channelId);
  }
}

export function deferred<T = void>(): { promise: Promise<T>; resolve: (v: T) => void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
