import { TZDate } from '@date-fns/tz';
import { addDays, addWeeks, setHours, setMinutes, startOfMinute, startOfWeek, subDays, subWeeks } from 'date-fns';
import type { ChannelConfig, ThreadlineConfig } from '../config/schema.js';
import type { Post } from '../core/types.js';
import type { Store } from '../store/store.js';
import { formatInTimeZone } from '../util/dates.js';

export type DigestEvery = 'daily' | 'weekly';

/** The most recent digest time at or before `now` (HH:MM local; weekly on Mondays). */
export function lastDigestTime(now: Date, every: DigestEvery, at: string, timeZone: string): Date {
  const [h, m] = at.split(':').map(Number) as [number, number];
  const local = new TZDate(now.getTime(), timeZone);
  let due = startOfMinute(setMinutes(setHours(local, h), m));
  if (every === 'weekly') due = startOfMinute(setMinutes(setHours(startOfWeek(local, { weekStartsOn: 1 }), h), m));
  if (due.getTime() > now.getTime()) due = every === 'daily' ? subDays(due, 1) : subWeeks(due, 1);
  return new Date(due.getTime());
}

export function nextDigestTime(now: Date, every: DigestEvery, at: string, timeZone: string): Date {
  const last = new TZDate(lastDigestTime(now, every, at, timeZone).getTime(), timeZone);
  return new Date((every === 'daily' ? addDays(last, 1) : addWeeks(last, 1)).getTime());
}

/**
 * The period's storylines ranked by coverage (reports, then outlets), one line each.
 * Returns null when nothing happened, so an empty digest is never posted.
 */
export function buildDigest(
  store: Store,
  opts: { topics: string[]; since: Date; until: Date; timeZone: string; every: DigestEvery; limit?: number },
): Post | null {
  const since = opts.since.toISOString();
  const until = opts.until.toISOString();
  const all = opts.topics.includes('*');
  const storylines = store
    .listStorylines({ since, limit: 500 })
    .filter((s) => all || s.topics.some((t) => opts.topics.includes(t)));
  const ranked = storylines
    .map((s) => {
      const inPeriod = store.listStorylineArticles(s.id).filter((a) => a.published >= since && a.published < until && !a.suppressed);
      return { s, reports: inPeriod.length, outlets: new Set(inPeriod.map((a) => a.source)).size, latest: inPeriod[inPeriod.length - 1] };
    })
    .filter((r) => r.reports > 0 && r.latest)
    .sort((a, b) => b.reports - a.reports || b.outlets - a.outlets || b.s.updatedAt.localeCompare(a.s.updatedAt))
    .slice(0, opts.limit ?? 15);
  if (ranked.length === 0) return null;
  const label = opts.every === 'daily' ? 'Daily' : 'Weekly';
  const headline = `${label} digest: ${formatInTimeZone(since, opts.timeZone)} to ${formatInTimeZone(new Date(opts.until.getTime() - 1).toISOString(), opts.timeZone)}`;
  const body = ranked
    .map((r, i) => `${i + 1}. ${r.s.title} (${r.reports} ${r.reports === 1 ? 'report' : 'reports'}, ${r.outlets} ${r.outlets === 1 ? 'outlet' : 'outlets'}) ${r.latest!.url}`)
    .join('\n');
  return {
    kind: 'digest',
    articleId: null,
    storylineId: null,
    headline,
    summary: `${ranked.length} ${ranked.length === 1 ? 'story' : 'stories'} ranked by coverage`,
    whatsNew: [],
    outlet: 'Threadline',
    url: ranked[0]!.latest!.url,
    published: until,
    entities: [],
    topics: [...new Set(ranked.flatMap((r) => r.s.topics))],
    angle: null,
    angleChanged: false,
    alsoReportedBy: [],
    body,
  };
}

/**
 * Queues each digest channel's digest once per period, at its local time. What was sent
 * is remembered in the store, so a restart neither skips nor repeats a digest.
 */
export class DigestScheduler {
  constructor(private readonly deps: { store: Store; config: ThreadlineConfig }) {}

  private channels(): (ChannelConfig & { digest: NonNullable<ChannelConfig['digest']> })[] {
    return this.deps.config.channels.filter((c): c is ChannelConfig & { digest: NonNullable<ChannelConfig['digest']> } => Boolean(c.digest));
  }

  /** Enqueues every digest that is due at `now`; returns how many were queued. */
  tick(now: Date): number {
    const { store, config } = this.deps;
    let queued = 0;
    for (const c of this.channels()) {
      const tz = c.timeZone ?? config.timeZone;
      const due = lastDigestTime(now, c.digest.every, c.digest.at, tz);
      const key = `digest:${c.platform}:${c.id}`;
      const last = store.getState(key);
      if (last && last >= due.toISOString()) continue;
      // The previous digest time, in local time: a day with a DST change is 23 or 25 hours long.
      const since = lastDigestTime(new Date(due.getTime() - 1), c.digest.every, c.digest.at, tz);
      const post = buildDigest(store, { topics: c.topics, since, until: due, timeZone: tz, every: c.digest.every });
      store.transaction(() => {
        if (post) {
          store.enqueueDeliveries([{ platform: c.platform, channelId: c.id, kind: 'digest', articleId: null, storylineId: null, post }], now.toISOString());
          queued++;
        }
        store.setState(key, due.toISOString());
      });
    }
    return queued;
  }
}
