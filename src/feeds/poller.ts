import type { ThreadlineConfig } from '../config/schema.js';
import type { IncomingItem } from '../core/types.js';
import type { Metrics } from '../server/metrics.js';
import type { FeedRecord, Store } from '../store/store.js';
import type { Clock } from '../util/clock.js';
import { FeedError, errorMessage } from '../util/errors.js';
import type { Logger } from '../util/logger.js';
import { decodeFeedBytes } from './decode.js';
import type { HttpClient, HttpResponse } from './http-client.js';
import { mapLimit } from './map-limit.js';
import { parseFeed } from './parse-feed.js';
import type { HtmlListSelectors } from './parse-html-list.js';
import { backoffDelay, nextAfterSuccess, retryAfterDelay } from './poll-schedule.js';
import { parseRetryAfter } from './retry-after.js';
import { toIncomingItems } from './to-incoming.js';

export type OnItems = (feed: FeedRecord, items: IncomingItem[], meta: { initialPoll: boolean }) => Promise<void> | void;

export interface FeedPollerDeps {
  store: Store;
  http: HttpClient;
  clock: Clock;
  log: Logger;
  config: ThreadlineConfig['poll'];
  /** The pipeline: decides backfill and dedupe. Throwing marks the poll failed (validators are not kept). */
  onItems: OnItems;
  metrics?: Pick<Metrics, 'feedPolled' | 'feedFailed'>;
  /** Source of jitter; tests pass a constant. */
  random?: () => number;
  /** CSS selectors of an HTML list-page source (feeds of kind "html"); such feeds are skipped without them. */
  htmlSelectors?: (feed: FeedRecord) => HtmlListSelectors | undefined;
  /** Feed health changes worth telling channels about (issue 8's notices). */
  onHealthChange?: (feed: FeedRecord, change: 'paused' | 'recovered', error: FeedError | null) => void;
}

export interface PollResult {
  feedId: string;
  status: 'ok' | 'not-modified' | 'failed' | 'skipped';
  items: number;
  error: FeedError | null;
  /** ISO time of the next scheduled poll ('skipped': unchanged). */
  nextPollAt: string | null;
}

const PERMANENT_REDIRECTS = new Set([301, 308]);
const NO_BODY = Buffer.alloc(0);

/**
 * cheerio is loaded with the first HTML list source, not with the poller: it costs ~28 MB
 * of RSS (7.6 MB of JS heap) and most deployments poll feeds only.
 */
const htmlListParser = async (): Promise<typeof import('./parse-html-list.js').parseHtmlList> => (await import('./parse-html-list.js')).parseHtmlList;
const MIN_TICK_MS = 1000;
const MAX_TICK_MS = 60_000;

/**
 * Polls feeds: per-feed schedule with jitter, bounded concurrency, conditional GET,
 * Retry-After, exponential backoff and feed health in the store. It does not decide what
 * gets posted: items go to onItems with `initialPoll` and the pipeline does the rest.
 */
export class FeedPoller {
  private readonly random: () => number;
  private readonly inFlight = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private running = false;
  private currentTick: Promise<void> | null = null;
  private abort = new AbortController();

  constructor(private readonly deps: FeedPollerDeps) {
    this.random = deps.random ?? Math.random;
  }

  /** Every polled feed now, schedule aside (`run --once`, the demo). */
  async pollAll(): Promise<PollResult[]> {
    return this.pollMany(this.pollable());
  }

  /** The feeds whose nextPollAt has come. */
  async pollDue(): Promise<PollResult[]> {
    const now = this.deps.clock.now().getTime();
    return this.pollMany(this.pollable().filter((f) => !f.nextPollAt || Date.parse(f.nextPollAt) <= now));
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.abort = new AbortController();
    this.schedule(0);
  }

