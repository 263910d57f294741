import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article, Platform } from '../../src/core/types.js';
import type { PlatformSender, SendJob } from '../../src/delivery/platform.js';
import { DeliveryWorker } from '../../src/delivery/worker.js';
import { openStore, type SqliteStore } from '../../src/store/sqlite-store.js';
import type { NewDelivery } from '../../src/store/store.js';
import { ManualClock } from '../../src/util/clock.js';
import { DeliveryError } from '../../src/util/errors.js';
import { silentLogger } from '../../src/util/logger.js';
import { makeArticle } from '../helpers/articles.js';
import { delivery, FakeSender, seededRandom } from './helpers.js';

/**
 * Many storylines through a sender that fails at random (fixed seed): 429 with a
 * Retry-After, 500, connection dropped before the platform saw the request, and
 * connection dropped *after* it stored the message (the answer is lost).
 */
const CHANNELS: Array<[Platform, string]> = [
  ['discord', '111'],
  ['discord', '222'],
  ['discord', '333'],
  ['slack', 'C1'],
  ['slack', 'C2'],
];

function faults(seed: number, counts: Record<string, number>, loseAnswers: boolean) {
  const random = seededRandom(seed);
  return (_job: SendJob): void | 'lose-answer' => {
    const r = random();
    const hit = (kind: string) => (counts[kind] = (counts[kind] ?? 0) + 1);
    if (r < 0.12) {
      hit('429');
      throw new DeliveryError('rate limited', false, 'rate_limited', Math.floor(random() * 1000));
    }
    if (r < 0.24) {
      hit('500');
      throw new DeliveryError('500 Internal Server Error', false, 'http_500');
    }
    if (r < 0.32) {
      hit('drop-before');
      throw new DeliveryError('ECONNRESET', false, 'network');
    }
    if (loseAnswers && r < 0.4) {
      hit('lose-answer');
      return 'lose-answer';
    }
  };
}

/** 30 storylines of 1-4 articles, enqueued in publication order as the pipeline would. */
function enqueueNews(store: SqliteStore, random: () => number): NewDelivery[] {
  const all: NewDelivery[] = [];
  const storylines: Article[][] = [];
  for (let s = 0; s < 30; s++) storylines.push([makeArticle({ id: `s${s}-0`, title: `Story ${s}` })]);
  // Interleave follow-ups so threads of different storylines are open at once.
  for (let round = 1; round <= 3; round++) {
    for (const line of storylines) {
      if (random() < 0.5) continue;
      line.push(makeArticle({ id: `${line[0]!.id.split('-')[0]}-${round}`, storylineId: line[0]!.storylineId, title: `${line[0]!.title} update ${round}` }));
    }
  }
  const order = storylines.flatMap((line) => line.map((a, i) => ({ a, i, key: i * 100 + random() * 100 }))).sort((x, y) => x.key - y.key);
  for (const { a, i } of order) {
    const batch = CHANNELS.map(([p, c]) => delivery(p, c, a, i === 0 ? 'story' : 'follow-up'));
    store.enqueueDeliveries(batch, '2025-07-15T12:00:00.000Z');
    all.push(...batch);
  }
  return all;
}

let store: SqliteStore;
beforeEach(() => {
  store = openStore(':memory:');
});
afterEach(() => store.close());

async function run(seed: number, loseAnswers: boolean) {
  const counts: Record<string, number> = {};
  const clock = new ManualClock('2025-07-15T12:00:00Z');
  const discord = new FakeSender('discord', { dedupeNonce: true, behave: faults(seed, counts, true) });
  const slackCounts: Record<string, number> = {};
  const slack = new FakeSender('slack', { behave: faults(seed + 1, slackCounts, loseAnswers) });
  const expected = enqueueNews(store, seededRandom(seed + 2));
  const worker = new DeliveryWorker({
    store,
    senders: new Map<Platform, PlatformSender>([
      ['discord', discord],
      ['slack', slack],
    ]),
    clock,
    log: silentLogger(),
    channelOptions: () => ({ forum: false, timeZone: 'UTC' }),
    random: seededRandom(seed + 3),
    retry: { baseMs: 200, maxMs: 5_000, maxAttempts: 100 },
  });
  const pending = await worker.drain({ waitForRetriesMs: 24 * 3600_000 });
  return { discord, slack, counts, slackCounts, expected, pending };
}

/**
 * Every follow-up sits in its storyline's thread. The root is the story message whose
 * answer came back: on Slack a lost answer leaves an earlier copy, and the re-sent one is
 * the root the worker saved.
 */
function expectThreadsIntact(sender: FakeSender, channelId: string, threadOf: (rootId: string) => string) {
  const roots = new Map<string, string>();
  for (const m of sender.byChannel(channelId)) {
    const d = store.getDelivery(m.deliveryId)!;
    if (d.kind === 'story') {
      expect(m.threadId).toBeNull();
      roots.set(d.storylineId!, m.id);
    } else {
      expect(m.threadId).toBe(threadOf(roots.get(d.storylineId!)!));
    }
  }
}

describe('delivery under random faults (fixed seed)', () => {
  it('delivers every Discord post exactly once and every Slack post once plus one per lost answer', async () => {
    const { discord, slack, counts, slackCounts, expected, pending } = await run(20250715, true);
    expect(pending).toBe(0);
    expect(store.listDeliveries({ status: 'failed' })).toEqual([]);

    const discordExpected = expected.filter((d) => d.platform === 'discord').length;
    const slackExpected = expected.filter((d) => d.platform === 'slack').length;
    // The seed must actually exercise every fault kind.
    for (const kind of ['429', '500', 'drop-before', 'lose-answer']) {
      expect(counts[kind]).toBeGreaterThan(5);
      expect(slackCounts[kind]).toBeGreaterThan(5);
    }

    // Discord: the nonce turns every re-send after a lost answer into the same message.
    expect(discord.messages).toHaveLength(discordExpected);
    expect(new Set(discord.messages.map((m) => m.deliveryId)).size).toBe(discordExpected);
    // A sender with no way to find its earlier message (this fake; the real Slack sender
    // without history scopes): each lost answer costs exactly one duplicate, nothing more.
    // The real SlackSender's nonce lookup is tested against the fake Slack in test/slack.
    expect(new Set(slack.messages.map((m) => m.deliveryId)).size).toBe(slackExpected);
    expect(slack.messages.length - slackExpected).toBe(slackCounts['lose-answer']);

    for (const [p, c] of CHANNELS) {
      const sender = p === 'discord' ? discord : slack;
      expectThreadsIntact(sender, c, (root) => (p === 'discord' ? `t${root}` : root));
      // Within a channel posts go out in the order they were queued.
      const ids = sender.byChannel(c).map((m) => m.deliveryId);
      expect(ids).toEqual([...ids].sort((a, b) => a - b));
    }
    console.info(
      `fault injection: discord ${discordExpected} expected / ${discord.messages.length} posted (faults ${JSON.stringify(counts)}); ` +
        `slack ${slackExpected} expected / ${slack.messages.length} posted (faults ${JSON.stringify(slackCounts)})`,
    );
  });

  it('delivers every Slack post exactly once when no answer is lost after the fact', async () => {
    const { slack, slackCounts, expected } = await run(7, false);
    const slackExpected = expected.filter((d) => d.platform === 'slack').length;
    expect(slackCounts['429']! + slackCounts['500']! + slackCounts['drop-before']!).toBeGreaterThan(20);
    expect(slack.messages).toHaveLength(slackExpected);
    expect(new Set(slack.messages.map((m) => m.deliveryId)).size).toBe(slackExpected);
  });
});
