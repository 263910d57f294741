import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainArticle } from '../../src/app/explain.js';
import { ManualClock } from '../../src/util/clock.js';
import { FakeDiscordApi } from '../fakes/discord-api.js';
import { FeedServer } from '../feeds/feed-server.js';
import { rss, type FixtureItem } from '../feeds/feed-fixtures.js';
import { AppHarness } from './app-harness.js';
import { NORTHWIND_BODY, NORTHWIND_STORY } from './northwind-story.js';

/**
 * Churn-proof posting (issue 8), the whole way through: feeds on 127.0.0.1 that churn
 * GUIDs, dates and URLs and re-publish items, the real pipeline and SQLite store, and the
 * real Discord adapter against the fake Discord API. A churned item never becomes a new
 * post; a real change to its title or text edits the existing post in place.
 */

const CHANNEL = '223456789012345678';

const BODY = NORTHWIND_BODY;
const STORY = NORTHWIND_STORY;

// Another outlet running the same copy: folded into the story as "also reported by".
const COPY: FixtureItem = {
  title: 'Northwind Labs opens weights of Aurora-40B reasoning model',
  link: 'https://wire.example/tech/northwind-aurora-weights',
  guid: 'wire-88',
  date: 'Tue, 15 Jul 2025 11:00:00 GMT',
  description: BODY,
};

const feeds = new FeedServer();
let lab: FixtureItem[] = [STORY];
let wire: FixtureItem[] = [];
let discord: FakeDiscordApi;
let h: AppHarness;
const clock = new ManualClock('2025-07-15T12:00:00Z');

beforeAll(async () => {
  await feeds.start();
  // No validators: every poll is a full 200 with whatever the feed says now.
  feeds.route('/lab.xml', () => ({ headers: { 'content-type': 'application/rss+xml' }, body: rss(lab, { title: 'Northwind Labs' }) }));
  feeds.route('/wire.xml', () => ({ headers: { 'content-type': 'application/rss+xml' }, body: rss(wire, { title: 'Wire' }) }));
  discord = await new FakeDiscordApi().start();
  discord.addTextChannel(CHANNEL);
  h = new AppHarness(
    {
      poll: { interval: '10m', backfill: 5 },
      feeds: [
        { url: feeds.url('/lab.xml'), name: 'Northwind Labs' },
        { url: feeds.url('/wire.xml'), name: 'Tech Wire' },
      ],
      topics: [{ id: 'open-models', title: 'Open models', keywords: ['weights', 'open-weight', 'model'] }],
      channels: [{ platform: 'discord', id: CHANNEL, topics: ['open-models'] }],
    },
    clock,
    discord,
  ).open();
});

afterAll(async () => {
  await h.close();
  await h.dispose();
  await feeds.close();
  await discord.close();
});

const outbox = () => h.store.listDeliveries().map((d) => `${d.kind}:${d.status}`);
const roots = () => discord.messagesIn(CHANNEL);
const thread = () => discord.messagesIn(roots()[0]!.id);
async function pollAfter(minutes = 15): Promise<void> {
  clock.advance(minutes * 60_000);
  await h.poll();
}

