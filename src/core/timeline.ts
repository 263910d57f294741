/**
 * A topic's or storyline's history: one entry per original article in date order, copies
 * folded into "+N more", dates in the reader's time zone.
 */
import { formatInTimeZone } from '../util/dates.js';
import { parseDuration } from '../util/duration.js';
import { angleOf } from './post.js';
import { clip } from './summary.js';
import type { Article, TimelineEntry } from './types.js';

export interface TimelineOptions {
  /** IANA zone for date labels (an unknown zone falls back to UTC). */
  timeZone: string;
  /** ISO instant, or a duration before `now` ("7d"). */
  since?: string;
  now?: Date;
  /** Show this topic's angle (default: the article's first angle). */
  topic?: string;
}

const ONE_LINE = 200;

function sinceMs(since: string | undefined, now: Date | undefined): number | null {
  if (!since) return null;
  const duration = parseDuration(since);
  if (duration !== null) return (now ?? new Date(0)).getTime() - duration;
  const t = Date.parse(since);
  return Number.isNaN(t) ? null : t;
}

function byDate(a: Article, b: Article): number {
  return Date.parse(a.published) - Date.parse(b.published) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export function buildTimeline(articles: readonly Article[], opts: TimelineOptions): TimelineEntry[] {
  const from = sinceMs(opts.since, opts.now);
  const inRange = articles.filter((a) => from === null || Date.parse(a.published) >= from).sort(byDate);
  const present = new Set(inRange.map((a) => a.id));
  const entries = new Map<string, TimelineEntry>();
  const folded: string[] = [];
  for (const a of inRange) {
    // A copy folds into its original; without the original in range, into the first copy shown.
    if (a.duplicateOf && present.has(a.duplicateOf)) {
      folded.push(a.duplicateOf);
      continue;
    }
    const key = a.duplicateOf ?? a.id;
    const existing = entries.get(key);
    if (existing) {
      existing.moreCount++;
      continue;
    }
    const angle = opts.topic ? (a.angles[opts.topic] ?? null) : (angleOf(a)?.label ?? null);
    entries.set(key, {
      articleId: a.id,
      storylineId: a.storylineId,
      published: a.published,
      dateLabel: formatInTimeZone(a.published, opts.timeZone),
      headline: a.title,
      outlet: a.source,
      moreCount: 0,
      summary: clip(a.summary.replace(/\s+/g, ' ').trim(), ONE_LINE),
      angle,
      url: a.url,
    });
  }
  for (const original of folded) {
    const entry = entries.get(original);
    if (entry) entry.moreCount++;
  }
  return [...entries.values()];
}
