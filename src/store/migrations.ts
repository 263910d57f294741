/**
 * Versioned schema: migration N brings the database from user_version N-1 to N. Never
 * edit a shipped migration; append a new one. JSON columns hold small arrays/objects
 * that are only ever read whole.
 */
export const MIGRATIONS: string[] = [
  `
  CREATE TABLE feeds (
    id TEXT PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL DEFAULT 'rss',
    created_at TEXT NOT NULL,
    etag TEXT,
    last_modified TEXT,
    last_polled_at TEXT,
    last_success_at TEXT,
    last_error TEXT,
    last_error_at TEXT,
    consecutive_failures INTEGER NOT NULL DEFAULT 0,
    next_poll_at TEXT,
    initialised INTEGER NOT NULL DEFAULT 0,
    paused INTEGER NOT NULL DEFAULT 0,
    item_count INTEGER NOT NULL DEFAULT 0
  );

  CREATE TABLE articles (
    id TEXT PRIMARY KEY,
    feed_id TEXT,
    source TEXT NOT NULL,
    guid TEXT,
    url TEXT NOT NULL,
    canonical_url TEXT NOT NULL,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    published TEXT NOT NULL,
    first_seen TEXT NOT NULL,
    summary TEXT NOT NULL,
    topics TEXT NOT NULL,
    entities TEXT NOT NULL,
    angles TEXT NOT NULL,
    storyline_id TEXT NOT NULL,
    duplicate_of TEXT,
    duplicate_reason TEXT,
    similarity REAL,
    whats_new TEXT NOT NULL,
    suppressed TEXT
  );
  CREATE INDEX articles_feed_guid ON articles(feed_id, guid);
  CREATE INDEX articles_canonical_url ON articles(canonical_url);
  CREATE INDEX articles_storyline ON articles(storyline_id, published);
  CREATE INDEX articles_published ON articles(published);

  CREATE TABLE article_topics (
    article_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    published TEXT NOT NULL,
    PRIMARY KEY (topic, published, article_id)
  ) WITHOUT ROWID;

  CREATE TABLE storylines (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    topics TEXT NOT NULL,
    entities TEXT NOT NULL,
    first_article_id TEXT NOT NULL,
    started_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    article_count INTEGER NOT NULL,
    angles TEXT NOT NULL
  );
  CREATE INDEX storylines_updated ON storylines(updated_at);

  CREATE TABLE storyline_topics (
    storyline_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    PRIMARY KEY (topic, storyline_id)
  ) WITHOUT ROWID;

  CREATE TABLE subscriptions (
    platform TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    PRIMARY KEY (platform, channel_id, topic)
  ) WITHOUT ROWID;

  CREATE TABLE deliveries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    platform TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    article_id TEXT,
    storyline_id TEXT,
    post TEXT NOT NULL,
    status TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error TEXT,
    created_at TEXT NOT NULL,
    sent_at TEXT,
    message_id TEXT,
    nonce TEXT NOT NULL
  );
  CREATE INDEX deliveries_due ON deliveries(status, next_attempt_at);
  CREATE INDEX deliveries_channel ON deliveries(platform, channel_id, status);
  CREATE INDEX deliveries_storyline ON deliveries(storyline_id, platform, channel_id);
  CREATE INDEX deliveries_article ON deliveries(article_id);

  CREATE TABLE thread_refs (
    platform TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    storyline_id TEXT NOT NULL,
    message_id TEXT NOT NULL,
    thread_id TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (platform, channel_id, storyline_id)
  );
  CREATE INDEX thread_refs_thread ON thread_refs(platform, thread_id);
  CREATE INDEX thread_refs_message ON thread_refs(platform, channel_id, message_id);

  CREATE TABLE state (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );
  `,
  // Copies of one article are looked up on every duplicate ingested; only copies are indexed.
  `CREATE INDEX articles_duplicate_of ON articles(duplicate_of) WHERE duplicate_of IS NOT NULL;`,
];
