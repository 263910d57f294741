import { ThreadlineApp, type Adapter } from '../app/app.js';
import { formatDryRun } from '../app/dry-run-printer.js';
import { DEFAULT_DATABASE_URL } from '../config/env.js';
import { createSlackAdapter } from '../adapters/slack/slack-app.js';
import { createDiscordAdapter } from '../adapters/discord/discord-app.js';
import { openStore } from '../store/sqlite-store.js';
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
          if (hasDiscord) list.push(createDiscordAdapter(deps));
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
      return 0;
    } finally {
      await app.stop();
      store.close();
    }
  }

  const port = await app.start(env.port);
  log.info({ component: 'app', port, dryRun, feeds: config.feeds.length }, 'threadline running');
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
