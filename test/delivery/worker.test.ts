import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Platform } from '../../src/core/types.js';
import type { PlatformSender } from '../../src/delivery/platform.js';
import { DeliveryWorker, type DeliveryWorkerDeps } from '../../src/delivery/worker.js';
import { createMetrics } from '../../src/server/metrics.js';
import { openStore, type SqliteStore } from '../../src/store/sqlite-store.js';
import { ManualClock } from '../../src/util/clock.js';
import { DeliveryError } from '../../src/util/errors.js';
import { silentLogger } from '../../src/util/logger.js';
import { makeArticle } from '../helpers/articles.js';
import { deferred, delivery, FakeSender, seededRandom } from './helpers.js';

let store: SqliteStore;
let clock: ManualClock;
beforeEach(() => {
  store = openStore(':memory:');
  clock = new ManualClock('2025-07-15T12:00:00Z');
});
afterEach(() => store.close());

const now = () => clock.now().toISOString();

function worker(senders: PlatformSender[], over: Partial<DeliveryWorkerDeps> = {}): DeliveryWorker {
  return new DeliveryWorker({
    store,
    senders: new Map(senders.map((s) => [s.platform, s] as [Platform, PlatformSender])),
    clock,
    log: silentLogger(),
    channelOptions: () => ({ forum: false, timeZone: 'UTC' }),
    random: seededRandom(42),
    ...over,
  });
}

const story = makeArticle({ id: 'a1' });
const followUp = makeArticle({ id: 'a2', storylineId: story.storylineId, title: 'Follow-up' });
const other = makeArticle({ id: 'b1', title: 'Other story' });

