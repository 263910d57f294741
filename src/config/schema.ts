import { z } from 'zod';
import { parseDuration } from '../util/duration.js';

/** "10m", "15s", "6h", "7d" -> milliseconds; refused with a clear message otherwise. */
const duration = z.union([z.string(), z.number()]).transform((v, ctx) => {
  if (typeof v === 'number') return v;
  const ms = parseDuration(v);
  if (ms === null) {
    ctx.addIssue({ code: 'custom', message: `must be a duration like 30s, 10m, 6h or 7d (got "${v}")` });
    return z.NEVER;
  }
  return ms;
});

export const TOPIC_ID = /^[a-z0-9-]{1,32}$/;

const pollSchema = z
  .object({
    interval: duration.default(10 * 60_000),
    concurrency: z.number().int().min(1).max(200).default(8),
    timeout: duration.default(15_000),
    backfill: z.number().int().min(0).max(100).default(3),
    maxBodyBytes: z.number().int().min(1024).default(5 * 1024 * 1024),
    maxItemsPerFeed: z.number().int().min(1).max(5000).default(500),
    jitter: z.number().min(0).max(1).default(0.1),
    maxBackoff: duration.default(6 * 3600_000),
    pauseAfterFailures: z.number().int().min(1).default(10),
  })
  .strict();

const feedSchema = z
  .object({
    url: z.string().url(),
    name: z.string().min(1).max(100),
    /** "rss" (RSS/Atom/RDF/JSON Feed, detected) or "html" (list page scraped with selectors). */
    kind: z.enum(['rss', 'html']).default('rss'),
    selectors: z
      .object({ item: z.string(), link: z.string(), title: z.string(), date: z.string().optional() })
      .strict()
      .optional(),
  })
  .strict();

const topicSchema = z
  .object({
    id: z.string().regex(TOPIC_ID, `must match ${TOPIC_ID.source}`),
    title: z.string().min(1).max(80),
    keywords: z.array(z.string().min(1)).min(1),
    /** Gazetteer entity names that also tag this topic. */
    entities: z.array(z.string().min(1)).default([]),
    angles: z.record(z.string().regex(/^[a-z0-9-]{1,24}$/, 'angle names must match ^[a-z0-9-]{1,24}$'), z.array(z.string().min(1)).min(1)).optional(),
  })
  .strict();

/** One side of a channel filter (include or exclude): any one listed rule matching counts. */
const filterRulesSchema = z
  .object({
    topics: z.array(z.string()).optional(),
    entities: z.array(z.string()).optional(),
    outlets: z.array(z.string()).optional(),
    keywords: z.array(z.string()).optional(),
    regex: z.array(z.string()).optional(),
  })
  .strict();

const filterSchema = z.object({ include: filterRulesSchema.optional(), exclude: filterRulesSchema.optional() }).strict();

const channelSchema = z
  .object({
    platform: z.enum(['slack', 'discord']),
    id: z.string().regex(/^[A-Za-z0-9]{1,40}$/, 'must be a Slack channel id (C0123...) or a Discord snowflake'),
    topics: z.array(z.string()).min(1),
    timeZone: z.string().optional(),
    /** Discord: a forum channel gets one forum post per storyline. */
    forum: z.boolean().default(false),
    filters: filterSchema.optional(),
    digest: z
      .object({ every: z.enum(['daily', 'weekly']), at: z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (00:00 to 23:59)'), only: z.boolean().default(false) })
      .strict()
      .optional(),
  })
  .strict();

const entitySchema = z
  .object({
    name: z.string().min(1),
    kind: z.enum(['company', 'model', 'person', 'product', 'org']),
    aliases: z.array(z.string().min(1)).default([]),
    /** Match case-sensitively (e.g. "Meta" the company, not "meta" the prefix). Default true. */
    caseSensitive: z.boolean().default(true),
  })
  .strict();

export const configSchema = z
  .object({
    poll: pollSchema.default(pollSchema.parse({})),
    timeZone: z.string().default('UTC'),
    allowPrivateFeeds: z.boolean().default(false),
    feeds: z.array(feedSchema).default([]),
    topics: z.array(topicSchema).min(1),
    channels: z.array(channelSchema).default([]),
    /** Extra gazetteer entries on top of config/gazetteer.yaml. */
    entities: z.array(entitySchema).default([]),
    story: z
      .object({
        duplicateThreshold: z.number().min(0.05).max(1).default(0.5),
        storylineThreshold: z.number().min(0).max(1).optional(),
        windowDays: z.number().int().min(1).max(365).default(120),
      })
      .strict()
      .default({ duplicateThreshold: 0.5, windowDays: 120 }),
    slack: z
      .object({ broadcastAngleChanges: z.boolean().default(true), duplicateNotice: z.enum(['update', 'thread']).default('update') })
      .strict()
      .default({ broadcastAngleChanges: true, duplicateNotice: 'update' }),
  })
  .strict();

export type ThreadlineConfig = z.output<typeof configSchema>;
export type TopicConfig = ThreadlineConfig['topics'][number];
export type FeedConfig = ThreadlineConfig['feeds'][number];
export type ChannelConfig = ThreadlineConfig['channels'][number];
export type EntityConfig = z.output<typeof entitySchema>;
export type ChannelFilters = z.output<typeof filterSchema>;
export const gazetteerSchema = z.object({ entities: z.array(entitySchema) }).strict();
