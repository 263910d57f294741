import { WebClient } from '@slack/web-api';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, resolveConfigPath } from '../src/config/load-config.js';
import { SlackSender } from '../src/adapters/slack/slack-sender.js';
import type { Article } from '../src/core/types.js';
import { DeliveryWorker, type DeliveryWorkerDeps } from '../src/delivery/worker.js';
import type { NewDelivery } from '../src/store/store.js';
import { openStore } from '../src/store/sqlite-store.js';
import { systemClock } from '../src/util/clock.js';
import { silentLogger } from '../src/util/logger.js';
import { postFor } from '../test/delivery/helpers.js';
import { makeArticle, makeStoryline } from '../test/helpers/articles.js';
import { runIfMain, type BenchOptions } from './lib/child.js';
import type { Row } from './lib/result.js';
import { startSlackProcess } from './lib/slack-process.js';

/**
 * Delivery: posts over many Slack channels through the real DeliveryWorker (outbox in a
 * SQLite file), the real SlackSender and a real @slack/web-api WebClient built as the app
 * builds it, pointed at the fake Slack Web API, which allows 1 chat.postMessage per channel
 * per second and answers anything faster with 429 + Retry-After. Real time throughout.
 *
 * Theoretical maximum: every channel posting once a second from the first instant, i.e.
 * `channels` messages/s; a channel's n messages need n one-second slots. The achieved rate
 * counts the same way: posts / (time to the last accepted post + its one-second slot).
 */

const BENCH = 'Delivery';
const STORIES_PER_CHANNEL = 2;
const FOLLOW_UPS_PER_STORY = 4;

interface Setup {
  channels: number;
  storylines: number;
}

/** Storylines of a story and its follow-ups; each channel follows STORIES_PER_CHANNEL of them. */
function outbox(setup: Setup): { articles: Article[]; deliveries: NewDelivery[] } {
  const articles: Article[] = [];
  const start = Date.parse('2025-07-15T08:00:00Z');
  let minute = 0;
  for (let s = 0; s < setup.storylines; s++) {
    const storylineId = `s-bench-${s}`;
    const list: Article[] = [];
    for (let k = 0; k <= FOLLOW_UPS_PER_STORY; k++) {
      const id = `a-bench-${s}-${k}`;
      const published = new Date(start + (minute++ + k * 60) * 60_000).toISOString();
      list.push(makeArticle({ id, storylineId, title: k === 0 ? `Bench story ${s}` : `Bench story ${s}, follow-up ${k}`, published, firstSeen: published }));
    }
    articles.push(...list);
  }
  // Channel c follows storylines c and c + channels (mod storylines): every storyline is in several channels.
  const deliveries: NewDelivery[] = [];
  const ordered = [...articles].sort((a, b) => a.published.localeCompare(b.published));
  const followers = new Map<string, string[]>();
  for (let c = 0; c < setup.channels; c++) {
    const channelId = `CBENCH${String(c).padStart(3, '0')}`;
    for (let j = 0; j < STORIES_PER_CHANNEL; j++) {
      const s = (c + j * Math.ceil(setup.storylines / STORIES_PER_CHANNEL)) % setup.storylines;
      const key = `s-bench-${s}`;
      followers.set(key, [...(followers.get(key) ?? []), channelId]);
    }
  }
  // In publication order, as ingest enqueues them.
  for (const a of ordered) {
    const kind = a.id.endsWith('-0') ? 'story' : 'follow-up';
    for (const channelId of followers.get(a.storylineId) ?? []) {
      deliveries.push({ platform: 'slack', channelId, kind, articleId: a.id, storylineId: a.storylineId, post: postFor(a, kind) });
    }
  }
  return { articles, deliveries };
}

