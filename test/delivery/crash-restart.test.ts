import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/sqlite-store.js';
import type { Platform } from '../../src/core/types.js';
import type { NewDelivery } from '../../src/store/store.js';
import { FakeDiscordApi, type RecordedCall } from '../fakes/discord-api.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { makeArticle } from '../helpers/articles.js';
import { FaultProxy, type Fault } from './fault-proxy.js';
import { delivery, seededRandom } from './helpers.js';

/**
 * kill -9 at awkward moments, then restart: every pending delivery is completed, no
 * Discord post appears twice, and on Slack a message whose answer died with the process is
 * found again by its nonce instead of being posted twice. The child is the compiled dist/test/delivery/crash-child.js
 * (npm test runs tsc first; when it is missing or older than the sources it is built here).
 */
const ROOT = process.cwd();
const CHILD = join(ROOT, 'dist/test/delivery/crash-child.js');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function ensureChildBuilt(): void {
  // The folders the child's code comes from; edits elsewhere do not force a rebuild.
  const dirs = ['src/delivery', 'src/store', 'src/util', 'src/core', 'src/config', 'src/adapters/discord', 'src/adapters/slack', 'test/delivery', 'test/helpers'];
  const sources = Math.max(...dirs.map((d) => (existsSync(join(ROOT, d)) ? newestSource(join(ROOT, d)) : 0)));
  if (existsSync(CHILD) && statSync(CHILD).mtimeMs >= sources) return;
  // Type errors elsewhere in the tree do not stop tsc from emitting.
  spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'ignore' });
  if (!existsSync(CHILD)) throw new Error(`${CHILD} missing after tsc; run npm run build`);
}

interface Child {
  proc: ChildProcess;
  output: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let fake: FakeDiscordApi;
let proxy: FaultProxy;
let dir: string;
/** What the proxy does to the next matching request; everything else passes. */
let holdNext: { method: string; path: RegExp } | null = null;

function startChild(): Child {
  return spawnChild({ CRASH_DB: join(dir, 'threadline.db'), CRASH_PLATFORM: 'discord', CRASH_API: `${proxy.url}/api`, CRASH_TOKEN: fake.token });
}

function spawnChild(env: Record<string, string>): Child {
  const output: string[] = [];
  const proc = spawn(process.execPath, [CHILD], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  proc.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  proc.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.on('exit', (code, signal) => resolve({ code, signal })));
  return { proc, output, exited };
}

async function kill(child: Child): Promise<void> {
  child.proc.kill('SIGKILL');
  const { signal } = await child.exited;
  expect(signal).toBe('SIGKILL');
}

/** Resolves at the n-th call the fake receives from now on that matches. */
function nthCall(n: number, matches: (c: RecordedCall) => boolean): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const on = (c: RecordedCall) => {
      if (matches(c) && ++seen >= n) {
        fake.off('call', on);
        resolve();
      }
    };
    fake.on('call', on);
  });
}

/** Ten storylines, each a story and up to two follow-ups, for every channel; pending in a new store. */
function enqueueStorylines(dbFile: string, platform: Platform, channels: string[]): NewDelivery[] {
  const random = seededRandom(11);
  const store = openStore(dbFile);
  const expected: NewDelivery[] = [];
  for (let s = 0; s < 10; s++) {
    const root = makeArticle({ id: `s${s}`, title: `Storyline ${s}` });
    const batch = channels.map((c) => delivery(platform, c, root, 'story'));
    for (let f = 1; f <= Math.floor(random() * 3); f++) {
      const a = makeArticle({ id: `s${s}f${f}`, storylineId: root.storylineId, title: `Storyline ${s} follow-up ${f}` });
      batch.push(...channels.map((c) => delivery(platform, c, a, 'follow-up')));
    }
    store.enqueueDeliveries(batch, new Date().toISOString());
    expected.push(...batch);
  }
  store.close();
  return expected;
}

beforeAll(async () => {
  ensureChildBuilt();
  fake = await new FakeDiscordApi({ bucket: { limit: 10_000, windowMs: 1_000 } }).start();
  proxy = await new FaultProxy(fake.api.replace(/\/api$/, ''), ({ method, path }): Fault => {
    if (holdNext && holdNext.method === method && holdNext.path.test(path)) {
      holdNext = null;
      return { kind: 'hold' };
    }
    return { kind: 'pass' };
  }).start();
  dir = mkdtempSync(join(tmpdir(), 'threadline-crash-'));
}, 120_000);

