import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Invocation } from '../../commands/types.js';
import { main } from '../../src/cli/main.js';
import { ManualClock } from '../../src/util/clock.js';
import { FakeDiscordApi } from '../fakes/discord-api.js';
import { FeedServer } from '../feeds/feed-server.js';
import { rss, type FixtureItem } from '../feeds/feed-fixtures.js';
import { AppHarness } from '../pipeline/app-harness.js';
import { NORTHWIND_BODY, NORTHWIND_STORY } from '../pipeline/northwind-story.js';

/**
 * `threadline explain <url|id>` and `/threadline why <url>` on what really happened:
 * three outlets' feeds polled by the app, posts sent through the Discord adapter to the
 * fake Discord API, one channel filtering by keyword. Explain reads the SQLite file.
 */

const MAIN = '423456789012345678';
const STRICT = '523456789012345678';

const BODY = NORTHWIND_BODY;
const STORY = NORTHWIND_STORY;

// A roundup that runs the same copy under its own headline, plus unrelated items.
const COPY: FixtureItem = {
  title: 'Morning briefing: Aurora-40B goes open, and more',
  link: 'https://briefing.example/2025/07/15/morning',
  guid: 'brief-715',
  date: 'Tue, 15 Jul 2025 13:00:00 GMT',
  description: `${BODY} In other news, a robotics start-up in Lyon raised a seed round for warehouse arms.`,
};

const FOLLOW_UP: FixtureItem = {
  title: 'Northwind Labs withdraws the permissive licence of its Aurora-40B model',
  link: 'https://northwind.example/news/aurora-40b-licence-change',
  guid: 'nw-1002',
  date: 'Fri, 18 Jul 2025 09:00:00 GMT',
  description:
    'Northwind Labs withdrew the permissive licence of Aurora-40B three days after releasing the weights of its reasoning model. ' +
    'The new research-only licence forbids commercial use of the Aurora-40B weights, and companies serving the model have thirty days to stop.',
};

const feeds = new FeedServer();
let lab: FixtureItem[] = [STORY];
let briefing: FixtureItem[] = [];
let discord: FakeDiscordApi;
let h: AppHarness;
const clock = new ManualClock('2025-07-15T14:00:00Z');

beforeAll(async () => {
  await feeds.start();
  feeds.route('/lab.xml', () => ({ body: rss(lab, { title: 'Northwind Labs' }) }));
  feeds.route('/briefing.xml', () => ({ body: rss(briefing, { title: 'Briefing' }) }));
  discord = await new FakeDiscordApi().start();
  discord.addTextChannel(MAIN);
  discord.addTextChannel(STRICT);
  h = new AppHarness(
    {
      poll: { interval: '10m', backfill: 5 },
      feeds: [
        { url: feeds.url('/lab.xml'), name: 'Northwind Labs' },
        { url: feeds.url('/briefing.xml'), name: 'Morning Briefing' },
      ],
      topics: [{ id: 'open-models', title: 'Open models', keywords: ['weights', 'model'] }],
      channels: [
        { platform: 'discord', id: MAIN, topics: ['open-models'] },
        { platform: 'discord', id: STRICT, topics: ['open-models'], filters: { exclude: { keywords: ['research-only'] } } },
      ],
    },
    clock,
    discord,
  ).open();
  await h.poll();
  briefing = [COPY];
  clock.advance(60 * 60_000);
  await h.poll();
  lab = [FOLLOW_UP, STORY];
  clock.set('2025-07-18T10:00:00Z');
  await h.poll();
});

afterAll(async () => {
  await h.close();
  await h.dispose();
  await feeds.close();
  await discord.close();
});

const why = async (url: string) => (await h.app.router.run({ platform: 'discord', command: 'threadline', subcommand: 'why', args: [url], channelId: MAIN, userId: '1' } satisfies Invocation)).text;

describe('explain', () => {
  it('says where a story was posted and that it opened its storyline', async () => {
    const text = await why(STORY.link);
    expect(text).toContain(`"${STORY.title}" (Northwind Labs, 2025-07-15)`);
    expect(text).toMatch(/Opened the storyline "Northwind Labs opens the weights.*" \(2 report\(s\) so far\)/);
    expect(text).toContain('Also reported by: Morning Briefing (folded in as a copy).');
    expect(text).toContain(`Posted to discord ${MAIN} as story at 2025-07-15T14:00:00.000Z.`);
    expect(text).toContain(`Posted to discord ${STRICT} as story at`);
    // Found by canonical URL too: tracking parameters make no difference.
    expect(await why(`${STORY.link}?utm_source=x`)).toBe(text);
  });

  it('names the story a copy was folded into, and the similarity', async () => {
    const text = await why(COPY.link);
    expect(text).toMatch(new RegExp(`Folded as a copy of "${STORY.title}" \\(Northwind Labs\\): its text overlaps the original's \\(similarity 0\\.\\d\\d\\)`));
    expect(text).toContain('shown as "also reported by Morning Briefing"');
    expect(text).toMatch(new RegExp(`Posted to discord ${MAIN} as also-reported`));
  });

  it('names the storyline a follow-up joined, and the filter rule that kept it out of a channel', async () => {
    const text = await why(FOLLOW_UP.link);
    expect(text).toMatch(/Joined the storyline "Northwind Labs opens the weights of its Aurora-40B reasoning model" as a follow-up \(story similarity 0\.\d\d\)/);
    expect(text).toContain(`Posted to discord ${MAIN} as follow-up`);
    expect(text).toContain(`Filtered out for discord ${STRICT}: exclude keyword research-only.`);
    expect(text).not.toContain(`Posted to discord ${STRICT} as follow-up`);
  });

  it('answers the same through `threadline explain` on the database file, by URL and by id', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const env = { DATABASE_URL: h.dbPath, LOG_LEVEL: 'silent' };
    expect(await main(['explain', FOLLOW_UP.link], env, (l) => out.push(l), (l) => err.push(l))).toBe(0);
    expect(out.join('\n')).toBe(await why(FOLLOW_UP.link));
    const id = /id (\S+)/.exec(out[0]!)![1]!;
    const byId: string[] = [];
    expect(await main(['explain', id], env, (l) => byId.push(l), (l) => err.push(l))).toBe(0);
    expect(byId.join('\n')).toBe(out.join('\n'));
    expect(err).toEqual([]);
  });

  it('says plainly when it has never seen an item', async () => {
    expect(await why('https://nowhere.example/unknown')).toMatch(/^I have not seen https:\/\/nowhere\.example\/unknown/);
  });
});
