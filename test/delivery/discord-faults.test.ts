import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Platform } from '../../src/core/types.js';
import type { PlatformSender } from '../../src/delivery/platform.js';
import { DeliveryWorker } from '../../src/delivery/worker.js';
import { openStore, type SqliteStore } from '../../src/store/sqlite-store.js';
import type { NewDelivery } from '../../src/store/store.js';
import { ManualClock } from '../../src/util/clock.js';
import { silentLogger } from '../../src/util/logger.js';
import { FakeDiscordApi } from '../fakes/discord-api.js';
import { makeArticle } from '../helpers/articles.js';
import { FaultProxy, type Fault } from './fault-proxy.js';
import { delivery, seededRandom } from './helpers.js';
import { realDiscordSender } from './real-senders.js';

/**
 * The real Discord sender (@discordjs/rest) and the real worker against the fake Discord
 * API, through a proxy that answers 500 and 429 and drops connections at random, with a
 * fixed seed. Dropping *after* Discord stored the message is the case that would double
 * post without the nonce.
 */
function discordFaults(seed: number): (req: { method: string }) => Fault {
  const random = seededRandom(seed);
  return ({ method }) => {
    if (method === 'GET') return { kind: 'pass' };
    const r = random();
    if (r < 0.1) return { kind: 'status', status: 500, body: JSON.stringify({ message: '500: Internal Server Error', code: 0 }) };
    if (r < 0.2) {
      return {
        kind: 'status',
        status: 429,
        headers: { 'retry-after': '0', 'x-ratelimit-scope': 'user', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset-after': '0.010' },
        body: JSON.stringify({ message: 'You are being rate limited.', retry_after: 0.01, global: false }),
      };
    }
    if (r < 0.28) return { kind: 'drop-before' };
    if (r < 0.36) return { kind: 'drop-after' };
    return { kind: 'pass' };
  };
}

let fake: FakeDiscordApi;
let proxy: FaultProxy;
let store: SqliteStore;
beforeEach(async () => {
  // Generous buckets: pacing is the worker's job here, not the fake's.
  fake = await new FakeDiscordApi({ bucket: { limit: 10_000, windowMs: 1_000 } }).start();
  proxy = await new FaultProxy(fake.api.replace(/\/api$/, ''), discordFaults(20250715)).start();
  store = openStore(':memory:');
});
afterEach(async () => {
  store.close();
  await proxy.close();
  await fake.close();
});

describe('real Discord sender under network faults', () => {
  it('posts every story and follow-up exactly once, threads intact', async () => {
    const channels = [fake.addTextChannel(), fake.addTextChannel()];
    const random = seededRandom(99);
    const expected: NewDelivery[] = [];
    for (let s = 0; s < 10; s++) {
      const root = makeArticle({ id: `s${s}`, title: `Storyline ${s} opens` });
      const batch = channels.map((c) => delivery('discord', c, root, 'story'));
      const follow = Math.floor(random() * 3);
      for (let f = 1; f <= follow; f++) {
        const a = makeArticle({ id: `s${s}f${f}`, storylineId: root.storylineId, title: `Storyline ${s} follow-up ${f}` });
        batch.push(...channels.map((c) => delivery('discord', c, a, 'follow-up')));
      }
      store.enqueueDeliveries(batch, '2025-07-15T12:00:00.000Z');
      expected.push(...batch);
    }

    const worker = new DeliveryWorker({
      store,
      senders: new Map<Platform, PlatformSender>([['discord', realDiscordSender(`${proxy.url}/api`, fake.token, silentLogger())]]),
      clock: new ManualClock('2025-07-15T12:00:00Z'),
      log: silentLogger(),
      channelOptions: () => ({ forum: false, timeZone: 'UTC' }),
      random: seededRandom(5),
      retry: { baseMs: 100, maxMs: 2_000, maxAttempts: 50 },
    });
    expect(await worker.drain({ waitForRetriesMs: 3600_000 })).toBe(0);
    expect(store.listDeliveries({ status: 'failed' })).toEqual([]);

    for (const kind of ['status', 'drop-before', 'drop-after'] as const) expect(proxy.count(kind)).toBeGreaterThan(3);
    // Some answers were lost after Discord had stored the message: only the nonce saves those.
    const lostMessagePosts = proxy.log.filter((l) => l.fault === 'drop-after' && l.method === 'POST' && /\/messages$/.test(l.path)).length;
    expect(lostMessagePosts).toBeGreaterThan(0);
    const posted = [...fake.messages.values()].filter((m) => m.webhookToken === null);
    const sent = store.listDeliveries({ status: 'sent' });
    expect(sent).toHaveLength(expected.length);
    // Exactly once: one message per delivery, found by its nonce, and no other message.
    for (const d of sent) expect(posted.filter((m) => m.nonce === d.nonce)).toHaveLength(1);
    expect(posted).toHaveLength(expected.length);
    // Follow-ups sit in the thread under their story's message.
    for (const d of sent.filter((x) => x.kind === 'follow-up')) {
      const ref = store.getThreadRef('discord', d.channelId, d.storylineId!)!;
      expect(fake.messages.get(d.messageId!)!.channelId).toBe(ref.threadId);
      expect(fake.messages.get(ref.messageId)!.channelId).toBe(d.channelId);
    }
    console.info(`discord faults: ${expected.length} posts expected, ${posted.length} posted, faults ${JSON.stringify({ status: proxy.count('status'), dropBefore: proxy.count('drop-before'), dropAfter: proxy.count('drop-after'), lostMessagePosts, requests: proxy.log.length })}`);
  }, 30_000);
});
