import { join } from 'node:path';
import { ThreadlineApp } from '../app/app.js';
import { formatDryRun } from '../app/dry-run-printer.js';
import { loadEnv } from '../config/env.js';
import { loadConfig, projectRoot } from '../config/load-config.js';
import type { ThreadlineConfig } from '../config/schema.js';
import type { IngestOutcome } from '../pipeline/ingest.js';
import { openStore } from '../store/sqlite-store.js';
import { systemClock, type Clock } from '../util/clock.js';
import { createLogger, type Logger } from '../util/logger.js';
import { serveSampleFeeds, type SampleFeed } from './serve-feeds.js';

export interface DemoOptions {
  /** Where the output lines go (stdout for `npm run demo`). */
  out: (line: string) => void;
  /** Sample feeds; default src/demo/feeds in the project (tsc does not copy them to dist/). */
  feedsDir?: string;
  /** Base config (topics, gazetteer); default config/threadline.yaml. Its feeds and channels are replaced. */
  configPath?: string;
  clock?: Clock;
  log?: Logger;
}

export interface DemoResult {
  feeds: SampleFeed[];
  /** Every outcome of the one poll cycle, in ingest (publication) order. */
  outcomes: IngestOutcome[];
  /** The plain-text reply to `/meta-ai timeline all`. */
  timeline: string;
}

export const DEMO_CHANNELS: ThreadlineConfig['channels'] = [
  { platform: 'slack', id: 'C0DEMOMETA', topics: ['meta-ai'], forum: false },
  { platform: 'discord', id: '100000000000000001', topics: ['*'], forum: false },
];

export function defaultFeedsDir(): string {
  return join(projectRoot(), 'src/demo/feeds');
}

/**
 * `npm run demo`: the whole pipeline, offline. Serves the bundled sample feeds on
 * 127.0.0.1, polls them once in dry-run (nothing is sent anywhere, the store is in memory),
 * prints the threaded posts, then answers `/meta-ai timeline all` the way a channel would see it.
 */
export async function runDemo(opts: DemoOptions): Promise<DemoResult> {
  const { out } = opts;
  const clock = opts.clock ?? systemClock;
  const log = opts.log ?? createLogger(process.env.LOG_LEVEL ?? 'warn');
  const started = Date.now();
  const served = await serveSampleFeeds(opts.feedsDir ?? defaultFeedsDir());
  const store = openStore(':memory:');
  let app: ThreadlineApp | null = null;
  try {
    const defaults = loadConfig(opts.configPath ?? join(projectRoot(), 'config/threadline.yaml'));
    const config: ThreadlineConfig = {
      ...defaults,
      // The sample outlets live on 127.0.0.1, which the SSRF guard refuses for real feeds.
      allowPrivateFeeds: true,
      // The demo shows every sample item; a real first poll posts only the newest `backfill` per feed.
      poll: { ...defaults.poll, backfill: 100, concurrency: 4 },
      feeds: served.feeds.map((f) => ({ url: f.url, name: f.title, kind: 'rss' as const })),
      channels: DEMO_CHANNELS,
    };
    const outcomes: IngestOutcome[] = [];
    app = new ThreadlineApp({ config, env: loadEnv({ DATABASE_URL: ':memory:' }), store, clock, log, onIngested: (o) => outcomes.push(...o) });

    out(`Threadline demo: ${served.feeds.length} sample feeds served on ${served.base} (offline), dry-run: nothing is sent.`);
    for (const f of served.feeds) out(`  ${f.title}  (${f.file})`);
    out('');
    await app.runOnce();
    out(formatDryRun(outcomes, store, config));

    const stored = outcomes.filter((o) => o.status === 'stored');
    const count = (kind: string) => stored.filter((o) => o.analysis?.placement.kind === kind).length;
    out(`\n${plural(stored.length, 'article')}: ${plural(count('story'), 'story', 'stories')}, ${plural(count('follow-up'), 'follow-up')}, ${plural(count('duplicate'), 'copy', 'copies')} folded in.`);
    const failed = outcomes.filter((o) => o.status === 'failed');
    if (failed.length) out(`${plural(failed.length, 'item')} could not be stored (see the log).`);

    out('\n$ /meta-ai timeline all   (what Slack or Discord would show)\n');
    const reply = await app.router.run({ platform: 'slack', command: 'meta-ai', subcommand: 'timeline', args: ['all'], channelId: DEMO_CHANNELS[0]!.id, userId: 'U0DEMO' });
    out(reply.text);
    out(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s. Run \`npm start\` to poll the real feeds in config/threadline.yaml.`);
    return { feeds: served.feeds, outcomes, timeline: reply.text };
  } finally {
    await app?.stop();
    store.close();
    await served.close();
  }
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