describe('DeliveryWorker', () => {
  it('posts the story, saves its thread, and puts the follow-up in that thread', async () => {
    const discord = new FakeSender('discord');
    store.enqueueDeliveries([delivery('discord', '111', story, 'story'), delivery('discord', '111', followUp, 'follow-up')], now());
    expect(await worker([discord]).drain()).toBe(0);

    const [root, reply] = discord.messages;
    expect(root).toMatchObject({ kind: 'story', threadId: null, headline: story.title });
    expect(reply).toMatchObject({ kind: 'follow-up', threadId: `t${root!.id}` });
    expect(store.getThreadRef('discord', '111', story.storylineId)).toMatchObject({ messageId: root!.id, threadId: `t${root!.id}` });
    expect(store.listDeliveries({ status: 'sent' }).map((d) => d.messageId)).toEqual([root!.id, reply!.id]);
  });

  it('marks a permanent error failed with its reason and goes on with the channel and the others', async () => {
    const slack = new FakeSender('slack', {
      behave: (job) => {
        if (job.delivery.channelId === 'CGONE') throw new DeliveryError('channel_not_found', true, 'channel_not_found');
      },
    });
    const ids = store.enqueueDeliveries(
      [delivery('slack', 'CGONE', story, 'story'), delivery('slack', 'COK', story, 'story'), delivery('slack', 'COK', other, 'story')],
      now(),
    );
    const metrics = createMetrics(store);
    await worker([slack], { metrics }).drain();
    expect(store.getDelivery(ids[0]!)).toMatchObject({ status: 'failed', lastError: 'channel_not_found', attempts: 1 });
    expect(slack.byChannel('COK').map((m) => m.headline)).toEqual([story.title, other.title]);
    expect(await metrics.render()).toMatch(/deliveries_failed_total\{platform="slack"\} 1/);
  });

  it('turns a follow-up into a fresh story when its root failed for good, and threads later ones under it', async () => {
    const later = makeArticle({ id: 'a3', storylineId: story.storylineId, title: 'Later' });
    const discord = new FakeSender('discord', {
      behave: (job) => {
        if (job.delivery.articleId === 'a1') throw new DeliveryError('Missing Permissions', true, '50013');
      },
    });
    const ids = store.enqueueDeliveries(
      [delivery('discord', '111', story, 'story'), delivery('discord', '111', followUp, 'follow-up'), delivery('discord', '111', later, 'follow-up')],
      now(),
    );
    await worker([discord]).drain();
    expect(store.getDelivery(ids[0]!)!.status).toBe('failed');
    const [promoted, reply] = discord.messages;
    expect(promoted).toMatchObject({ headline: 'Follow-up', kind: 'story', threadId: null });
    expect(reply).toMatchObject({ headline: 'Later', kind: 'follow-up', threadId: `t${promoted!.id}` });
    expect(store.getThreadRef('discord', '111', story.storylineId)!.messageId).toBe(promoted!.id);
  });

  it("retries 429 and 5xx with the platform's Retry-After and keeps the channel's order", async () => {
    let calls = 0;
    const slack = new FakeSender('slack', {
      now: () => clock.now().getTime(),
      behave: () => {
        calls++;
        if (calls === 1) throw new DeliveryError('ratelimited', false, 'rate_limited', 30_000);
        if (calls === 2) throw new DeliveryError('internal_error', false, 'http_500');
      },
    });
    const ids = store.enqueueDeliveries([delivery('slack', 'C1', story, 'story'), delivery('slack', 'C1', followUp, 'follow-up')], now());
    const w = worker([slack]);
    const start = clock.now().getTime();

    // Nothing waits by default: the first pass leaves the story in backoff and the follow-up behind it.
    expect(await w.drain()).toBe(2);
    expect(slack.messages).toHaveLength(0);
    expect(store.getDelivery(ids[0]!)).toMatchObject({ attempts: 1, lastError: 'rate_limited: ratelimited' });
    expect(Date.parse(store.getDelivery(ids[0]!)!.nextAttemptAt) - start).toBeGreaterThanOrEqual(30_000);

    expect(await w.drain({ waitForRetriesMs: 10 * 60_000 })).toBe(0);
    expect(slack.messages.map((m) => m.headline)).toEqual([story.title, 'Follow-up']);
    expect(slack.messages[0]!.at - start).toBeGreaterThanOrEqual(30_000);
    expect(store.getDelivery(ids[0]!)!.attempts).toBe(3);
  });

  it('gives up after the attempt cap and records why', async () => {
    const slack = new FakeSender('slack', { behave: () => Promise.reject(new DeliveryError('503 Service Unavailable', false, 'http_503')) });
    const [id] = store.enqueueDeliveries([delivery('slack', 'C1', story, 'story')], now());
    await worker([slack], { retry: { maxAttempts: 3, baseMs: 10, maxMs: 100 } }).drain({ waitForRetriesMs: 60_000 });
    expect(store.getDelivery(id!)).toMatchObject({ status: 'failed', attempts: 3 });
    expect(store.getDelivery(id!)!.lastError).toMatch(/gave up after 3 attempts: http_503/);
  });

  it('never lets a slow channel hold up the others', async () => {
    const gate = deferred();
    const slack = new FakeSender('slack', {
      behave: async (job) => {
        if (job.delivery.channelId === 'CSLOW') await gate.promise;
      },
    });
    store.enqueueDeliveries(
      [delivery('slack', 'CSLOW', story, 'story'), ...['a', 'b', 'c'].map((id) => delivery('slack', 'CFAST', makeArticle({ id }), 'story'))],
      now(),
    );
    const running = worker([slack]).tick();
    await vi.waitFor(() => expect(slack.byChannel('CFAST')).toHaveLength(3));
    expect(slack.byChannel('CSLOW')).toHaveLength(0);
    gate.resolve();
    await running;
    expect(slack.byChannel('CSLOW')).toHaveLength(1);
  });

  it('does not let a backlog stuck behind one retry hide other channels', async () => {
    const slack = new FakeSender('slack', {
      behave: (job) => {
        if (job.delivery.channelId === 'CSTUCK') throw new DeliveryError('internal_error', false, 'http_500', 60_000);
      },
    });
    store.enqueueDeliveries(Array.from({ length: 10 }, (_, i) => delivery('slack', 'CSTUCK', makeArticle({ id: `x${i}` }), 'story')), now());
    store.enqueueDeliveries([delivery('slack', 'COTHER', story, 'story')], now());
    // Only 5 due deliveries are read per look: all of them belong to the stuck channel.
    await worker([slack], { scanLimit: 5 }).drain();
    expect(slack.byChannel('COTHER')).toHaveLength(1);
    expect(slack.jobs.filter((j) => j.delivery.channelId === 'CSTUCK')).toHaveLength(1);
  });

  it('paces Slack at about one message per second per channel and Discord at 5 per 5 s', async () => {
    const stamp = () => clock.now().getTime();
    const slack = new FakeSender('slack', { now: stamp });
    const discord = new FakeSender('discord', { now: stamp });
    const articles = Array.from({ length: 7 }, (_, i) => makeArticle({ id: `p${i}` }));
    store.enqueueDeliveries(articles.map((a) => delivery('slack', 'C1', a, 'story')), now());
    await worker([slack]).drain();
    const slackGaps = slack.messages.slice(1).map((m, i) => m.at - slack.messages[i]!.at);
    expect(slackGaps.every((g) => g >= 1000)).toBe(true);

    store.enqueueDeliveries(articles.map((a) => delivery('discord', '111', a, 'story')), now());
    const t0 = stamp();
    await worker([discord]).drain();
    const offsets = discord.messages.map((m) => m.at - t0);
    expect(offsets.slice(0, 5)).toEqual([0, 0, 0, 0, 0]);
    expect(offsets[5]).toBeGreaterThanOrEqual(1000);
    expect(offsets[6]).toBeGreaterThanOrEqual(2000);
  });

  it('honours pacing options (tests and benchmarks run faster)', async () => {
    const stamp = () => clock.now().getTime();
    const slack = new FakeSender('slack', { now: stamp });
    store.enqueueDeliveries(Array.from({ length: 5 }, (_, i) => delivery('slack', 'C1', makeArticle({ id: `q${i}` }), 'story')), now());
    const t0 = stamp();
    await worker([slack], { pacing: { slack: { channel: { capacity: 100, perMs: 1000 } } } }).drain();
    expect(slack.messages.every((m) => m.at === t0)).toBe(true);
  });

  it('records a post the platform accepted even when the store write failed, without posting it again', async () => {
    const slack = new FakeSender('slack');
    const [id] = store.enqueueDeliveries([delivery('slack', 'C1', story, 'story')], now());
    // The disk is full for a while: markDeliverySent keeps throwing until space is freed.
    const real = store.markDeliverySent.bind(store);
    let diskFull = true;
    const spy = vi.spyOn(store, 'markDeliverySent').mockImplementation((...args) => {
      if (diskFull) throw new Error('SQLITE_FULL: database or disk is full');
      return real(...args);
    });
    const w = worker([slack]);
    expect(await w.drain()).toBe(1);
    expect(store.getDelivery(id!)!.status).toBe('pending');
    expect(slack.messages).toHaveLength(1);
    diskFull = false;
    await w.drain();
    expect(store.getDelivery(id!)!.status).toBe('sent');
    expect(slack.messages).toHaveLength(1);
    expect(store.getThreadRef('slack', 'C1', story.storylineId)!.messageId).toBe(slack.messages[0]!.id);
    spy.mockRestore();
  });

  it('leaves deliveries for an unconfigured platform pending and still finishes', async () => {
    const slack = new FakeSender('slack');
    store.enqueueDeliveries([delivery('discord', '111', story, 'story'), delivery('slack', 'C1', story, 'story')], now());
    expect(await worker([slack]).drain()).toBe(0);
    expect(store.listDeliveries({ status: 'pending' }).map((d) => d.platform)).toEqual(['discord']);
  });

  it('counts sends and observes first-seen-to-posted latency', async () => {
    store.insertArticle({ ...story, firstSeen: '2025-07-15T11:58:00.000Z' });
    const metrics = createMetrics(store);
    store.enqueueDeliveries([delivery('slack', 'C1', story, 'story')], now());
    await worker([new FakeSender('slack')], { metrics }).drain();
    const text = await metrics.render();
    expect(text).toMatch(/deliveries_sent_total\{platform="slack"\} 1/);
    expect(text).toMatch(/item_first_seen_to_posted_seconds_sum\{platform="slack"\} 120/);
    expect(text).toMatch(/item_first_seen_to_posted_seconds_bucket\{le="60",platform="slack"\} 0/);
    expect(text).toMatch(/item_first_seen_to_posted_seconds_bucket\{le="120",platform="slack"\} 1/);
  });

  it('start() picks up new deliveries on notify() and stop() waits for the send in flight', async () => {
    const gate = deferred();
    const slack = new FakeSender('slack', { behave: () => gate.promise });
    const w = worker([slack], { pollIntervalMs: 60_000 });
    w.start();
    store.enqueueDeliveries([delivery('slack', 'C1', story, 'story')], now());
    w.notify();
    await vi.waitFor(() => expect(slack.jobs).toHaveLength(1));
    const stopped = w.stop();
    gate.resolve();
    await stopped;
    expect(store.listDeliveries({ status: 'sent' })).toHaveLength(1);
  });
});

