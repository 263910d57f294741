import { buildSlackManifest } from '../adapters/slack/manifest.js';
import { registerDiscordCommands } from '../adapters/discord/register-commands.js';
import { openStore } from '../store/sqlite-store.js';
import { systemClock } from '../util/clock.js';
import { UsageError } from '../util/errors.js';
import { createCommandRouter } from '../../commands/router.js';
import type { CliContext } from './context.js';

function definitions(ctx: CliContext) {
  const store = openStore(':memory:');
  try {
    return createCommandRouter({ config: ctx.config, store, clock: systemClock }).definitions();
  } finally {
    store.close();
  }
}

export function printSlackManifest(ctx: CliContext, url: string): string {
  return buildSlackManifest(ctx.config, definitions(ctx), url.replace(/\/+$/, ''));
}

export async function registerDiscord(ctx: CliContext, guildId: string | undefined): Promise<number> {
  if (!ctx.env.discordToken || !ctx.env.discordApplicationId) {
    throw new UsageError('DISCORD_TOKEN and DISCORD_APPLICATION_ID must be set to register commands');
  }
  const result = await registerDiscordCommands({ env: ctx.env, definitions: definitions(ctx), guildId });
  ctx.out(`Registered ${Array.isArray(result) ? result.length : 'all'} command(s) ${guildId ? `in guild ${guildId}` : 'globally'}.`);
  return 0;
}