async function deliverAll(setup: Setup, workerOptions: Partial<DeliveryWorkerDeps>) {
  const fake = await startSlackProcess({ channelRateLimit: { limit: 1, windowMs: 1_000 } });
  const dir = mkdtempSync(join(tmpdir(), 'threadline-bench-delivery-'));
  const store = openStore(join(dir, 'threadline.db'));
  const log = silentLogger();
  try {
    const { articles, deliveries } = outbox(setup);
    store.transaction(() => {
      for (const a of articles) {
        store.insertArticle(a);
        if (a.id.endsWith('-0')) store.upsertStoryline(makeStoryline(a));
      }
    });
    // As createSlackAdapter builds the sender's client: 429s come back to the sender, no retries of its own.
    const client = new WebClient(fake.token, { slackApiUrl: fake.apiUrl, timeout: 15_000, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
    const sender = new SlackSender({ client, store, config: loadConfig(resolveConfigPath(undefined, {})), clock: systemClock, log });
    const worker = new DeliveryWorker({
      store,
      senders: new Map([['slack', sender]]),
      clock: systemClock,
      log,
      channelOptions: () => ({ forum: false, timeZone: 'UTC' }),
      ...workerOptions,
    });

    const settled = async (since: number): Promise<void> => {
      while (store.listDeliveries({ status: 'pending', limit: 1 }).length > 0) {
        if (Date.now() - since > 120_000) throw new Error('delivery: still pending after 120 s');
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    // The worker runs as in the app; a few warm-up posts to channels outside the measured
    // set first, so connections and JIT are warm, as in a process that has been up a while.
    worker.start();
    const first = articles[0]!;
    store.enqueueDeliveries(
      Array.from({ length: 5 }, (_, i) => ({ platform: 'slack' as const, channelId: `CWARMUP${i}`, kind: 'story' as const, articleId: first.id, storylineId: first.storylineId, post: postFor(first, 'story') })),
      new Date().toISOString(),
    );
    worker.notify();
    await settled(Date.now());
    const warmupCalls = (await fake.calls()).length;

    // Then the whole batch at once, as one ingest transaction would enqueue it.
    const startedAt = Date.now();
    store.enqueueDeliveries(deliveries, new Date(startedAt).toISOString());
    worker.notify();
    const total = deliveries.length;
    await settled(startedAt);
    await worker.stop();

    const posts = (await fake.calls()).slice(warmupCalls).filter((c) => c.method === 'chat.postMessage');
    const accepted = posts.filter((c) => c.status === 200 && c.ok);
    const limited = posts.filter((c) => c.status === 429);
    const lateLimited = limited.filter((c) => c.at - startedAt > 1_000);
    const perChannel = new Map<string, number[]>();
    for (const c of accepted) perChannel.set(String(c.channel), [...(perChannel.get(String(c.channel)) ?? []), c.at]);
    const firsts = [...perChannel.values()].map((t) => t[0]! - startedAt);
    let gapSum = 0;
    let gaps = 0;
    let minGap = Infinity;
    for (const times of perChannel.values()) {
      for (let i = 1; i < times.length; i++) {
        minGap = Math.min(minGap, times[i]! - times[i - 1]!);
        gapSum += times[i]! - times[i - 1]!;
        gaps++;
      }
    }
    const lastAcceptedMs = Math.max(...accepted.map((c) => c.at)) - startedAt;
    const perChannelMax = Math.max(...[...perChannel.values()].map((t) => t.length));
    const sent = store.listDeliveries({ status: 'sent', limit: 100_000 }).filter((d) => !d.channelId.startsWith('CWARMUP')).length;
    const threaded = accepted.filter((c) => c.threadTs).length;
    // Each accepted post takes a one-second slot of its channel; the ideal run fills them back to back.
    const idealMs = perChannelMax * 1_000;
    const achievedMs = lastAcceptedMs + 1_000;
    return {
      total,
      channels: setup.channels,
      accepted: accepted.length,
      sent,
      threaded,
      limited: limited.length,
      lateLimited: lateLimited.length,
      minGapMs: minGap,
      meanGapMs: gapSum / gaps,
      firstPostMs: { min: Math.min(...firsts), max: Math.max(...firsts) },
      lastAcceptedMs,
      idealMs,
      achievedRate: (accepted.length / achievedMs) * 1000,
      theoreticalRate: (accepted.length / idealMs) * 1000,
    };
  } finally {
    store.close();
    rmSync(dir, { recursive: true, force: true });
    fake.close();
  }
}

export async function run({ quick }: BenchOptions) {
  const setup: Setup = quick ? { channels: 20, storylines: 8 } : { channels: 50, storylines: 20 };
  const rows: Row[] = [];
  const notes: string[] = [];
  const r = await deliverAll(setup, {});
  const ratio = r.achievedRate / r.theoreticalRate;
  const label = `${r.total} posts over ${r.channels} channels`;
  rows.push({
    bench: BENCH,
    measure: `${label}, Slack 1 msg/s per channel: rate`,
    ours: { value: r.achievedRate, unit: 'msg/s', extra: `last post at ${(r.lastAcceptedMs / 1000).toFixed(1)} s, ${r.sent}/${r.total} sent` },
    baseline: { what: `theoretical max (${r.channels} ch x 1/s)`, value: r.theoreticalRate, unit: 'msg/s', extra: `${(r.idealMs / 1000).toFixed(0)} s` },
    ratio: { value: ratio, meaning: 'achieved/max' },
    target: { text: '>= 0.9', met: ratio >= 0.9 && r.sent === r.total },
  });
  rows.push({
    bench: BENCH,
    measure: `${label}: 429s received`,
    ours: { value: r.limited, unit: '429s', extra: `${r.lateLimited} after the first second; min gap per channel ${r.minGapMs.toFixed(0)} ms` },
    baseline: { what: 'chat.postMessage calls accepted', value: r.accepted, unit: 'calls' },
    ratio: { value: r.limited / r.accepted, meaning: '429s per accepted post' },
    target: { text: 'none after the first second', met: r.lateLimited === 0 },
  });
  notes.push(
    `${BENCH}: ${setup.storylines} storylines (a story and ${FOLLOW_UPS_PER_STORY} follow-ups each), every channel following ${STORIES_PER_CHANNEL}: ${r.total} deliveries, ${r.threaded} of them thread replies; DeliveryWorker with the app's defaults (pacing 1/s per Slack channel, 64 lanes), real @slack/web-api client; the fake runs in its own process and answers a second post within 1 s in a channel with 429 + Retry-After. The worker is running and warm (5 posts to other channels first); the clock starts when the batch is enqueued. First post after ${r.firstPostMs.min}-${r.firstPostMs.max} ms; mean gap between a channel's posts ${r.meanGapMs.toFixed(0)} ms, i.e. ${(1000 / r.meanGapMs).toFixed(3)} of the 1 msg/s a channel allows once running.`,
  );
  return { rows, notes, data: { setup, ...r } };
}

runIfMain(import.meta.url, 'delivery', run);
