import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Article, Platform, PostKind, Storyline } from '../core/types.js';
import { StoreError } from '../util/errors.js';
import { MIGRATIONS } from './migrations.js';
import { encodePost } from './post-codec.js';
import { packText } from './text-codec.js';
import { articleFromRow, deliveryFromRow, feedFromRow, storylineFromRow, type Row } from './rows.js';
import type {
  Delivery,
  DeliveryStats,
  DeliveryStatus,
  FeedKind,
  FeedRecord,
  FeedState,
  NewDelivery,
  Store,
  Subscription,
  ThreadRef,
} from './store.js';

/** `./data/x.db`, `file:./x.db`, `sqlite:///abs/x.db` or `:memory:` -> a path better-sqlite3 takes. */
export function sqlitePath(databaseUrl: string): string {
  if (databaseUrl === ':memory:') return databaseUrl;
  return databaseUrl.replace(/^sqlite:\/\//, '').replace(/^sqlite:/, '').replace(/^file:/, '');
}

export function openStore(databaseUrl: string, opts: { readonly?: boolean } = {}): SqliteStore {
  const path = sqlitePath(databaseUrl);
  if (path !== ':memory:' && !opts.readonly) mkdirSync(dirname(path), { recursive: true });
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: opts.readonly ?? false, fileMustExist: opts.readonly ?? false });
  } catch (err) {
    throw new StoreError(`cannot open database ${path}: ${(err as Error).message}`, { path }, { cause: err });
  }
  return new SqliteStore(db, path);
}

const FEED_COLUMNS: Record<keyof FeedState | 'url', string> = {
  url: 'url',
  etag: 'etag',
  lastModified: 'last_modified',
  lastPolledAt: 'last_polled_at',
  lastSuccessAt: 'last_success_at',
  lastError: 'last_error',
  lastErrorAt: 'last_error_at',
  consecutiveFailures: 'consecutive_failures',
  nextPollAt: 'next_poll_at',
  initialised: 'initialised',
  paused: 'paused',
  itemCount: 'item_count',
};

/**
 * SQLite's page cache per connection. better-sqlite3 builds SQLite with 16 MB, which a
 * store past ~10,000 articles fills and keeps for good: 16 MB of a poll cycle's RSS. Ingest
 * reads by index, a few pages per lookup, and pages it misses come from the OS page cache;
 * at 4 MB the 1,000-feed poll cycle used no more CPU in the profiled runs.
 */
const PAGE_CACHE_KIB = 4000;

export class SqliteStore implements Store {
  constructor(
    private readonly db: Database.Database,
    readonly path: string,
  ) {
    db.pragma('busy_timeout = 5000');
    if (!db.readonly) {
      if (path !== ':memory:') db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
      db.pragma('foreign_keys = ON');
      db.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
      this.migrate();
    }
  }

  /**
   * Compiled statements by SQL text, compiled once: preparing costs more than running a
   * point query, and ingest runs a dozen per item. The SQL strings are a fixed set (the
   * dynamic ones are built from a handful of optional filters), so the map stays small.
   * Every query goes through here: a statement prepared per call holds native memory that
   * V8 does not see until its wrapper is collected, and the freed blocks leave the malloc
   * heap fragmented (30,000 prepares of one SELECT kept ~40 MB of RSS).
   */
  private readonly statements = new Map<string, Database.Statement>();

  private stmt(sql: string): Database.Statement {
    let s = this.statements.get(sql);
    if (!s) {
      s = this.db.prepare(sql);
      this.statements.set(sql, s);
    }
    return s;
  }

  /** Applies every migration newer than the database's user_version, each in its own transaction. */
  private migrate(): void {
    const current = this.db.pragma('user_version', { simple: true }) as number;
    MIGRATIONS.forEach((sql, i) => {
      const version = i + 1;
      if (version <= current) return;
      this.db.transaction(() => {
        this.db.exec(sql);
        this.db.pragma(`user_version = ${version}`);
      })();
    });
  }

