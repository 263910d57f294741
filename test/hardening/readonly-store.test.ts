import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Article, Platform } from '../../src/core/types.js';
import type { PlatformSender } from '../../src/delivery/platform.js';
import { planDeliveries } from '../../src/delivery/plan.js';
import { DeliveryWorker } from '../../src/delivery/worker.js';
import { openStore, type SqliteStore } from '../../src/store/sqlite-store.js';
import { ManualClock } from '../../src/util/clock.js';
import { silentLogger } from '../../src/util/logger.js';
import { makeArticle, makeStoryline } from '../helpers/articles.js';
import { channel, FakeSender, placementOf, postFor } from '../delivery/helpers.js';

/**
 * Makes the database file unwritable the way an operator's mistake or a full disk
 * would. chmod does not stop root, so as root the file is made immutable (chattr +i);
 * where that is not permitted either, the store is opened read-only, which makes SQLite
 * refuse writes with the same SQLITE_READONLY error.
 */
function makeReadOnly(path: string): { reopen: () => SqliteStore; undo: () => void } {
  if (process.getuid?.() !== 0) {
    chmodSync(path, 0o444);
    return { reopen: () => openStore(path), undo: () => chmodSync(path, 0o644) };
  }
  try {
    execFileSync('chattr', ['+i', path], { stdio: 'ignore' });
    return { reopen: () => openStore(path), undo: () => execFileSync('chattr', ['-i', path], { stdio: 'ignore' }) };
  } catch {
    return { reopen: () => openStore(path, { readonly: true }), undo: () => {} };
  }
}

const CHANNELS = [channel('discord', '111', ['meta-ai']), channel('slack', 'C1', ['meta-ai'])];
const NOW = '2025-07-15T12:00:00.000Z';

/** What the pipeline does for one item: article, storyline and deliveries in one transaction. */
function ingest(store: SqliteStore, article: Article, kind: 'story' | 'follow-up', root: Article = article): number {
  return store.transaction(() => {
    store.insertArticle(article);
    store.upsertStoryline(makeStoryline(root, { articleCount: kind === 'story' ? 1 : 2 }));
    const planned = planDeliveries({ article, placement: placementOf(article, kind), post: postFor(article, kind), channels: CHANNELS, subscriptions: store.listSubscriptions(), store });
    return store.enqueueDeliveries(planned, NOW).length;
  });
}

function snapshot(store: SqliteStore) {
  return {
    articles: store.countArticles(),
    a1: store.getArticle('a1'),
    storyline: store.getStoryline('s-a1'),
    deliveries: store.listDeliveries(),
    ref: store.getThreadRef('discord', '111', 's-a1'),
  };
}

let dir: string;
let path: string;
let undo: () => void = () => {};
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'threadline-ro-'));
  path = join(dir, 'threadline.db');
});
afterEach(() => {
  undo();
  rmSync(dir, { recursive: true, force: true });
});

describe('a database that cannot be written', () => {
  it('stops ingesting the item, loses nothing already stored, and takes the item on retry', async () => {
    const root = makeArticle({ id: 'a1' });
    const follow = makeArticle({ id: 'a2', storylineId: 's-a1', title: 'Follow-up' });
    let store = openStore(path);
    ingest(store, root, 'story');
    const discord = new FakeSender('discord', { dedupeNonce: true });
    const worker = (s: SqliteStore, senders: PlatformSender[]) =>
      new DeliveryWorker({
        store: s,
        senders: new Map(senders.map((x) => [x.platform, x] as [Platform, PlatformSender])),
        clock: new ManualClock(NOW),
        log: silentLogger(),
        channelOptions: () => ({ forum: false, timeZone: 'UTC' }),
      });
    await worker(store, [discord]).drain();
    const before = snapshot(store);
    expect(before.ref).toBeDefined();
    store.close();

    const ro = makeReadOnly(path);
    undo = ro.undo;
    store = ro.reopen();
    expect(store.ping()).toBe(true);
    expect(() => ingest(store, follow, 'follow-up')).toThrow(/readonly/i);
    // The failed transaction left no trace and everything earlier reads back unchanged.
    expect(snapshot(store)).toEqual(before);
    expect(store.getArticle('a2')).toBeUndefined();

    // The worker on a read-only store: no crash; the Slack post waits (it could not be recorded).
    const slack = new FakeSender('slack');
    const w = worker(store, [discord, slack]);
    expect(await w.drain()).toBe(1);
    expect(await w.drain()).toBe(1);
    expect(slack.messages).toHaveLength(1); // sent once, not again while the store refuses writes
    store.close();

    ro.undo();
    undo = () => {};
    store = openStore(path);
    expect(snapshot(store).a1).toEqual(before.a1);
    expect(ingest(store, follow, 'follow-up')).toBe(2);
    expect(store.getArticle('a2')?.title).toBe('Follow-up');
    // Discord: the follow-up goes into the story's thread, the story was not posted twice.
    await worker(store, [discord]).drain();
    expect(discord.messages.map((m) => [m.kind, m.threadId])).toEqual([
      ['story', null],
      ['follow-up', `t${discord.messages[0]!.id}`],
    ]);
    store.close();

    const db = new Database(path, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });
});
