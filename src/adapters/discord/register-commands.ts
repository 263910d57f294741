import type { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import type { CommandDefinition } from '../../../commands/types.js';
import type { Env } from '../../config/env.js';
import { UsageError } from '../../util/errors.js';
import { toDiscordCommands } from './command-data.js';
import { createDiscordRest } from './discord-rest.js';

export interface RegisterOptions {
  env: Pick<Env, 'discordToken' | 'discordApplicationId' | 'discordApiUrl'>;
  definitions: CommandDefinition[];
  /** One guild (changes show at once) instead of global commands. */
  guildId?: string;
  rest?: REST;
}

/**
 * Bulk overwrite: the PUT replaces every command of the app (or guild) with this list,
 * so commands removed from Threadline disappear from Discord too. Returns what Discord stored.
 */
export async function registerDiscordCommands(options: RegisterOptions): Promise<unknown[]> {
  const { env, guildId } = options;
  if (!env.discordApplicationId) throw new UsageError('DISCORD_APPLICATION_ID must be set to register commands');
  if (!options.rest && !env.discordToken) throw new UsageError('DISCORD_TOKEN must be set to register commands');
  if (guildId !== undefined && !/^\d{5,25}$/.test(guildId)) throw new UsageError(`--guild must be a Discord guild id (a number), got "${guildId}"`);
  const rest = options.rest ?? createDiscordRest(env);
  const body = toDiscordCommands(options.definitions);
  const route = guildId ? Routes.applicationGuildCommands(env.discordApplicationId, guildId) : Routes.applicationCommands(env.discordApplicationId);
  return (await rest.put(route, { body })) as unknown[];
}
