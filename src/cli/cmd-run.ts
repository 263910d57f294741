import { ThreadlineApp, type Adapter } from '../app/app.js';
import { formatDryRun } from '../app/dry-run-printer.js';
import { DEFAULT_DATABASE_URL } from '../config/env.js';
import type { ThreadlineConfig } from '../config/schema.js';
import { effectiveSubscriptions } from '../config/subscriptions.js';
import { createSlackAdapter } from '../adapters/slack/slack-app.js';
import { createDiscordAdapter } from '../adapters/discord/discord-app.js';
import { openStore } from '../store/sqlite-store.js';
import type { FeedRecord, Store } from '../store/store.js';
import { systemClock } from '../util/clock.js';
import type { CliContext } from './context.js';

/**
 * `threadline run`: the bot. With no Slack/Discord token (or --dry-run) it still does its
 * main job, polling and placing stories, and prints the posts it would make instead.
 */
export async function runBot(ctx: CliContext, opts: { once: boolean; dryRun: boolean }): Promise<number> {
  const { env, config, log } = ctx;
  const hasSlack = Boolean(env.slackBotToken && (env.slackSigningSecret || env.slackAppToken));
  const hasDiscord = Boolean(env.discordToken || (env.discordPublicKey && env.discordApplicationId));
  const dryRun = opts.dryRun || (!hasSlack && !hasDiscord);
  if (dryRun && !opts.dryRun) {
    ctx.out('No Slack or Discord credentials found: running in dry-run, printing the posts Threadline would make.');
  }
  // A dry run must not mark items as seen in the real database, or a later real run would skip them.
  const databaseUrl = dryRun && env.databaseUrl === DEFAULT_DATABASE_URL ? ':memory:' : env.databaseUrl;
  const store = openStore(databaseUrl);
  const clock = systemClock;
  if (dryRun) printDryRunPlan(ctx, store, databaseUrl);
  const app = new ThreadlineApp({
    config,
    env,
    store,
    clock,
    log,
    adapters: dryRun
      ? undefined
      : ({ router, server, metrics }) => {
          const list: Adapter[] = [];
          const deps = { env, config, store, clock, log, server, router, metrics };
          if (hasSlack) list.push(createSlackAdapter(deps));
          // `run --once` only delivers: no gateway session just to close it again.
          if (hasDiscord) list.push(createDiscordAdapter({ ...deps, gateway: !opts.once }));
          return list;
        },
    onIngested: dryRun
      ? (outcomes) => {
          const text = formatDryRun(outcomes, store, config);
          if (text) ctx.out(text + '\n');
        }
      : undefined,
  });

  if (opts.once) {
    try {
      await app.runOnce();
      if (dryRun) printFeedHealth(ctx, store.listFeeds());
      return 0;
    } finally {
      await app.stop();
      store.close();
    }
  }

  try {
    // In dry-run the first round is polled up front, so its posts print in date order and
    // the reader learns at once which feeds answered; the schedule takes over afterwards.
    if (dryRun) {
      await app.runOnce();
      printFeedHealth(ctx, store.listFeeds());
    }
    const port = await app.start(env.port);
    log.info({ component: 'app', port, dryRun, feeds: config.feeds.length }, 'threadline running');
    if (dryRun) ctx.out(`Still running: each feed is polled every ${minutes(config.poll.interval)} (failing ones back off); new posts print here. Ctrl-C to stop.`);
  } catch (err) {
    await app.stop();
    store.close();
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      ctx.out(`Port ${env.port} is already in use (Threadline serves /healthz and the platform endpoints there): set PORT to a free port.`);
      return 1;
    }
    throw err;
  }
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  log.info({ component: 'app' }, 'shutting down');
  await app.stop();
  store.close();
  return 0;
}

/** What a dry run will do: which feeds, and where posts would go if tokens were set. */
function printDryRunPlan(ctx: CliContext, store: Store, databaseUrl: string): void {
  const { config } = ctx;
  const subs = effectiveSubscriptions(config, store.listSubscriptions());
  const byChannel = new Map<string, string[]>();
  for (const s of subs) {
    const key = `${s.platform}:${s.channelId}`;
    byChannel.set(key, [...(byChannel.get(key) ?? []), s.topic === '*' ? 'all topics' : s.topic]);
  }
  ctx.out(`Dry-run: polling ${config.feeds.length} feed(s) from ${ctx.configPath}; nothing is sent to Slack or Discord.`);
  if (byChannel.size === 0) {
    ctx.out('No channels configured (`channels:` in the config): every story is printed, none would be posted yet.');
  } else {
    ctx.out('With tokens set, posts would go to:');
    for (const [channel, topics] of byChannel) ctx.out(`  ${channel}  (${topics.join(', ')})`);
  }
  if (databaseUrl === ':memory:') ctx.out('The database is in memory for this dry run, so a later real run posts everything afresh.');
  ctx.out('');
}

/** One line per feed that failed in the round just polled, with the reason (the log has the details). */
function printFeedHealth(ctx: CliContext, feeds: FeedRecord[]): void {
  const failing = feeds.filter((f) => f.consecutiveFailures > 0 && f.lastError);
  const ok = feeds.length - failing.length;
  ctx.out(`Polled ${feeds.length} feed(s): ${ok} answered, ${failing.length} failed.`);
  for (const f of failing) ctx.out(`  ✗ ${f.name}: ${f.lastError!.replace(`${f.url}: `, '')}${f.nextPollAt ? ` (next try ${f.nextPollAt})` : ''}`);
  if (feeds.length > 0 && ok === 0) {
    ctx.out('No feed answered: is this machine offline? `npm run demo` shows Threadline at work on bundled sample feeds, no network needed.');
  }
  ctx.out('');
}

function minutes(ms: ThreadlineConfig['poll']['interval']): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} min` : `${Math.round(ms / 1000)} s`;
}