  /** Stops the loop and aborts requests in flight; resolves when the current round is over. */
  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.abort.abort();
    await this.currentTick?.catch(() => undefined);
  }

  async pollOnce(feed: FeedRecord): Promise<PollResult> {
    if (this.inFlight.has(feed.id)) return { feedId: feed.id, status: 'skipped', items: 0, error: null, nextPollAt: feed.nextPollAt };
    this.inFlight.add(feed.id);
    try {
      return await this.poll(feed);
    } finally {
      this.inFlight.delete(feed.id);
    }
  }

  private pollable(): FeedRecord[] {
    return this.deps.store.listFeeds().filter((f) => f.kind === 'rss' || (f.kind === 'html' && this.deps.htmlSelectors?.(f)));
  }

  private async pollMany(feeds: FeedRecord[]): Promise<PollResult[]> {
    return mapLimit(feeds, this.deps.config.concurrency, (f) => this.pollOnce(f));
  }

  private schedule(delayMs: number): void {
    if (!this.running) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.currentTick = this.tick();
    }, delayMs);
  }

  private async tick(): Promise<void> {
    try {
      await this.pollDue();
    } catch (err) {
      this.deps.log.error({ err }, 'poll round failed');
    }
    this.schedule(this.untilNextDue());
  }

  /** Sleeps until the earliest nextPollAt, within [1 s, 60 s] so new feeds are noticed soon. */
  private untilNextDue(): number {
    const now = this.deps.clock.now().getTime();
    let earliest = now + MAX_TICK_MS;
    try {
      for (const f of this.pollable()) earliest = Math.min(earliest, f.nextPollAt ? Date.parse(f.nextPollAt) : now);
    } catch (err) {
      this.deps.log.error({ err }, 'cannot list feeds');
    }
    return Math.min(MAX_TICK_MS, Math.max(MIN_TICK_MS, earliest - now));
  }

  private async poll(feed: FeedRecord): Promise<PollResult> {
    const { http, clock, config, log } = this.deps;
    const now = clock.now();
    const flog = log.child({ feed: feed.name, feedId: feed.id });
    this.deps.metrics?.feedPolled();
    const headers: Record<string, string> = {};
    if (feed.etag) headers['if-none-match'] = feed.etag;
    if (feed.lastModified) headers['if-modified-since'] = feed.lastModified;

    let current = feed;
    let res: HttpResponse | null = null;
    try {
      res = await http.get(feed.url, { headers, timeoutMs: config.timeout, maxBytes: config.maxBodyBytes, signal: this.abort.signal });
      current = this.applyPermanentRedirect(feed, res, flog);
      if (res.status === 304) return this.succeed(current, now, res, 0, flog);
      if (res.status === 429 || res.status === 503) {
        const retryAfterMs = parseRetryAfter(res.headers['retry-after'], now);
        throw new FeedError(`${feed.url}: HTTP ${res.status}`, feed.url, 'http', retryAfterMs, { status: res.status });
      }
      if (res.status < 200 || res.status >= 300) {
        throw new FeedError(`${feed.url}: HTTP ${res.status}`, feed.url, 'http', null, { status: res.status });
      }
      const items = await this.readItems(current, res, now, flog);
      // The bytes are items now. Kept in `res` they would live through the feed's ingest,
      // long enough to be promoted and wait for a full GC: up to maxBodyBytes per feed.
      res = { ...res, body: NO_BODY };
      await this.deps.onItems(current, items, { initialPoll: !feed.initialised });
      return this.succeed(current, now, res, items.length, flog);
    } catch (err) {
      if (this.abort.signal.aborted && !this.running) {
        // Shutting down: an aborted request says nothing about the feed's health.
        return { feedId: feed.id, status: 'skipped', items: 0, error: null, nextPollAt: feed.nextPollAt };
      }
      const error = err instanceof FeedError ? err : new FeedError(`${feed.url}: items not ingested: ${errorMessage(err)}`, feed.url, 'pipeline', null, { cause: err });
      if (!(err instanceof FeedError)) flog.error({ err }, 'feed items could not be handed over');
      return this.fail(current, now, error, flog);
    }
  }

  private async readItems(feed: FeedRecord, res: HttpResponse, now: Date, flog: Logger): Promise<IncomingItem[]> {
    const { config } = this.deps;
    const decoded = decodeFeedBytes(res.body, res.headers['content-type']);
    if (decoded.ignoredCharset) flog.warn({ charset: decoded.ignoredCharset, used: decoded.encoding }, 'unknown charset declared; decoded otherwise');
    if (res.truncated) flog.warn({ maxBytes: config.maxBodyBytes }, 'feed body larger than poll.maxBodyBytes; parsing what arrived');
    let parsed;
    const selectors = feed.kind === 'html' ? this.deps.htmlSelectors?.(feed) : undefined;
    try {
      parsed = selectors
        ? (await htmlListParser())(decoded.text, res.finalUrl, selectors, { maxItems: config.maxItemsPerFeed })
        : await parseFeed(decoded.text, { url: res.finalUrl, limits: { maxItems: config.maxItemsPerFeed }, log: flog });
    } catch (err) {
      if (res.truncated && err instanceof FeedError && err.kind === 'parse') {
        throw new FeedError(`${feed.url}: body over ${config.maxBodyBytes} bytes was cut off and is not readable`, feed.url, 'too-large', null, { cause: err });
      }
      throw err;
    }
    const items = toIncomingItems(parsed, { feedId: feed.id, source: feed.name, baseUrl: res.finalUrl, firstSeen: now.toISOString() });
    const dropped = parsed.items.length - items.length;
    if (dropped > 0) flog.info({ dropped }, 'items without a link or title dropped');
    return items;
  }

  /** 301/308 from the start of the chain move the feed; a 302/307 anywhere ends what we trust. */
  private applyPermanentRedirect(feed: FeedRecord, res: HttpResponse, flog: Logger): FeedRecord {
    let target: string | null = null;
    for (const r of res.redirects) {
      if (!PERMANENT_REDIRECTS.has(r.status)) break;
      target = r.url;
    }
    if (!target || target === feed.url) return feed;
    const { store } = this.deps;
    const owner = store.getFeedByUrl(target);
    if (owner && owner.id !== feed.id) {
      flog.warn({ from: feed.url, to: target, other: owner.id }, 'permanent redirect to a URL another feed already has; URL kept');
      return feed;
    }
    store.updateFeed(feed.id, { url: target });
    flog.info({ from: feed.url, to: target }, 'feed moved permanently; stored URL updated');
    return { ...feed, url: target };
  }

  private succeed(feed: FeedRecord, now: Date, res: HttpResponse, items: number, flog: Logger): PollResult {
    const { config, store } = this.deps;
    const nextPollAt = new Date(now.getTime() + nextAfterSuccess(config, this.random)).toISOString();
    const notModified = res.status === 304;
    store.updateFeed(feed.id, {
      // A 304 may omit validators: keep ours. A 200 without them must forget the old ones.
      etag: notModified ? (res.headers.etag ?? feed.etag) : (res.headers.etag ?? null),
      lastModified: notModified ? (res.headers['last-modified'] ?? feed.lastModified) : (res.headers['last-modified'] ?? null),
      lastPolledAt: now.toISOString(),
      lastSuccessAt: now.toISOString(),
      consecutiveFailures: 0,
      nextPollAt,
      ...(notModified ? {} : { initialised: true, itemCount: items }),
      ...(feed.paused ? { paused: false } : {}),
    });
    if (feed.consecutiveFailures > 0) flog.info({ after: feed.consecutiveFailures }, 'feed recovered');
    if (feed.paused) this.deps.onHealthChange?.({ ...feed, paused: false, consecutiveFailures: 0 }, 'recovered', null);
    flog.debug({ status: res.status, items, nextPollAt }, 'feed polled');
    return { feedId: feed.id, status: notModified ? 'not-modified' : 'ok', items, error: null, nextPollAt };
  }

  private fail(feed: FeedRecord, now: Date, error: FeedError, flog: Logger): PollResult {
    const { config, store } = this.deps;
    const failures = feed.consecutiveFailures + 1;
    const delay = error.retryAfterMs !== null ? retryAfterDelay(error.retryAfterMs, config) : backoffDelay(failures, config, this.random);
    const nextPollAt = new Date(now.getTime() + delay).toISOString();
    const pause = !feed.paused && failures >= config.pauseAfterFailures;
    this.deps.metrics?.feedFailed();
    try {
      store.updateFeed(feed.id, {
        lastPolledAt: now.toISOString(),
        lastError: error.message.slice(0, 1000),
        lastErrorAt: now.toISOString(),
        consecutiveFailures: failures,
        nextPollAt,
        ...(pause ? { paused: true } : {}),
      });
    } catch (err) {
      flog.error({ err }, 'could not record feed failure');
    }
    flog.warn({ kind: error.kind, status: error.context.status, failures, nextPollAt, err: error.message }, 'feed poll failed');
    if (pause) {
      // Paused feeds are still polled (at the backoff cap) so they can recover on their own.
      flog.warn({ failures }, 'feed paused after repeated failures');
      // The record as it now stands, so a notice can say how many polls failed.
      this.deps.onHealthChange?.({ ...feed, paused: true, consecutiveFailures: failures, lastError: error.message.slice(0, 1000) }, 'paused', error);
    }
    return { feedId: feed.id, status: 'failed', items: 0, error, nextPollAt };
  }
}
