import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lastDigestTime } from '../../src/editorial/digest.js';
import { parseConfig } from '../../src/config/load-config.js';
import { ManualClock } from '../../src/util/clock.js';
import { FeedServer } from '../feeds/feed-server.js';
import { rss, type FixtureItem } from '../feeds/feed-fixtures.js';
import { AppHarness } from '../pipeline/app-harness.js';

/**
 * Digests through the app: items polled from feeds on 127.0.0.1, a daily digest at 08:00
 * Paris time instead of live posts, a weekly digest on Mondays besides live posts, and
 * storylines ranked by coverage, one line each.
 */

// Invented news, written for this test.
const BODY =
  'Northwind Labs released the weights of Aurora-40B, its forty-billion-parameter reasoning model, under a permissive licence on Tuesday. ' +
  'The company said the model matches larger closed systems on maths and coding benchmarks while running on a single accelerator node. ' +
  'Researchers may fine-tune and redistribute the weights, but the licence forbids using the model to train competing frontier systems. ' +
  'Northwind also published the training recipe and a technical report describing its synthetic reasoning data pipeline.';
const STORY: FixtureItem = { title: 'Northwind Labs opens the weights of its Aurora-40B reasoning model', link: 'https://northwind.example/news/aurora', guid: 'nw-1', date: 'Tue, 15 Jul 2025 09:00:00 GMT', description: BODY };
const COPY: FixtureItem = { title: 'Morning briefing: Aurora-40B goes open, and more', link: 'https://briefing.example/0715', guid: 'b-1', date: 'Tue, 15 Jul 2025 13:00:00 GMT', description: `${BODY} In other news, a robotics start-up in Lyon raised a seed round.` };
const FOLLOW_UP: FixtureItem = {
  title: 'Northwind Labs withdraws the permissive licence of its Aurora-40B model',
  link: 'https://northwind.example/news/aurora-licence',
  guid: 'nw-2',
  date: 'Tue, 15 Jul 2025 20:00:00 GMT',
  description: 'Northwind Labs withdrew the permissive licence of Aurora-40B hours after releasing the weights of its reasoning model. The new research-only licence forbids commercial use of the Aurora-40B weights.',
};
const OTHER: FixtureItem = {
  title: 'Cobalt AI ships an inference chip for small language models',
  link: 'https://briefing.example/cobalt-chip',
  guid: 'b-2',
  date: 'Tue, 15 Jul 2025 10:00:00 GMT',
  description: 'Cobalt AI began shipping an inference accelerator sized for small language models, priced below rival data-centre parts.',
};

const feeds = new FeedServer();
let lab: FixtureItem[] = [STORY];
let briefing: FixtureItem[] = [OTHER, COPY];
let h: AppHarness;
const clock = new ManualClock('2025-07-15T14:00:00Z');

beforeAll(async () => {
  await feeds.start();
  feeds.route('/lab.xml', () => ({ body: rss(lab, { title: 'Northwind Labs' }) }));
  feeds.route('/briefing.xml', () => ({ body: rss(briefing, { title: 'Briefing' }) }));
  h = new AppHarness(
    {
      timeZone: 'Europe/Paris',
      poll: { backfill: 10 },
      feeds: [
        { url: feeds.url('/lab.xml'), name: 'Northwind Labs' },
        { url: feeds.url('/briefing.xml'), name: 'Morning Briefing' },
      ],
      topics: [{ id: 'models', title: 'Models', keywords: ['model', 'models'] }],
      channels: [
        { platform: 'slack', id: 'CDAILY', topics: ['models'], digest: { every: 'daily', at: '08:00', only: true } },
        { platform: 'slack', id: 'CWEEKLY', topics: ['*'], digest: { every: 'weekly', at: '09:00' } },
        { platform: 'discord', id: '623456789012345678', topics: ['models'] },
      ],
    },
    clock,
  ).open();
});

afterAll(async () => {
  await h.close();
  await h.dispose();
  await feeds.close();
});

const deliveries = (channelId: string, kind?: string) => h.store.listDeliveries().filter((d) => d.channelId === channelId && (!kind || d.kind === kind));