afterAll(async () => {
  await proxy?.close();
  await fake?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('crash and restart (SIGKILL)', () => {
  it('completes every pending delivery with no Discord duplicates', async () => {
    // The forum is not marked in the config: the sender finds out from the channel's type.
    const forum = fake.addForumChannel();
    const channels = [fake.addTextChannel(), fake.addTextChannel(), fake.addTextChannel(), forum];
    const expected = enqueueStorylines(join(dir, 'threadline.db'), 'discord', channels);
    const crashes: string[] = [];

    // 1. Killed while a story message is in flight: Discord stored it, the answer never came.
    let child = startChild();
    await nthCall(4, (c) => c.method === 'POST' && /\/messages$/.test(c.path));
    holdNext = { method: 'POST', path: /\/channels\/\d+\/messages$/ };
    await proxy.waitForHeld();
    await kill(child);
    proxy.releaseAll();
    crashes.push('message in flight');

    // 2. Killed while a forum post is being created (that endpoint takes no nonce).
    holdNext = { method: 'POST', path: new RegExp(`/channels/${forum}/threads$`) };
    child = startChild();
    await proxy.waitForHeld();
    await kill(child);
    proxy.releaseAll();
    crashes.push('forum post in flight');

    // 3. Killed between a story message and the thread under it.
    holdNext = { method: 'POST', path: /\/channels\/\d+\/messages\/\d+\/threads$/ };
    child = startChild();
    await proxy.waitForHeld();
    await kill(child);
    proxy.releaseAll();
    crashes.push('thread creation in flight');

    // 4. Killed at whatever moment follows a burst of posts (often inside a store write).
    child = startChild();
    await nthCall(7, (c) => c.method === 'POST');
    await kill(child);
    crashes.push('after a burst');

    // 5. Restart with no faults: it must finish everything.
    child = startChild();
    const { code } = await child.exited;
    expect(code, child.output.join('')).toBe(0);
    expect(child.output.join('')).toContain('done pending=0');

    const after = openStore(join(dir, 'threadline.db'));
    const sent = after.listDeliveries({ status: 'sent' });
    expect(after.listDeliveries({ status: 'pending' })).toEqual([]);
    expect(after.listDeliveries({ status: 'failed' })).toEqual([]);
    expect(sent).toHaveLength(expected.length);
    const posted = [...fake.messages.values()].filter((m) => m.webhookToken === null);
    const forumPosts = sent.filter((d) => d.channelId === forum && d.kind === 'story');
    for (const d of sent.filter((x) => !forumPosts.includes(x))) expect(posted.filter((m) => m.nonce === d.nonce), `delivery ${d.id}`).toHaveLength(1);
    // A forum post's starter message carries no nonce: one post per storyline, found again after the crash.
    expect(fake.threadsOf(forum).map((t) => t.name).sort()).toEqual(forumPosts.map((d) => d.post.headline).sort());
    expect(new Set(forumPosts.map((d) => d.messageId)).size).toBe(forumPosts.length);
    expect(posted).toHaveLength(expected.length);
    for (const d of sent.filter((x) => x.kind === 'follow-up')) {
      const ref = after.getThreadRef('discord', d.channelId, d.storylineId!)!;
      expect(fake.messages.get(d.messageId!)!.channelId).toBe(ref.threadId);
    }
    // The deduplication was really needed: some message was sent twice with one nonce.
    const messagePosts = fake.calls.filter((c) => c.method === 'POST' && /^\/channels\/\d+\/messages$/.test(c.path));
    const resent = messagePosts.length - new Set(messagePosts.map((c) => (c.body as { nonce: string }).nonce)).size;
    expect(resent).toBeGreaterThan(0);
    console.info(`crash-restart: ${crashes.length} SIGKILLs (${crashes.join(', ')}); ${expected.length} posts expected, ${posted.length} on Discord, ${resent} re-sent and deduplicated by nonce`);
    after.close();
  }, 120_000);
});

describe('crash and restart (SIGKILL) on Slack', () => {
  let slack: FakeSlackApi;
  let slackProxy: FaultProxy;
  let slackDir: string;
  /** The nonces of the messages whose answers were held when the process was killed. */
  const heldNonces: string[] = [];
  let holdSlack: ((args: URLSearchParams) => boolean) | null = null;

  beforeAll(async () => {
    slack = await new FakeSlackApi().start();
    slackProxy = await new FaultProxy(slack.apiUrl.replace(/\/api\/$/, ''), ({ path, body }): Fault => {
      if (holdSlack && path === '/api/chat.postMessage') {
        const args = new URLSearchParams(body.toString('utf8'));
        if (holdSlack(args)) {
          holdSlack = null;
          heldNonces.push((JSON.parse(args.get('metadata') ?? '{}') as { event_payload?: { nonce?: string } }).event_payload?.nonce ?? '');
          return { kind: 'hold' };
        }
      }
      return { kind: 'pass' };
    }).start();
    slackDir = mkdtempSync(join(tmpdir(), 'threadline-crash-slack-'));
  }, 120_000);

  afterAll(async () => {
    await slackProxy?.close();
    await slack?.close();
    if (slackDir) rmSync(slackDir, { recursive: true, force: true });
  });

  function startSlackChild(): Child {
    return spawnChild({ CRASH_DB: join(slackDir, 'threadline.db'), CRASH_PLATFORM: 'slack', CRASH_API: `${slackProxy.url}/api/`, CRASH_TOKEN: slack.token });
  }

  /** Resolves once the fake has carried out `n` more chat.postMessage calls. */
  function posts(n: number): Promise<void> {
    const target = slack.callsTo('chat.postMessage').length + n;
    return slack.waitFor(() => slack.callsTo('chat.postMessage').length >= target, 30_000).then(() => undefined);
  }

  it('completes every pending delivery; messages posted before a kill are found by nonce, not posted again', async () => {
    const channels = ['C0CRASH1', 'C0CRASH2', 'C0CRASH3'];
    const expected = enqueueStorylines(join(slackDir, 'threadline.db'), 'slack', channels);

    // 1. Killed while a story message is in flight: Slack posted it, the answer never came.
    let child = startSlackChild();
    await posts(3);
    holdSlack = (args) => !args.get('thread_ts');
    await slackProxy.waitForHeld();
    await kill(child);
    slackProxy.releaseAll();

    // 2. Killed while a follow-up in a thread is in flight.
    holdSlack = (args) => Boolean(args.get('thread_ts'));
    child = startSlackChild();
    await slackProxy.waitForHeld();
    await kill(child);
    slackProxy.releaseAll();

    // 3. Killed at whatever moment follows a burst of posts (often inside a store write).
    child = startSlackChild();
    await posts(7);
    await kill(child);

    // 4. Restart with no faults: it must finish everything.
    child = startSlackChild();
    const { code } = await child.exited;
    expect(code, child.output.join('')).toBe(0);
    expect(child.output.join('')).toContain('done pending=0');

    const after = openStore(join(slackDir, 'threadline.db'));
    const sent = after.listDeliveries({ status: 'sent' });
    expect(after.listDeliveries({ status: 'pending' })).toEqual([]);
    expect(after.listDeliveries({ status: 'failed' })).toEqual([]);
    expect(sent).toHaveLength(expected.length);
    const nonceOf = (m: { args: Record<string, any> }) => (m.args.metadata as { event_payload?: { nonce?: string } } | undefined)?.event_payload?.nonce;
    const copies = (nonce: string) => slack.messages.filter((m) => nonceOf(m) === nonce).length;

    // The two messages whose answers died with the process were adopted on restart.
    expect(heldNonces).toHaveLength(2);
    for (const nonce of heldNonces) expect(copies(nonce), `held message ${nonce}`).toBe(1);
    // Every delivery is on Slack; the documented bound is one duplicate per crash.
    for (const d of sent) expect(copies(d.nonce), `delivery ${d.id}`).toBeGreaterThanOrEqual(1);
    const duplicates = slack.messages.length - expected.length;
    expect(duplicates).toBeLessThanOrEqual(1);
    for (const d of sent) {
      const m = slack.messages.find((x) => x.ts === d.messageId && x.channel === d.channelId)!;
      expect(nonceOf(m)).toBe(d.nonce);
      if (d.kind === 'follow-up') expect(m.threadTs).toBe(after.getThreadRef('slack', d.channelId, d.storylineId!)!.threadId);
    }
    const lookups = slack.callsTo('conversations.history').length + slack.callsTo('conversations.replies').length;
    console.info(`crash-restart (Slack): 3 SIGKILLs; ${expected.length} posts expected, ${slack.messages.length} on Slack (${duplicates} duplicates), ${lookups} nonce lookups`);
    after.close();
  }, 120_000);
});