describe('churn-proof posting', () => {
  it('posts the story once, whatever the feed does to its GUID, date and URL', async () => {
    await h.poll();
    expect(outbox()).toEqual(['story:sent']);
    expect(roots().map((m) => m.embeds[0]?.title)).toEqual([STORY.title]);
    const articles = h.store.countArticles();

    // Same GUID, new date.
    lab = [{ ...STORY, date: 'Wed, 16 Jul 2025 07:00:00 GMT' }];
    await pollAfter();
    // New GUID, same URL.
    lab = [{ ...STORY, guid: 'urn:nw:aurora:2' }];
    await pollAfter();
    // New GUID, the URL with tracking parameters and a fragment (same canonical URL).
    lab = [{ ...STORY, guid: 'urn:nw:aurora:3', link: `${STORY.link}?utm_source=rss&utm_medium=feed#top` }];
    await pollAfter();
    // New GUID and a new URL, same headline and text: recognised by the headline.
    lab = [{ ...STORY, guid: 'urn:nw:aurora:4', link: 'https://northwind.example/blog/2025/07/aurora-40b' }];
    await pollAfter();
    // Gone from the feed for a poll, then re-published with a new date and GUID.
    lab = [];
    await pollAfter();
    lab = [{ ...STORY, guid: 'urn:nw:aurora:5', date: 'Thu, 17 Jul 2025 10:00:00 GMT' }];
    await pollAfter();
    // The feed regenerates GUIDs on every fetch (the "30 re-posts" complaint).
    for (let i = 0; i < 30; i++) {
      lab = [{ ...STORY, guid: `${STORY.guid}-${Date.parse('2025-07-15') + i}`, date: new Date(Date.parse('2025-07-15T09:00:00Z') + i * 60_000).toUTCString() }];
      await pollAfter(10);
    }

    expect(outbox()).toEqual(['story:sent']);
    expect(h.store.countArticles()).toBe(articles);
    expect(roots()).toHaveLength(1);
    expect(discord.callsTo('PATCH', /\/messages\//)).toHaveLength(0);
  });

  it('notes another outlet\'s copy once, and not again when that outlet churns its GUIDs', async () => {
    wire = [COPY];
    await pollAfter();
    expect(outbox()).toEqual(['story:sent', 'also-reported:sent']);
    expect(thread().map((m) => m.content)).toEqual([expect.stringContaining('Also reported by **Tech Wire**')]);

    wire = [{ ...COPY, guid: 'wire-88-v2', date: 'Wed, 16 Jul 2025 11:00:00 GMT' }];
    await pollAfter();
    wire = [{ ...COPY, guid: 'wire-88-v3', link: `${COPY.link}?ref=homepage` }];
    await pollAfter();
    expect(outbox()).toEqual(['story:sent', 'also-reported:sent']);
    expect(thread()).toHaveLength(1);
  });

  it('leaves the post alone for a typo fix, and edits it in place when the headline or text really changes', async () => {
    const root = roots()[0]!;
    const edits = () => discord.callsTo('PATCH', new RegExp(`/channels/${CHANNEL}/messages/${root.id}$`)).length;
    const editsBefore = edits(); // the copy's "also reported by" field was added by an edit
    // A one-word fix in a long body is not news.
    lab = [{ ...STORY, description: BODY.replace('licence forbids', 'license forbids') }];
    await pollAfter();
    expect(outbox()).toEqual(['story:sent', 'also-reported:sent']);

    // The outlet rewrites the headline (same GUID): the story message is edited, nothing new is posted.
    const retitled = 'Northwind Labs opens Aurora-40B weights, but bars training rival frontier models';
    lab = [{ ...STORY, title: retitled }];
    await pollAfter();
    expect(outbox()).toEqual(['story:sent', 'also-reported:sent', 'update:sent']);
    expect(edits()).toBe(editsBefore + 1);
    expect(discord.messages.get(root.id)?.embeds[0]?.title).toBe(retitled);
    expect(discord.messages.get(root.id)?.editedAt).not.toBeNull();
    expect(discord.messages.get(root.id)?.embeds[0]?.author?.name).toContain('Updated at the source');
    expect(roots()).toHaveLength(1);
    expect(thread()).toHaveLength(1);
    const update = h.store.listDeliveries().find((d) => d.kind === 'update')!;
    expect(update.post.headline).toBe(retitled);
    expect(h.store.getStoryline(update.storylineId!)?.title).toBe(retitled);

    // Seen again unchanged: no second edit.
    await pollAfter();
    expect(outbox()).toHaveLength(3);
    expect(edits()).toBe(editsBefore + 1);

    // A new GUID, a new URL and a new headline over nearly the same words: the outlet
    // re-published its own article. It updates the post; it is not a new story.
    const moved = 'Aurora-40B: Northwind publishes open weights and its training recipe';
    lab = [{ ...STORY, guid: 'urn:nw:aurora:moved', link: 'https://northwind.example/research/aurora-40b', title: moved, description: `${BODY} Updated with a link to the report.` }];
    await pollAfter();
    expect(outbox()).toEqual(['story:sent', 'also-reported:sent', 'update:sent', 'update:sent']);
    expect(discord.messages.get(root.id)?.embeds[0]?.title).toBe(moved);
    expect(roots()).toHaveLength(1);

    // The text rewritten under the same headline and GUID.
    const rewritten =
      'Northwind Labs withdrew the permissive licence for Aurora-40B a day after release and replaced it with a research-only licence. ' +
      'Commercial users who downloaded the weights have thirty days to stop serving the model, the company said in a revised statement.';
    lab = [{ ...STORY, guid: 'urn:nw:aurora:moved', link: 'https://northwind.example/research/aurora-40b', title: moved, description: rewritten }];
    await pollAfter();
    expect(outbox()).toHaveLength(5);
    const edited = discord.messages.get(root.id)?.embeds[0];
    expect(edited?.description).toContain('research-only licence');
    // The edit keeps the copy folded in earlier.
    expect(edited?.fields?.find((f) => f.name === 'Also reported by')?.value).toContain('Tech Wire');
    expect(thread()).toHaveLength(1);
    expect(roots()).toHaveLength(1);
  });

  it('explains an item found at the URL the outlet moved it to', () => {
    const text = explainArticle(h.store, 'https://northwind.example/research/aurora-40b');
    expect(text).toContain(`Opened the storyline`);
    expect(text).toContain(`Posted to discord ${CHANNEL} as update`);
  });

  it('notes a real change to a follow-up in the thread, saying it was updated', async () => {
    const followUp: FixtureItem = {
      title: 'Northwind Labs withdraws the permissive licence of its Aurora-40B model',
      link: 'https://northwind.example/news/aurora-40b-licence-change',
      guid: 'nw-1002',
      date: 'Fri, 18 Jul 2025 09:00:00 GMT',
      description:
        'Northwind Labs withdrew the permissive licence of Aurora-40B three days after releasing the weights of its reasoning model. ' +
        'The new research-only licence forbids commercial use of the Aurora-40B weights, and companies serving the model have thirty days to stop.',
    };
    lab = [followUp, ...lab];
    await pollAfter();
    expect(outbox().filter((k) => k.startsWith('follow-up'))).toEqual(['follow-up:sent']);
    const before = thread().length;
    lab = [{ ...followUp, guid: 'nw-1002-b', title: 'Northwind Labs withdraws the Aurora-40B licence after a backlash from researchers' }, ...lab.slice(1)];
    await pollAfter();
    expect(outbox().filter((k) => k.startsWith('follow-up'))).toEqual(['follow-up:sent', 'follow-up:sent']);
    const added = thread().slice(before);
    expect(added.map((m) => m.embeds[0]?.title)).toEqual(['Updated: Northwind Labs withdraws the Aurora-40B licence after a backlash from researchers']);
    expect(roots()).toHaveLength(1);
  });

  it('posts nothing again after a restart, with the GUID churned once more', async () => {
    await h.close();
    h.open();
    const before = h.store.listDeliveries().length;
    const posts = discord.callsTo('POST', /^\/channels\//).length;
    lab = lab.map((i) => ({ ...i, guid: 'after-restart', date: 'Fri, 18 Jul 2025 10:00:00 GMT' }));
    wire = [{ ...COPY, guid: 'wire-after-restart' }];
    await pollAfter();
    expect(h.store.listDeliveries()).toHaveLength(before);
    expect(discord.callsTo('POST', /^\/channels\//)).toHaveLength(posts);
  });
});