describe('digests through the app', () => {
  it('posts a digest-only channel nothing live, and its daily digest once at 08:00 local time', async () => {
    await h.poll(); // Tue 15 Jul 16:00 Paris: the day's digest (08:00) covered an empty period
    lab = [FOLLOW_UP, STORY];
    clock.set('2025-07-15T21:00:00Z');
    await h.poll();
    expect(deliveries('CDAILY')).toEqual([]);
    expect(deliveries('CWEEKLY', 'digest')).toEqual([]);
    expect(deliveries('CWEEKLY', 'story').length).toBeGreaterThan(0);
    expect(deliveries('623456789012345678', 'digest')).toEqual([]);

    clock.set('2025-07-16T05:59:00Z'); // 07:59 Paris: not yet
    await h.poll();
    expect(deliveries('CDAILY')).toEqual([]);

    clock.set('2025-07-16T06:00:30Z'); // 08:00 Paris
    await h.poll();
    const [digest, ...more] = deliveries('CDAILY');
    expect(more).toEqual([]);
    expect(digest!.kind).toBe('digest');
    expect(digest!.post.headline).toBe('Daily digest: 15 Jul 2025 to 16 Jul 2025');
    const lines = digest!.post.body!.split('\n');
    expect(lines).toEqual([
      `1. ${STORY.title} (3 reports, 2 outlets) ${FOLLOW_UP.link}`,
      `2. ${OTHER.title} (1 report, 1 outlet) ${OTHER.link}`,
    ]);

    clock.set('2025-07-16T10:00:00Z');
    await h.poll();
    expect(deliveries('CDAILY')).toHaveLength(1);
  });

  it('posts a weekly digest on Monday at its local time besides live posts, and skips empty days', async () => {
    clock.set('2025-07-21T07:05:00Z'); // Monday 09:05 Paris
    await h.poll();
    const weekly = deliveries('CWEEKLY', 'digest');
    expect(weekly).toHaveLength(1);
    expect(weekly[0]!.post.headline).toBe('Weekly digest: 14 Jul 2025 to 21 Jul 2025');
    expect(weekly[0]!.post.body!.split('\n')).toHaveLength(2);
    // The daily digest's period (Sun 08:00 to Mon 08:00) was empty: nothing posted.
    expect(deliveries('CDAILY')).toHaveLength(1);
  });
});

describe('digest times', () => {
  it('follows the local clock across a DST change, so periods neither overlap nor leave gaps', () => {
    // Paris leaves summer time on Sunday 26 October 2025: 08:00 is 06:00Z before, 07:00Z after.
    const due = lastDigestTime(new Date('2025-10-26T07:30:00Z'), 'daily', '08:00', 'Europe/Paris');
    expect(due.toISOString()).toBe('2025-10-26T07:00:00.000Z');
    expect(lastDigestTime(new Date(due.getTime() - 1), 'daily', '08:00', 'Europe/Paris').toISOString()).toBe('2025-10-25T06:00:00.000Z');
    expect(lastDigestTime(new Date('2025-03-31T06:30:00Z'), 'weekly', '08:00', 'Europe/Paris').toISOString()).toBe('2025-03-31T06:00:00.000Z');
    expect(lastDigestTime(new Date('2025-03-31T05:59:00Z'), 'weekly', '08:00', 'Europe/Paris').toISOString()).toBe('2025-03-24T07:00:00.000Z');
  });

  it('refuses a digest time that is not a clock time', () => {
    const raw = (at: string) => ({ topics: [{ id: 'ai', title: 'AI', keywords: ['ai'] }], channels: [{ platform: 'slack', id: 'C1', topics: ['ai'], digest: { every: 'daily', at } }] });
    expect(() => parseConfig(raw('25:00'))).toThrow(/channels\[0\]\.digest\.at: must be HH:MM/);
    expect(() => parseConfig(raw('8am'))).toThrow(/must be HH:MM/);
    expect(parseConfig(raw('23:59')).channels[0]!.digest!.at).toBe('23:59');
  });
});
