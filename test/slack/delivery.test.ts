import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import type { ThreadlineConfig } from '../../src/config/schema.js';
import { openStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { ManualClock } from '../../src/util/clock.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { rss, type FixtureItem } from '../feeds/feed-fixtures.js';
import { FeedServer } from '../feeds/feed-server.js';
import { COPY, FOLLOW_UP, STORY } from './fixtures.js';
import { slackConfig, startSlackApp, type SlackHarness } from './harness.js';

/**
 * Auto-posts end to end: feeds on a local server -> poller -> pipeline -> outbox ->
 * delivery worker -> the real Slack adapter (web-api) -> the fake Slack Web API.
 * Nothing of Threadline's is mocked; the clock is manual so waits cost no real time.
 */

const feeds = new FeedServer();
/** What each outlet's feed currently lists. */
const published: Record<string, FixtureItem[]> = { dispatch: [], ledger: [], wire: [] };

beforeAll(async () => {
  await feeds.start();
  for (const name of Object.keys(published)) {
    feeds.route(`/${name}.xml`, () => ({ headers: { 'content-type': 'application/rss+xml' }, body: rss(published[name]) }));
  }
});
afterAll(() => feeds.close());

let fake: FakeSlackApi;
let store: Store;
let harness: SlackHarness | null = null;
const clock = new ManualClock('2025-07-16T08:00:00Z');

afterEach(async () => {
  await harness?.stop();
  harness = null;
  store?.close();
  await fake?.close();
  for (const name of Object.keys(published)) published[name] = [];
});

function config(over: Parameters<typeof slackConfig>[0] = {}): ThreadlineConfig {
  return slackConfig({
    feeds: [
      { url: feeds.url('/dispatch.xml'), name: 'Neural Dispatch' },
      { url: feeds.url('/ledger.xml'), name: 'Model Ledger' },
      { url: feeds.url('/wire.xml'), name: 'AI Wire' },
    ],
    ...over,
  });
}

async function start(cfg: ThreadlineConfig, fakeOptions: ConstructorParameters<typeof FakeSlackApi>[0] = {}): Promise<SlackHarness> {
  fake = await new FakeSlackApi(fakeOptions).start();
  store = openStore(':memory:');
  harness = await startSlackApp({ fake, config: cfg, store, clock });
  return harness;
}

/** Next poll: the poller only fetches feeds that are due. */
async function poll(h: SlackHarness): Promise<void> {
  clock.advance(15 * 60_000);
  await h.app.runOnce();
}

describe('Slack auto-posts through the whole app', () => {
  it('posts a story once, threads the follow-up under it, broadcasts the angle change and folds the copy into the root', async () => {
    const h = await start(config());
    published.dispatch = [STORY];
    await poll(h);

    expect(fake.callsTo('auth.test')).toHaveLength(1);
    const roots = fake.topLevel('C0META');
    expect(roots).toHaveLength(1);
    const root = roots[0]!;
    expect(root.text).toContain('Llama 5 Behemoth');
    expect(root.blocks.map((b) => b.type)).toEqual(['header', 'section', 'context', 'actions']);
    expect(root.args.unfurl_links).toBe(false);
    const button = root.blocks[3].elements[0];
    expect(button.url).toBe(STORY.link);

    published.ledger = [FOLLOW_UP];
    published.wire = [COPY];
    await poll(h);

    // Still one top-level message: the follow-up is a reply, the copy edited the root.
    expect(fake.topLevel('C0META')).toHaveLength(1);
    const replies = fake.replies('C0META', root.ts);
    expect(replies).toHaveLength(1);
    expect(replies[0]!.text).toContain('Follow-up (Model Ledger)');
    expect(replies[0]!.replyBroadcast).toBe(true);
    const replyText = JSON.stringify(replies[0]!.blocks);
    expect(replyText).toContain('angle changed');

    expect(fake.callsTo('chat.update')).toHaveLength(1);
    expect(root.edits).toBe(1);
    const rootText = JSON.stringify(root.blocks);
    expect(rootText).toContain('Also reported by');
    expect(rootText).toContain(COPY.link);

    const deliveries = store.listDeliveries();
    expect(deliveries.map((d) => [d.kind, d.status])).toEqual([
      ['story', 'sent'],
      ['also-reported', 'sent'],
      ['follow-up', 'sent'],
    ]);
    // The thread ref is the root's ts, as the mention handler will look it up.
    expect(store.findThreadRefByMessage('slack', 'C0META', root.ts)?.storylineId).toBe(deliveries[0]!.storylineId);
  });

  it('without broadcasting angle changes and with duplicateNotice "thread", both land quietly in the thread', async () => {
    const h = await start(config({ slack: { broadcastAngleChanges: false, duplicateNotice: 'thread' } }));
    published.dispatch = [STORY];
    await poll(h);
    published.ledger = [FOLLOW_UP];
    published.wire = [COPY];
    await poll(h);

    const [root] = fake.topLevel('C0META');
    expect(fake.topLevel('C0META')).toHaveLength(1);
    const replies = fake.replies('C0META', root!.ts);
    expect(replies.map((r) => r.text)).toEqual([
      expect.stringContaining('Also reported by AI Wire'),
      expect.stringContaining('Follow-up (Model Ledger)'),
    ]);
    expect(replies.every((r) => !r.replyBroadcast)).toBe(true);
    expect(fake.callsTo('chat.update')).toHaveLength(0);
  });

  it('when the root was deleted, the follow-up starts a new root and later posts thread under it', async () => {
    const h = await start(config());
    published.dispatch = [STORY];
    await poll(h);
    const [first] = fake.topLevel('C0META');
    fake.deleteMessage('C0META', first!.ts);

    published.ledger = [FOLLOW_UP];
    await poll(h);
    const [replacement] = fake.topLevel('C0META');
    expect(fake.topLevel('C0META')).toHaveLength(1);
    expect(replacement!.ts).not.toBe(first!.ts);
    expect(replacement!.text).toContain('Meta will keep its next');
    expect(JSON.stringify(replacement!.blocks)).toContain('can no longer be replied to');

    published.wire = [COPY];
    await poll(h);
    expect(fake.topLevel('C0META')).toHaveLength(1);
    // The copy edits the new root, which still shows the follow-up and its note.
    expect(replacement!.edits).toBe(1);
    const edited = JSON.stringify(replacement!.blocks);
    expect(edited).toContain(COPY.link);
    expect(edited).toContain('can no longer be replied to');
    expect(replacement!.text).toContain('Meta will keep its next');
    expect(store.listDeliveries().map((d) => d.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('an edit at the source updates the root in place and keeps the outlets folded in', async () => {
    const h = await start(config());
    published.dispatch = [STORY];
    published.wire = [COPY];
    await poll(h);
    const [root] = fake.topLevel('C0META');
    expect(root!.edits).toBe(1);

    published.dispatch = [{ ...STORY, title: 'Meta releases Llama 5 Behemoth weights to approved researchers', description: `${STORY.description} Access now requires an application reviewed by Meta.` }];
    await poll(h);
    expect(fake.topLevel('C0META')).toHaveLength(1);
    expect(fake.replies('C0META', root!.ts)).toHaveLength(0);
    expect(root!.edits).toBe(2);
    expect(root!.text).toContain('approved researchers');
    expect(root!.text).toContain('(updated)');
    const blocks = JSON.stringify(root!.blocks);
    expect(blocks).toContain('Updated at the source');
    expect(blocks).toContain(COPY.link);
  });

  it('when Slack refuses to edit the root, the update is said in the thread instead', async () => {
    const h = await start(config());
    published.dispatch = [STORY];
    await poll(h);
    const [root] = fake.topLevel('C0META');

    fake.failNext('chat.update', { kind: 'error', error: 'cant_update_message' }, { channel: 'C0META' });
    published.dispatch = [{ ...STORY, title: 'Meta releases Llama 5 Behemoth weights to approved researchers', description: `${STORY.description} Access now requires an application reviewed by Meta.` }];
    await poll(h);
    expect(fake.topLevel('C0META')).toHaveLength(1);
    const replies = fake.replies('C0META', root!.ts);
    expect(replies.map((r) => r.text)).toEqual([expect.stringContaining('Updated (')]);
    expect(replies[0]!.text).toContain('approved researchers');
    expect(store.listDeliveries().map((d) => [d.kind, d.status])).toEqual([
      ['story', 'sent'],
      ['update', 'sent'],
    ]);
  });

  it('a lost answer is not posted twice: the retry finds the message by the nonce in its metadata', async () => {
    const h = await start(config());
    fake.failNext('chat.postMessage', { kind: 'lose-answer' }, { channel: 'C0META' });
    published.dispatch = [STORY];
    await poll(h);
    // Slack stored the story, but the answer never came: the delivery waits for a retry.
    expect(fake.topLevel('C0META')).toHaveLength(1);
    expect(store.listDeliveries()[0]).toMatchObject({ status: 'pending', attempts: 1 });

    published.ledger = [FOLLOW_UP];
    await poll(h);
    const [root] = fake.topLevel('C0META');
    expect(fake.topLevel('C0META')).toHaveLength(1);
    expect(fake.callsTo('conversations.history')).toHaveLength(1);
    expect(fake.callsTo('chat.postMessage').filter((c) => !c.args.thread_ts)).toHaveLength(1);
    const [story, followUp] = store.listDeliveries();
    expect(story).toMatchObject({ status: 'sent', messageId: root!.ts });
    expect(followUp).toMatchObject({ status: 'sent' });
    expect(fake.replies('C0META', root!.ts)).toHaveLength(1);
  });

  it('a lost answer in a thread is looked up in that thread', async () => {
    const h = await start(config());
    published.dispatch = [STORY];
    await poll(h);
    const [root] = fake.topLevel('C0META');
    fake.failNext('chat.postMessage', { kind: 'lose-answer' }, { channel: 'C0META' });
    published.ledger = [FOLLOW_UP];
    await poll(h);
    await poll(h);
    expect(fake.replies('C0META', root!.ts)).toHaveLength(1);
    expect(fake.callsTo('conversations.replies')).toHaveLength(1);
    expect(store.listDeliveries().map((d) => d.status)).toEqual(['sent', 'sent']);
  });

  it('without the history scope the retry posts again: at most that one duplicate', async () => {
    const h = await start(config());
    fake.failNext('chat.postMessage', { kind: 'lose-answer' }, { channel: 'C0META' });
    fake.failNext('conversations.history', { kind: 'error', error: 'missing_scope' });
    published.dispatch = [STORY];
    await poll(h);
    await poll(h);
    expect(fake.topLevel('C0META')).toHaveLength(2);
    expect(store.listDeliveries()[0]).toMatchObject({ status: 'sent' });
  });

  it('waits out a short 429 inside the send and posts the message exactly once', async () => {
    const h = await start(config());
    fake.failNext('chat.postMessage', { kind: 'ratelimit', retryAfterSeconds: 3 }, { channel: 'C0META' });
    published.dispatch = [STORY];
    const before = clock.now().getTime();
    await poll(h);

    const posts = fake.callsTo('chat.postMessage');
    expect(posts.map((c) => c.status)).toEqual([429, 200]);
    expect(fake.topLevel('C0META')).toHaveLength(1);
    expect(clock.now().getTime() - before).toBeGreaterThanOrEqual(15 * 60_000 + 3_000);
    const [story] = store.listDeliveries();
    expect(story).toMatchObject({ status: 'sent', lastError: null });
  });

  it('hands a long Retry-After back to the worker, which retries no earlier than Slack asked', async () => {
    const h = await start(config());
    fake.failNext('chat.postMessage', { kind: 'ratelimit', retryAfterSeconds: 45 }, { channel: 'C0META' });
    published.dispatch = [STORY];
    await poll(h);

    const [waiting] = store.listDeliveries();
    expect(waiting).toMatchObject({ status: 'pending' });
    expect(waiting!.lastError).toContain('rate limited');
    const retryAt = Date.parse(waiting!.nextAttemptAt);
    expect(retryAt - clock.now().getTime()).toBeGreaterThanOrEqual(45_000);

    await h.app.worker.drain({ waitForRetriesMs: 120_000 });
    expect(clock.now().getTime()).toBeGreaterThanOrEqual(retryAt);
    expect(fake.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(store.listDeliveries()[0]).toMatchObject({ status: 'sent' });
  });

  it('a channel Slack refuses is marked failed with the reason and does not hold up the others', async () => {
    const h = await start(config({ channels: ['C0GONE', 'C0META', 'C0PRIV', 'C0OTHER'] }));
    fake.setChannelError('C0GONE', 'channel_not_found').setChannelError('C0PRIV', 'not_in_channel');
    published.dispatch = [STORY];
    await poll(h);

    expect(fake.topLevel('C0META')).toHaveLength(1);
    expect(fake.topLevel('C0OTHER')).toHaveLength(1);
    const byChannel = new Map(store.listDeliveries().map((d) => [d.channelId, d]));
    expect(byChannel.get('C0META')!.status).toBe('sent');
    expect(byChannel.get('C0OTHER')!.status).toBe('sent');
    expect(byChannel.get('C0GONE')).toMatchObject({ status: 'failed' });
    expect(byChannel.get('C0GONE')!.lastError).toContain('channel_not_found');
    expect(byChannel.get('C0PRIV')).toMatchObject({ status: 'failed' });
    expect(byChannel.get('C0PRIV')!.lastError).toContain('not_in_channel');
    expect(byChannel.get('C0PRIV')!.lastError).toContain('/invite');
    // Permanent errors are not retried.
    expect(fake.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C0GONE')).toHaveLength(1);
  });
});
