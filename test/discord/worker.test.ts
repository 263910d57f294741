import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiscordSender } from '../../src/adapters/discord/discord-sender.js';
import type { Article } from '../../src/core/types.js';
import { DeliveryWorker } from '../../src/delivery/worker.js';
import { openStore, type SqliteStore } from '../../src/store/sqlite-store.js';
import { ManualClock } from '../../src/util/clock.js';
import { silentLogger } from '../../src/util/logger.js';
import { delivery, seededRandom } from '../delivery/helpers.js';
import { FakeDiscordApi } from '../fakes/discord-api.js';
import { makeArticle } from '../helpers/articles.js';
import { restFor } from './helpers.js';

/**
 * The outbox worker with the real Discord sender (@discordjs/rest) against the fake API:
 * what a channel's failures do to the stored deliveries, and how a storyline's thread is
 * kept when Discord archives or loses it.
 */

let fake: FakeDiscordApi;
let store: SqliteStore;
let clock: ManualClock;
let worker: DeliveryWorker;
const forums = new Set<string>();

const story = makeArticle({ id: 'a1', storylineId: 's1', title: 'Meta signs a nuclear power deal' });
const followUp = makeArticle({ id: 'a2', storylineId: 's1', title: 'Regulators approve the Meta nuclear deal', published: '2025-07-17T09:00:00.000Z' });
const later = makeArticle({ id: 'a3', storylineId: 's1', title: 'Construction starts on the Meta reactor', published: '2025-07-19T09:00:00.000Z' });

beforeEach(async () => {
  fake = await new FakeDiscordApi().start();
  store = openStore(':memory:');
  clock = new ManualClock('2025-07-20T12:00:00Z');
  forums.clear();
  const sender = new DiscordSender({ rest: restFor(fake), log: silentLogger() });
  worker = new DeliveryWorker({
    store,
    senders: new Map([['discord', sender]]),
    clock,
    log: silentLogger(),
    random: seededRandom(7),
    channelOptions: (_platform, channelId) => ({ forum: forums.has(channelId), timeZone: 'UTC' }),
  });
});
afterEach(async () => {
  await worker.stop();
  store.close();
  await fake.close();
});

function enqueue(channelId: string, article: Article, kind: 'story' | 'follow-up'): void {
  store.enqueueDeliveries([delivery('discord', channelId, article, kind)], clock.now().toISOString());
}

function outbox(channelId: string): Array<[string, string, string | null]> {
  return store.listDeliveries({ channelId }).map((d) => [d.kind, d.status, d.lastError]);
}

describe('Discord delivery through the worker', () => {
  it('marks 50013 and 10003 channels failed with the reason, waits out a 429, and still delivers to the healthy channel', async () => {
    const forbidden = fake.addTextChannel();
    const gone = fake.addTextChannel();
    const fine = fake.addTextChannel();
    fake.failChannel(forbidden, { status: 403, code: 50013 });
    fake.failChannel(gone, { status: 404, code: 10003 });
    fake.rateLimitNext({ method: 'POST', path: new RegExp(`^/channels/${fine}/messages$`) }, { retryAfter: 0.2 });
    for (const c of [forbidden, gone, fine]) {
      enqueue(c, story, 'story');
      enqueue(c, followUp, 'follow-up');
    }

    const pending = await worker.drain();

    expect(pending).toBe(0);
    for (const [, status, error] of outbox(forbidden)) {
      expect(status).toBe('failed');
      expect(error).toMatch(/403 50013 Missing Permissions/);
    }
    for (const [, status, error] of outbox(gone)) {
      expect(status).toBe('failed');
      expect(error).toMatch(/404 10003 Unknown Channel/);
    }
    expect(outbox(fine).map(([kind, status]) => [kind, status])).toEqual([
      ['story', 'sent'],
      ['follow-up', 'sent'],
    ]);
    // The 429 was answered by waiting, not by a second message.
    expect(fake.callsTo('POST', new RegExp(`^/channels/${fine}/messages$`)).map((c) => c.status)).toEqual([429, 200]);
    const ref = store.getThreadRef('discord', fine, 's1');
    expect(fake.messagesIn(fine)).toHaveLength(1);
    expect(fake.messagesIn(ref!.threadId).map((m) => m.embeds[0]?.title)).toEqual([followUp.title]);
  });

  it('reopens an archived thread for the follow-up and keeps the storyline there', async () => {
    const channel = fake.addTextChannel();
    enqueue(channel, story, 'story');
    await worker.drain();
    const ref = store.getThreadRef('discord', channel, 's1')!;
    fake.archiveThread(ref.threadId);

    enqueue(channel, followUp, 'follow-up');
    await worker.drain();

    expect(outbox(channel).map(([kind, status]) => [kind, status])).toEqual([
      ['story', 'sent'],
      ['follow-up', 'sent'],
    ]);
    expect(fake.channels.get(ref.threadId)?.archived).toBe(false);
    expect(fake.messagesIn(ref.threadId).map((m) => m.embeds[0]?.title)).toEqual([followUp.title]);
    expect(store.getThreadRef('discord', channel, 's1')?.threadId).toBe(ref.threadId);
  });

  it('starts a new thread when the old one was deleted (10003), records it, and later follow-ups go there', async () => {
    const channel = fake.addTextChannel();
    enqueue(channel, story, 'story');
    await worker.drain();
    const old = store.getThreadRef('discord', channel, 's1')!;
    fake.deleteChannel(old.threadId);

    enqueue(channel, followUp, 'follow-up');
    await worker.drain();
    const moved = store.getThreadRef('discord', channel, 's1')!;
    expect(moved.threadId).not.toBe(old.threadId);
    expect(fake.messagesIn(channel).map((m) => m.embeds[0]?.title)).toEqual([story.title, followUp.title]);
    expect(fake.channels.get(moved.threadId)?.name).toBe(followUp.title);

    enqueue(channel, later, 'follow-up');
    await worker.drain();
    expect(fake.messagesIn(moved.threadId).map((m) => m.embeds[0]?.title)).toEqual([later.title]);
    expect(store.listDeliveries({ channelId: channel }).every((d) => d.status === 'sent')).toBe(true);
  });

  it('makes a forum post per storyline in a forum channel, follow-ups inside it', async () => {
    const forum = fake.addForumChannel();
    forums.add(forum);
    const other = makeArticle({ id: 'b1', storylineId: 's2', title: 'OpenAI opens an office in Munich' });
    enqueue(forum, story, 'story');
    enqueue(forum, other, 'story');
    enqueue(forum, followUp, 'follow-up');
    await worker.drain();

    const posts = fake.threadsOf(forum);
    expect(posts.map((t) => t.name)).toEqual([story.title, other.title]);
    const ref = store.getThreadRef('discord', forum, 's1')!;
    expect(ref.threadId).toBe(posts[0]!.id);
    expect(fake.messagesIn(ref.threadId).map((m) => m.embeds[0]?.title)).toEqual([story.title, followUp.title]);
    expect(fake.messagesIn(posts[1]!.id)).toHaveLength(1);
  });
});
