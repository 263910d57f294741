import type { Platform, Post, PostKind } from '../core/types.js';
import type { Metrics } from '../server/metrics.js';
import type { Delivery, Store, ThreadRef } from '../store/store.js';
import type { Clock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import type { PlatformSender, SendJob, SendResult } from './platform.js';
import { RateLimiter, type BucketSpec } from './rate-limiter.js';
import { DEFAULT_RETRY_POLICY, decideRetry, type RetryPolicyOptions } from './retry-policy.js';

/**
 * The outbox worker: sends pending deliveries through the platform senders.
 *
 * Ordering and isolation. Each channel has its own "lane" that sends that channel's
 * deliveries one at a time, oldest first; lanes run concurrently. A delivery waiting for
 * a retry holds back the later ones of its channel only (head-of-line per channel), so a
 * story always goes out before its follow-ups and no other channel waits.
 *
 * Threads. Follow-ups, also-reported notes and updates go under the storyline's root in
 * that channel (its ThreadRef). Because a lane is strictly ordered, when such a delivery
 * reaches the head of its lane every earlier delivery of the channel is settled: if there
 * is still no root, the root story failed for good (or never existed), so the delivery is
 * posted as a fresh story and becomes the root. Nothing is lost and no thread is broken.
 *
 * Crash safety. A delivery is marked sent only after the platform answered, in one
 * transaction with its ThreadRef. A crash (kill -9) between the platform accepting a
 * message and that transaction leaves the delivery pending, and it is sent again on
 * restart. On Discord the re-send carries the same `nonce` (fixed at enqueue time) with
 * `enforce_nonce`, so Discord returns the first message instead of creating a second one.
 * Slack's chat.postMessage has no idempotency key, so such a job is marked `uncertain`
 * (an earlier attempt failed without a clear answer, or it is its lane's first send since
 * boot: a lane has one send in flight, oldest first, so only its head can have been in
 * flight at a crash) and the Slack sender looks for the nonce it put in the message's
 * metadata before posting again. Only if that lookup is impossible (no history scope) can
 * the in-flight message appear twice. When only the store write
 * fails (disk full, locked) the process still knows the answer: it keeps it in memory and
 * records it later without sending again.
 *
 * One worker per database: two processes sending from the same outbox would double-post.
 */

export interface PlatformPacing {
  /** Per channel. */
  channel: BucketSpec;
  /** Across all channels of the platform (Discord's global limit). */
  global?: BucketSpec;
}

/** Slack: ~1 message per second per channel. Discord: 5 per 5 s per channel, 50 requests/s overall. */
export const DEFAULT_PACING: Record<Platform, PlatformPacing> = {
  slack: { channel: { capacity: 1, perMs: 1_000 } },
  discord: { channel: { capacity: 5, perMs: 5_000 }, global: { capacity: 50, perMs: 1_000 } },
};

export interface DeliveryWorkerDeps {
  store: Store;
  senders: Map<Platform, PlatformSender>;
  clock: Clock;
  log: Logger;
  metrics?: Metrics;
  channelOptions(platform: Platform, channelId: string): SendJob['channel'];
  pacing?: Partial<Record<Platform, PlatformPacing>>;
  retry?: Partial<RetryPolicyOptions>;
  /** Jitter source; tests pass a seeded one. */
  random?: () => number;
  /** How often the running worker looks for due deliveries. Default 1 s. */
  pollIntervalMs?: number;
  /** Channels sending at the same time. Default 64: Slack's throughput is one message per second per lane. */
  maxLanes?: number;
  /** Due deliveries read per look; their channels get lanes. Default 500. */
  scanLimit?: number;
}

type Outcome = 'sent' | 'failed' | 'retry' | 'store-error' | 'skipped';

/** Kinds that belong under the storyline's root message. */
const THREADED: ReadonlySet<PostKind> = new Set(['follow-up', 'also-reported', 'update']);

/** Kinds whose post is the article itself, for the first-seen-to-posted latency. */
const NEWS: ReadonlySet<PostKind> = new Set(['story', 'follow-up', 'also-reported']);

export class DeliveryWorker {
  private readonly limiter = new RateLimiter();
  private readonly lanes = new Map<string, Promise<void>>();
  /** Sends the platform accepted whose store write failed: recorded later, never re-sent. */
  private readonly unrecorded = new Map<number, { result: SendResult; kind: PostKind; thread: ThreadRef | null }>();
  private readonly warnedNoSender = new Set<string>();
  private readonly policy: RetryPolicyOptions;
  private readonly random: () => number;
  private loop: Promise<void> | null = null;
  private stopping = false;
  private wake: (() => void) | null = null;
  /** Deliveries settled (sent, failed, rescheduled); drain() uses it to see progress. */
  private settled = 0;
  /** When this worker was made: deliveries queued earlier may have been in flight in a process that died. */
  private readonly bootAt: number;
  /** Lanes whose first delivery since boot has been tried (only that one can have been in flight). */
  private readonly resumedLanes = new Set<string>();

  constructor(private readonly deps: DeliveryWorkerDeps) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...deps.retry };
    this.random = deps.random ?? Math.random;
    this.bootAt = deps.clock.now().getTime();
  }

  /** Runs until stop(): looks for due deliveries every pollIntervalMs, or at once after notify(). */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = (async () => {
      while (!this.stopping) {
        this.scan();
        await this.idle(this.deps.pollIntervalMs ?? 1_000);
      }
    })();
  }

  /** Finishes the sends in flight, then returns. Pending deliveries stay pending. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    await this.loop;
    this.loop = null;
    await Promise.all(this.lanes.values());
  }

  /** New deliveries were enqueued: look now rather than at the next interval. */
  notify(): void {
    this.wake?.();
  }

  /** One pass: starts a lane for every channel with due deliveries and waits for all lanes. */
  async tick(): Promise<void> {
    this.scan();
    while (this.lanes.size > 0) await Promise.all(this.lanes.values());
  }

  /**
   * Sends until nothing is due (tests, `run --once`). With `waitForRetriesMs`, also waits
   * for retries due within that time (a 429's Retry-After) instead of leaving them pending.
   * Returns the number of deliveries still pending for platforms that have a sender.
   */
  async drain(opts: { waitForRetriesMs?: number } = {}): Promise<number> {
    const { clock } = this.deps;
    const deadline = clock.now().getTime() + (opts.waitForRetriesMs ?? 0);
    let stalled = 0;
    while (!this.stopping) {
      const before = this.settled;
      await this.tick();
      if (this.settled !== before) {
        stalled = 0;
        continue;
      }
      // Nothing moved: wait for the earliest channel head that is still in backoff.
      const next = this.nextHeadAt();
      if (next === null || next > deadline) break;
      const wait = next - clock.now().getTime();
      if (wait > 0) await clock.sleep(wait);
      // A head that is due yet makes no progress means the store is failing: do not spin.
      else if (++stalled >= 2) break;
    }
    return this.pendingSendable().length;
  }

  // Scheduling ----------------------------------------------------------------

  private scan(): void {
    let channels: Array<{ platform: Platform; channelId: string }>;
    try {
      channels = this.dueChannels();
    } catch (err) {
      this.deps.log.error({ err }, 'cannot read the outbox; will try again');
      return;
    }
    const maxLanes = this.deps.maxLanes ?? 64;
    for (const { platform, channelId } of channels) {
      if (this.lanes.size >= maxLanes) break;
      const key = laneKey(platform, channelId);
      if (this.lanes.has(key)) continue;
      const lane = this.runLane(platform, channelId).finally(() => this.lanes.delete(key));
      this.lanes.set(key, lane);
    }
  }

  /**
   * Channels that may have something to send. Normally read from the oldest due
   * deliveries; when those fill the whole scan (a big backlog, perhaps stuck behind one
   * channel's retry), every channel with pending deliveries is offered a lane instead,
   * so a backlog in one channel cannot hide the others. A lane checks its own head.
   */
  private dueChannels(): Array<{ platform: Platform; channelId: string }> {
    const limit = this.deps.scanLimit ?? 500;
    const due = this.deps.store.listDueDeliveries(this.nowIso(), limit);
    const source = due.length < limit ? due : this.deps.store.deliveryStats().filter((s) => s.pending > 0);
    const seen = new Set<string>();
    const out: Array<{ platform: Platform; channelId: string }> = [];
    for (const d of source) {
      const key = laneKey(d.platform, d.channelId);
      if (seen.has(key) || !this.hasSender(d)) continue;
      seen.add(key);
      out.push({ platform: d.platform, channelId: d.channelId });
    }
    return out;
  }

  private pendingSendable(): Delivery[] {
    return this.deps.store.listDeliveries({ status: 'pending' }).filter((d) => this.hasSender(d));
  }

  /** When the earliest channel head (oldest pending delivery of a channel) becomes due. */
  private nextHeadAt(): number | null {
    const heads = new Map<string, Delivery>();
    for (const d of this.pendingSendable()) {
      const key = laneKey(d.platform, d.channelId);
      if (!heads.has(key)) heads.set(key, d);
    }
    let next: number | null = null;
    for (const d of heads.values()) {
      const t = Date.parse(d.nextAttemptAt);
      if (next === null || t < next) next = t;
    }
    return next;
  }

  private hasSender(d: { platform: Platform; channelId: string }): boolean {
    if (this.deps.senders.has(d.platform)) return true;
    const key = laneKey(d.platform, d.channelId);
    if (!this.warnedNoSender.has(key)) {
      this.warnedNoSender.add(key);
      this.deps.log.warn({ platform: d.platform, channel: d.channelId }, 'deliveries pending for a platform that is not configured; they wait');
    }
    return false;
  }

  /** Sends one channel's due deliveries in order; ends when the head is not due (or on stop). */
  private async runLane(platform: Platform, channelId: string): Promise<void> {
    try {
      while (!this.stopping) {
        const head = this.headOf(platform, channelId);
        if (!head || Date.parse(head.nextAttemptAt) > this.deps.clock.now().getTime()) return;
        const outcome = await this.deliver(head);
        if (outcome !== 'sent' && outcome !== 'failed') return;
      }
    } catch (err) {
      // Reading the outbox failed (store down): the next scan starts the lane again.
      this.deps.log.error({ err, platform, channel: channelId }, 'delivery lane stopped');
    }
  }

  /** The channel's oldest pending delivery, due or not: nothing may overtake it. */
  private headOf(platform: Platform, channelId: string): Delivery | undefined {
    return this.deps.store.listDeliveries({ status: 'pending', channelId, limit: 50 }).find((d) => d.platform === platform);
  }

  // One delivery ----------------------------------------------------------------

  private async deliver(d: Delivery): Promise<Outcome> {
    const { store, log } = this.deps;
    const sender = this.deps.senders.get(d.platform);
    if (!sender) return 'skipped';

    const known = this.unrecorded.get(d.id);
    if (known) return this.record(d, known.kind, known.thread, known.result);

    const root = d.storylineId ? (store.getThreadRef(d.platform, d.channelId, d.storylineId) ?? null) : null;
    let kind = d.kind;
    let post: Post = d.post;
    if (THREADED.has(kind) && d.storylineId && !root) {
      // Every earlier delivery of this channel is settled, so no root is on its way.
      log.warn({ delivery: d.id, platform: d.platform, channel: d.channelId, kind, storyline: d.storylineId }, 'storyline has no root in this channel; posting as a new story');
      kind = 'story';
      post = { ...post, kind };
    }
    const thread = kind === 'story' ? null : root;
    const job: SendJob = {
      delivery: kind === d.kind ? d : { ...d, kind, post },
      post,
      thread,
      channel: this.deps.channelOptions(d.platform, d.channelId),
      uncertain: this.mayHaveBeenSent(d),
    };

    await this.pace(d.platform, d.channelId);
    let result: SendResult;
    try {
      result = await sender.send(job);
    } catch (err) {
      return this.failed(d, err);
    } finally {
      this.spaceFromAnswer(d.platform, d.channelId);
    }
    return this.record(d, kind, thread, result);
  }

  /**
   * True when an earlier attempt may have reached the platform: one failed without a clear
   * answer, or this is the first delivery of its lane since a restart (a lane sends one
   * message at a time, oldest first, so only its head can have been in flight at a crash).
   */
  private mayHaveBeenSent(d: Delivery): boolean {
    const key = laneKey(d.platform, d.channelId);
    const firstSinceBoot = !this.resumedLanes.has(key) && Date.parse(d.createdAt) < this.bootAt;
    this.resumedLanes.add(key);
    return d.attempts > 0 || firstSinceBoot;
  }

  /** Marks the delivery sent and saves where its storyline lives, in one transaction. */
  private record(d: Delivery, kind: PostKind, thread: ThreadRef | null, result: SendResult): Outcome {
    const { store, clock, log } = this.deps;
    const sentAt = clock.now().toISOString();
    try {
      store.transaction(() => {
        store.markDeliverySent(d.id, { messageId: result.messageId, threadId: result.threadId, sentAt });
        const ref = d.storylineId ? rootAfterSend(d, kind, thread, result, sentAt) : null;
        if (ref) store.saveThreadRef(ref);
      });
    } catch (err) {
      this.unrecorded.set(d.id, { result, kind, thread });
      log.error({ err, delivery: d.id, platform: d.platform, channel: d.channelId }, 'posted, but could not record it; will record it without posting again');
      return 'store-error';
    }
    this.unrecorded.delete(d.id);
    this.settled++;
    this.deps.metrics?.deliverySent(d.platform);
    this.observeLatency(d, kind);
    log.info({ delivery: d.id, platform: d.platform, channel: d.channelId, kind, message: result.messageId }, 'delivered');
    return 'sent';
  }

  private failed(d: Delivery, err: unknown): Outcome {
    const { store, clock, log } = this.deps;
    const now = clock.now().getTime();
    const attempt = d.attempts + 1;
    const decision = decideRetry(err, attempt, now - Date.parse(d.createdAt), this.policy, this.random);
    const ctx = { delivery: d.id, platform: d.platform, channel: d.channelId, kind: d.kind, attempt, reason: decision.reason };
    try {
      if (decision.retry) {
        store.markDeliveryRetry(d.id, new Date(now + decision.delayMs).toISOString(), decision.reason);
        log.warn({ ...ctx, retryInMs: decision.delayMs }, 'send failed; will retry');
      } else {
        store.markDeliveryFailed(d.id, decision.reason);
        this.deps.metrics?.deliveryFailed(d.platform);
        log.error(ctx, 'delivery failed for good');
      }
    } catch (storeErr) {
      log.error({ ...ctx, err: storeErr }, 'could not record a failed send');
      return 'store-error';
    }
    this.settled++;
    return decision.retry ? 'retry' : 'failed';
  }

  private async pace(platform: Platform, channelId: string): Promise<void> {
    const pacing = this.deps.pacing?.[platform] ?? DEFAULT_PACING[platform];
    const keys: Array<[string, BucketSpec]> = [[laneKey(platform, channelId), pacing.channel]];
    if (pacing.global) keys.push([`${platform}|*`, pacing.global]);
    const now = this.deps.clock.now().getTime();
    const wait = this.limiter.reserve(keys, now);
    if (this.limiter.size > 1_000) this.limiter.prune(now);
    if (wait > 0) await this.deps.clock.sleep(wait);
  }

  /**
   * A one-message bucket (Slack's 1 per second per channel) is also spaced from the
   * platform's answer, not only from when the request left: the platform counted the post
   * before it answered, so latency jitter can never bring two posts closer than its limit
   * (which would cost a 429 and a whole second of Retry-After).
   */
  private spaceFromAnswer(platform: Platform, channelId: string): void {
    const spec = (this.deps.pacing?.[platform] ?? DEFAULT_PACING[platform]).channel;
    if (spec.capacity !== 1) return;
    const now = this.deps.clock.now().getTime();
    this.limiter.block(laneKey(platform, channelId), spec, now + spec.perMs, now);
  }

  private observeLatency(d: Delivery, kind: PostKind): void {
    const metrics = this.deps.metrics;
    if (!metrics || !d.articleId || !NEWS.has(kind)) return;
    try {
      const article = this.deps.store.getArticle(d.articleId);
      if (!article) return;
      const seconds = (this.deps.clock.now().getTime() - Date.parse(article.firstSeen)) / 1000;
      if (Number.isFinite(seconds)) metrics.observePostLatency(d.platform, seconds);
    } catch {
      // a metric is not worth failing a delivery for
    }
  }

  private nowIso(): string {
    return this.deps.clock.now().toISOString();
  }

  /** Waits up to `ms`, or until notify()/stop(). */
  private idle(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wake = () => {
        this.wake = null;
        done();
      };
    });
  }
}

function laneKey(platform: Platform, channelId: string): string {
  return `${platform}|${channelId}`;
}

/** The ThreadRef to save after a successful send, if the send made or moved the root. */
function rootAfterSend(d: Delivery, kind: PostKind, thread: ThreadRef | null, result: SendResult, at: string): ThreadRef | null {
  const base = { platform: d.platform, channelId: d.channelId, storylineId: d.storylineId!, updatedAt: at };
  if (kind === 'story') return { ...base, messageId: result.messageId, threadId: result.threadId ?? result.messageId };
  if (result.newRoot) return { ...base, ...result.newRoot };
  if (thread && result.threadId && result.threadId !== thread.threadId) return { ...base, messageId: thread.messageId, threadId: result.threadId };
  return null;
}