describe('DeliveryWorker: what may have been sent before', () => {
  it('marks only each lane\'s first delivery after a restart, and every retry, as uncertain', async () => {
    const slack = new FakeSender('slack', {
      behave: (job) => {
        if (job.delivery.kind === 'follow-up' && job.delivery.attempts === 0) throw new DeliveryError('socket hang up', false, 'network');
      },
    });
    // Queued by a process that died: the head of each channel may have been in flight.
    store.enqueueDeliveries(
      [delivery('slack', 'C1', story, 'story'), delivery('slack', 'C1', followUp, 'follow-up'), delivery('slack', 'C2', other, 'story')],
      now(),
    );
    clock.advance(1_000);
    const restarted = worker([slack]);
    const late = makeArticle({ id: 'c1', title: 'Queued after the restart' });
    store.enqueueDeliveries([delivery('slack', 'C3', late, 'story')], now());
    await restarted.drain({ waitForRetriesMs: 60_000 });

    const seen = slack.jobs.map((j) => [j.delivery.channelId, j.delivery.kind, j.uncertain]);
    expect(seen).toEqual(
      expect.arrayContaining([
        ['C1', 'story', true],
        ['C1', 'follow-up', false],
        ['C1', 'follow-up', true],
        ['C2', 'story', true],
        ['C3', 'story', false],
      ]),
    );
    expect(seen).toHaveLength(5);
  });
});
