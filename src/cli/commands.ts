import { explainArticle } from '../app/explain.js';
import { buildTimeline } from '../core/timeline.js';
import { evaluate, formatEvalReport } from '../core/eval.js';
import { loadGazetteer } from '../config/load-config.js';
import { formatDeliveryStatus } from '../delivery/status.js';
import { openStore } from '../store/sqlite-store.js';
import type { Store } from '../store/store.js';
import { parseDuration } from '../util/duration.js';
import { UsageError } from '../util/errors.js';
import type { CliContext } from './context.js';
import { readArticles } from './read-articles.js';
import { replayArticles } from './cmd-replay.js';
import { formatFeedTable } from './feed-table.js';
import { runBot } from './cmd-run.js';
import { printSlackManifest, registerDiscord } from './cmd-platform.js';

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;
type OptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string }>;

export interface CliCommand {
  options: OptionSpec;
  run(ctx: CliContext, positionals: string[], values: Values): Promise<number>;
}

const common: OptionSpec = { config: { type: 'string' }, help: { type: 'boolean', short: 'h' } };

/** Runs fn on the configured store and closes it whatever happens (a CLI command is one short use). */
function withStore<T>(ctx: CliContext, fn: (store: Store) => T): T {
  const store = openStore(ctx.env.databaseUrl);
  try {
    return fn(store);
  } finally {
    store.close();
  }
}

function needOne(positionals: string[], what: string): string {
  const [first] = positionals;
  if (!first) throw new UsageError(`missing ${what}`);
  return first;
}

export const runCommands: Record<string, CliCommand> = {
  run: {
    options: { ...common, once: { type: 'boolean' }, 'dry-run': { type: 'boolean' } },
    run: (ctx, _p, v) => runBot(ctx, { once: Boolean(v.once), dryRun: Boolean(v['dry-run']) }),
  },

  feeds: {
    options: common,
    async run(ctx) {
      withStore(ctx, (store) => {
        for (const f of ctx.config.feeds) store.upsertFeed({ url: f.url, name: f.name, kind: f.kind });
        ctx.out(formatFeedTable(store.listFeeds(), new Date()));
      });
      return 0;
    },
  },

  timeline: {
    options: { ...common, since: { type: 'string' }, tz: { type: 'string' } },
    async run(ctx, positionals, values) {
      const topicId = needOne(positionals, 'topic');
      const topic = ctx.config.topics.find((t) => t.id === topicId);
      if (!topic) throw new UsageError(`unknown topic "${topicId}" (known: ${ctx.config.topics.map((t) => t.id).join(', ')})`);
      const sinceArg = (values.since as string | undefined) ?? 'all';
      const ms = sinceArg === 'all' ? null : parseDuration(sinceArg);
      if (sinceArg !== 'all' && ms === null) throw new UsageError(`--since must be a duration like 7d or 30d, or "all"`);
      const now = new Date();
      const since = ms === null ? undefined : new Date(now.getTime() - ms).toISOString();
      const articles = withStore(ctx, (store) => store.listTopicArticles(topic.id, { since, limit: 5000 }));
      const entries = buildTimeline(articles, { timeZone: (values.tz as string | undefined) ?? ctx.config.timeZone, since, now, topic: topic.id });
      ctx.out(`${topic.title} timeline (${sinceArg === 'all' ? 'all time' : `last ${sinceArg}`}): ${entries.length} entries`);
      for (const e of entries) {
        ctx.out(`${e.dateLabel}  ${e.headline}  (${e.outlet}${e.moreCount ? ` +${e.moreCount} more` : ''})${e.angle ? ` [${e.angle}]` : ''}`);
        if (e.summary) ctx.out(`    ${e.summary}`);
        ctx.out(`    ${e.url}`);
      }
      return 0;
    },
  },

  replay: {
    options: common,
    async run(ctx, positionals) {
      if (positionals.length === 0) throw new UsageError('missing file(s)');
      const { lines, store } = replayArticles(ctx.config, await readArticles(positionals), ctx.log);
      store.close();
      for (const line of lines) ctx.out(JSON.stringify(line));
      return 0;
    },
  },

  eval: {
    options: common,
    async run(ctx, positionals) {
      const file = needOne(positionals, 'labeled JSONL file');
      const articles = await readArticles([file]);
      const missing = articles.filter((a) => !a.story).length;
      if (missing) throw new UsageError(`${missing} article(s) in ${file} have no "story" label`);
      const started = process.hrtime.bigint();
      const report = evaluate(articles as Parameters<typeof evaluate>[0], {
        topics: ctx.config.topics,
        entities: loadGazetteer(ctx.config),
        duplicateThreshold: ctx.config.story.duplicateThreshold,
        storylineThreshold: ctx.config.story.storylineThreshold,
        windowDays: ctx.config.story.windowDays,
      });
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      ctx.out(formatEvalReport(report));
      ctx.out(`speed: ${articles.length} articles in ${seconds.toFixed(3)} s (${Math.round(articles.length / Math.max(seconds, 1e-9))} articles/s)`);
      return 0;
    },
  },

  status: {
    options: common,
    async run(ctx) {
      withStore(ctx, (store) => {
        ctx.out(formatDeliveryStatus(store.deliveryStats()));
        const feeds = store.listFeeds();
        const failing = feeds.filter((f) => f.consecutiveFailures > 0);
        ctx.out(`\nFeeds: ${feeds.length} known, ${failing.length} failing, ${feeds.filter((f) => f.paused).length} paused. Articles stored: ${store.countArticles()}.`);
      });
      return 0;
    },
  },

  retry: {
    options: { ...common, failed: { type: 'boolean' } },
    async run(ctx, positionals, values) {
      return withStore(ctx, (store) => {
        const now = new Date().toISOString();
        if (values.failed) {
          ctx.out(`Re-queued ${store.requeueFailedDeliveries(now)} failed deliveries.`);
          return 0;
        }
        const id = Number(needOne(positionals, 'delivery id or --failed'));
        if (!Number.isInteger(id)) throw new UsageError('delivery id must be a number');
        if (!store.getDelivery(id)) {
          ctx.out(`No delivery ${id}.`);
          return 1;
        }
        ctx.out(store.requeueDelivery(id, now) ? `Re-queued delivery ${id}.` : `Delivery ${id} is already pending.`);
        return 0;
      });
    },
  },

  explain: {
    options: common,
    async run(ctx, positionals) {
      const key = needOne(positionals, 'URL or article id');
      ctx.out(withStore(ctx, (store) => explainArticle(store, key)));
      return 0;
    },
  },

  manifest: {
    options: { ...common, url: { type: 'string' } },
    async run(ctx, positionals, values) {
      if (needOne(positionals, 'platform (slack)') !== 'slack') throw new UsageError('only "manifest slack" exists');
      const url = values.url as string | undefined;
      if (!url || !/^https?:\/\//.test(url)) throw new UsageError('--url https://your.host is required');
      ctx.out(printSlackManifest(ctx, url));
      return 0;
    },
  },

  register: {
    options: { ...common, guild: { type: 'string' } },
    async run(ctx, positionals, values) {
      if (needOne(positionals, 'platform (discord)') !== 'discord') throw new UsageError('only "register discord" exists');
      return registerDiscord(ctx, values.guild as string | undefined);
    },
  },
};