  schemaVersion(): number {
    return this.db.pragma('user_version', { simple: true }) as number;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  ping(): boolean {
    try {
      return this.stmt('SELECT 1 AS ok').get() !== undefined;
    } catch {
      return false;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  // Feeds ----------------------------------------------------------------

  upsertFeed(feed: { url: string; name: string; kind?: FeedKind }): FeedRecord {
    const existing = this.getFeedByUrl(feed.url);
    if (existing) {
      if (existing.name !== feed.name || (feed.kind && feed.kind !== existing.kind)) {
        this.stmt('UPDATE feeds SET name = ?, kind = ? WHERE id = ?').run(feed.name, feed.kind ?? existing.kind, existing.id);
      }
      return this.getFeed(existing.id)!;
    }
    const id = 'f' + createHash('sha256').update(feed.url).digest('hex').slice(0, 11);
    this.stmt('INSERT INTO feeds (id, url, name, kind, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(id, feed.url, feed.name, feed.kind ?? 'rss', new Date().toISOString());
    return this.getFeed(id)!;
  }

  getFeed(id: string): FeedRecord | undefined {
    const row = this.stmt('SELECT * FROM feeds WHERE id = ?').get(id) as Row | undefined;
    return row && feedFromRow(row);
  }

  getFeedByUrl(url: string): FeedRecord | undefined {
    const row = this.stmt('SELECT * FROM feeds WHERE url = ?').get(url) as Row | undefined;
    return row && feedFromRow(row);
  }

  listFeeds(): FeedRecord[] {
    return (this.stmt('SELECT * FROM feeds ORDER BY name, url').all() as Row[]).map(feedFromRow);
  }

  updateFeed(id: string, patch: Partial<FeedState> & { url?: string }): void {
    const sets: string[] = [];
    const values: unknown[] = [];
    for (const [key, value] of Object.entries(patch)) {
      const column = FEED_COLUMNS[key as keyof typeof FEED_COLUMNS];
      if (!column || value === undefined) continue;
      sets.push(`${column} = ?`);
      values.push(typeof value === 'boolean' ? Number(value) : value);
    }
    if (sets.length === 0) return;
    this.stmt(`UPDATE feeds SET ${sets.join(', ')} WHERE id = ?`).run(...values, id);
  }

  // Articles -------------------------------------------------------------

  insertArticle(a: Article): void {
    this.stmt(
      `INSERT INTO articles (id, feed_id, source, guid, url, canonical_url, title, text, published, first_seen, summary,
        topics, entities, angles, storyline_id, duplicate_of, duplicate_reason, similarity, whats_new, suppressed)
       VALUES (@id, @feedId, @source, @guid, @url, @canonicalUrl, @title, @text, @published, @firstSeen, @summary,
        @topics, @entities, @angles, @storylineId, @duplicateOf, @duplicateReason, @similarity, @whatsNew, @suppressed)`,
    ).run(articleParams(a));
    const addTopic = this.stmt('INSERT OR IGNORE INTO article_topics (article_id, topic, published) VALUES (?, ?, ?)');
    for (const topic of a.topics) addTopic.run(a.id, topic, a.published);
  }

  updateArticle(a: Article): void {
    this.stmt(
      `UPDATE articles SET title = @title, text = @text, summary = @summary, published = @published, url = @url,
        canonical_url = @canonicalUrl, topics = @topics, entities = @entities, angles = @angles, whats_new = @whatsNew,
        suppressed = @suppressed WHERE id = @id`,
    ).run(articleParams(a));
    this.stmt('DELETE FROM article_topics WHERE article_id = ?').run(a.id);
    const addTopic = this.stmt('INSERT OR IGNORE INTO article_topics (article_id, topic, published) VALUES (?, ?, ?)');
    for (const topic of a.topics) addTopic.run(a.id, topic, a.published);
  }

  getArticle(id: string): Article | undefined {
    const row = this.stmt('SELECT * FROM articles WHERE id = ?').get(id) as Row | undefined;
    return row && articleFromRow(row);
  }

  findArticleByGuid(feedId: string, guid: string): Article | undefined {
    const row = this.stmt('SELECT * FROM articles WHERE feed_id = ? AND guid = ? LIMIT 1').get(feedId, guid) as Row | undefined;
    return row && articleFromRow(row);
  }

  findArticleByCanonicalUrl(canonicalUrl: string): Article | undefined {
    const row = this.stmt('SELECT * FROM articles WHERE canonical_url = ? ORDER BY published LIMIT 1').get(canonicalUrl) as Row | undefined;
    return row && articleFromRow(row);
  }

  listStorylineArticles(storylineId: string): Article[] {
    return (this.stmt('SELECT * FROM articles WHERE storyline_id = ? ORDER BY published, id').all(storylineId) as Row[]).map(
      articleFromRow,
    );
  }

  listCopiesOf(originalId: string): Article[] {
    return (this.stmt('SELECT * FROM articles WHERE duplicate_of = ? ORDER BY published, id').all(originalId) as Row[]).map(articleFromRow);
  }

  listArticlesSince(since: string, limit = 1_000_000): Article[] {
    return (
      this.stmt('SELECT * FROM articles WHERE published >= ? ORDER BY published, id LIMIT ?').all(since, limit) as Row[]
    ).map(articleFromRow);
  }

  listTopicArticles(topic: string, opts: { since?: string; limit?: number } = {}): Article[] {
    return (
      this.stmt(
        `SELECT a.* FROM article_topics t JOIN articles a ON a.id = t.article_id
         WHERE t.topic = ? AND t.published >= ? ORDER BY t.published DESC LIMIT ?`,
      ).all(topic, opts.since ?? '', opts.limit ?? 500) as Row[]
    ).map(articleFromRow);
  }

  countArticles(): number {
    return (this.stmt('SELECT COUNT(*) AS n FROM articles').get() as { n: number }).n;
  }

  // Storylines -----------------------------------------------------------

  upsertStoryline(s: Storyline): void {
    this.stmt(
      `INSERT INTO storylines (id, title, topics, entities, first_article_id, started_at, updated_at, article_count, angles)
       VALUES (@id, @title, @topics, @entities, @firstArticleId, @startedAt, @updatedAt, @articleCount, @angles)
       ON CONFLICT(id) DO UPDATE SET title = excluded.title, topics = excluded.topics, entities = excluded.entities,
         updated_at = excluded.updated_at, article_count = excluded.article_count, angles = excluded.angles`,
    ).run({
      ...s,
      topics: JSON.stringify(s.topics),
      entities: JSON.stringify(s.entities),
      angles: JSON.stringify(s.angles),
    });
    this.stmt('DELETE FROM storyline_topics WHERE storyline_id = ?').run(s.id);
    const add = this.stmt('INSERT OR IGNORE INTO storyline_topics (storyline_id, topic) VALUES (?, ?)');
    for (const topic of s.topics) add.run(s.id, topic);
  }

  getStoryline(id: string): Storyline | undefined {
    const row = this.stmt('SELECT * FROM storylines WHERE id = ?').get(id) as Row | undefined;
    return row && storylineFromRow(row);
  }

  listStorylines(opts: { topic?: string; since?: string; limit?: number } = {}): Storyline[] {
    const rows = opts.topic
      ? this.stmt(
          `SELECT s.* FROM storyline_topics t JOIN storylines s ON s.id = t.storyline_id
           WHERE t.topic = ? AND s.updated_at >= ? ORDER BY s.updated_at DESC LIMIT ?`,
        ).all(opts.topic, opts.since ?? '', opts.limit ?? 100)
      : this.stmt('SELECT * FROM storylines WHERE updated_at >= ? ORDER BY updated_at DESC LIMIT ?').all(opts.since ?? '', opts.limit ?? 100);
    return (rows as Row[]).map(storylineFromRow);
  }

  // Subscriptions ----------------------------------------------------------

  addSubscription(sub: Subscription): boolean {
    return (
      this.stmt('INSERT OR IGNORE INTO subscriptions (platform, channel_id, topic) VALUES (?, ?, ?)')
        .run(sub.platform, sub.channelId, sub.topic).changes > 0
    );
  }

  removeSubscription(sub: Subscription): boolean {
    return (
      this.stmt('DELETE FROM subscriptions WHERE platform = ? AND channel_id = ? AND topic = ?')
        .run(sub.platform, sub.channelId, sub.topic).changes > 0
    );
  }

  listSubscriptions(platform?: Platform): Subscription[] {
    const rows = (
      platform
        ? this.stmt('SELECT * FROM subscriptions WHERE platform = ? ORDER BY channel_id, topic').all(platform)
        : this.stmt('SELECT * FROM subscriptions ORDER BY platform, channel_id, topic').all()
    ) as Row[];
    return rows.map((r) => ({ platform: r.platform as Platform, channelId: r.channel_id as string, topic: r.topic as string }));
  }

  // Deliveries -----------------------------------------------------------

  enqueueDeliveries(deliveries: NewDelivery[], now: string): number[] {
    const insert = this.stmt(
      `INSERT INTO deliveries (platform, channel_id, kind, article_id, storyline_id, post, status, next_attempt_at, created_at, nonce)
       VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?)`,
    );
    return deliveries.map((d) => {
      // The nonce is fixed at enqueue time so a re-send after a crash carries the same one (Discord dedupes on it).
      const nonce = randomBytes(9).toString('base64url');
      const info = insert.run(d.platform, d.channelId, d.kind, d.articleId, d.storylineId, encodePost(d.post), d.notBefore ?? now, now, nonce);
      return Number(info.lastInsertRowid);
    });
  }

  getDelivery(id: number): Delivery | undefined {
    const row = this.stmt('SELECT * FROM deliveries WHERE id = ?').get(id) as Row | undefined;
    return row && deliveryFromRow(row);
  }

  listDueDeliveries(now: string, limit: number): Delivery[] {
    return (
      this.stmt(`SELECT * FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY id LIMIT ?`).all(now, limit) as Row[]
    ).map(deliveryFromRow);
  }

  hasStoryDelivery(platform: Platform, channelId: string, storylineId: string): boolean {
    // deliveries_storyline narrows to the channel's rows of the storyline; its story post is usually the first.
    return (
      this.stmt(
        `SELECT 1 FROM deliveries WHERE storyline_id = ? AND platform = ? AND channel_id = ? AND kind = 'story' AND status != 'failed' LIMIT 1`,
      ).get(storylineId, platform, channelId) !== undefined
    );
  }

  listDeliveries(opts: { status?: DeliveryStatus; channelId?: string; articleId?: string; storylineId?: string; kind?: PostKind; limit?: number } = {}): Delivery[] {
    const where: string[] = [];
    const values: unknown[] = [];
    if (opts.status) {
      where.push('status = ?');
      values.push(opts.status);
    }
    if (opts.channelId) {
      where.push('channel_id = ?');
      values.push(opts.channelId);
    }
    if (opts.articleId) {
      where.push('article_id = ?');
      values.push(opts.articleId);
    }
    if (opts.storylineId) {
      where.push('storyline_id = ?');
      values.push(opts.storylineId);
    }
    if (opts.kind) {
      where.push('kind = ?');
      values.push(opts.kind);
    }
    const sql = `SELECT * FROM deliveries ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id LIMIT ?`;
    return (this.stmt(sql).all(...values, opts.limit ?? 10_000) as Row[]).map(deliveryFromRow);
  }

  markDeliverySent(id: number, result: { messageId: string; threadId: string | null; sentAt: string }): void {
    this.stmt(`UPDATE deliveries SET status = 'sent', sent_at = ?, message_id = ?, attempts = attempts + 1, last_error = NULL WHERE id = ?`)
      .run(result.sentAt, result.messageId, id);
  }

  markDeliveryRetry(id: number, nextAttemptAt: string, error: string): void {
    this.stmt(`UPDATE deliveries SET next_attempt_at = ?, last_error = ?, attempts = attempts + 1 WHERE id = ?`)
      .run(nextAttemptAt, error.slice(0, 500), id);
  }

  markDeliveryFailed(id: number, reason: string): void {
    this.stmt(`UPDATE deliveries SET status = 'failed', last_error = ?, attempts = attempts + 1 WHERE id = ?`).run(reason.slice(0, 500), id);
  }

  requeueDelivery(id: number, now: string): boolean {
    return (
      this.stmt(`UPDATE deliveries SET status = 'pending', next_attempt_at = ? WHERE id = ? AND status != 'pending'`).run(now, id).changes > 0
    );
  }

  requeueFailedDeliveries(now: string): number {
    return this.stmt(`UPDATE deliveries SET status = 'pending', next_attempt_at = ? WHERE status = 'failed'`).run(now).changes;
  }

  deliveryStats(): DeliveryStats[] {
    const rows = this.stmt(
      `SELECT platform, channel_id,
         SUM(status = 'pending') AS pending, SUM(status = 'sent') AS sent, SUM(status = 'failed') AS failed
       FROM deliveries GROUP BY platform, channel_id ORDER BY platform, channel_id`,
    ).all() as Row[];
    const reasons = this.stmt(
      `SELECT DISTINCT last_error FROM deliveries WHERE platform = ? AND channel_id = ? AND status = 'failed' ORDER BY id DESC LIMIT 5`,
    );
    return rows.map((r) => ({
      platform: r.platform as Platform,
      channelId: r.channel_id as string,
      pending: Number(r.pending),
      sent: Number(r.sent),
      failed: Number(r.failed),
      failures: (reasons.all(r.platform, r.channel_id) as Row[]).map((x) => String(x.last_error)),
    }));
  }

  // Thread references ----------------------------------------------------

  getThreadRef(platform: Platform, channelId: string, storylineId: string): ThreadRef | undefined {
    const row = this.stmt('SELECT * FROM thread_refs WHERE platform = ? AND channel_id = ? AND storyline_id = ?')
      .get(platform, channelId, storylineId) as Row | undefined;
    return row && threadRefFromRow(row);
  }

  saveThreadRef(ref: ThreadRef): void {
    this.stmt(
      `INSERT INTO thread_refs (platform, channel_id, storyline_id, message_id, thread_id, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(platform, channel_id, storyline_id) DO UPDATE SET message_id = excluded.message_id,
         thread_id = excluded.thread_id, updated_at = excluded.updated_at`,
    ).run(ref.platform, ref.channelId, ref.storylineId, ref.messageId, ref.threadId, ref.updatedAt);
  }

  findThreadRefByMessage(platform: Platform, channelId: string, messageOrThreadId: string): ThreadRef | undefined {
    // Discord thread channels have their own id, so a thread id alone identifies the storyline.
    const row = this.stmt(
      `SELECT * FROM thread_refs WHERE platform = ? AND (thread_id = ? OR (channel_id = ? AND message_id = ?))
       ORDER BY updated_at DESC LIMIT 1`,
    ).get(platform, messageOrThreadId, channelId, messageOrThreadId) as Row | undefined;
    return row && threadRefFromRow(row);
  }

  // State ------------------------------------------------------------------

  getState(key: string): string | undefined {
    const row = this.stmt('SELECT value FROM state WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  setState(key: string, value: string): void {
    this.stmt('INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }
}

function articleParams(a: Article): Record<string, unknown> {
  return {
    ...a,
    text: packText(a.text),
    topics: JSON.stringify(a.topics),
    entities: JSON.stringify(a.entities),
    angles: JSON.stringify(a.angles),
    whatsNew: JSON.stringify(a.whatsNew),
  };
}

function threadRefFromRow(r: Row): ThreadRef {
  return {
    platform: r.platform as Platform,
    channelId: r.channel_id as string,
    storylineId: r.storyline_id as string,
    messageId: r.message_id as string,
    threadId: r.thread_id as string,
    updatedAt: r.updated_at as string,
  };
}
