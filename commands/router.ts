import type { ThreadlineConfig } from '../src/config/schema.js';
import type { Store } from '../src/store/store.js';
import type { Clock } from '../src/util/clock.js';
import type { Logger } from '../src/util/logger.js';
import { commandModules } from './index.js';
import { ephemeral } from './reply.js';
import { answerThreadMention } from './thread-reply.js';
import type { CommandContext, CommandDefinition, CommandModule, CommandRouter, CommandServices, Invocation, Reply } from './types.js';

/** Longest argument and argument list we read; longer input is refused, not processed. */
export const MAX_ARG_LENGTH = 500;
export const MAX_ARGS = 8;

export interface RouterDeps {
  config: ThreadlineConfig;
  store: Store;
  clock: Clock;
  log?: Logger;
  services?: CommandServices;
}

export function createCommandRouter(deps: RouterDeps): CommandRouter {
  const { config, store, clock } = deps;
  const byName = new Map<string, { module: CommandModule; definition: CommandDefinition }>();
  for (const module of commandModules) {
    for (const definition of module.definitions(config)) byName.set(definition.name, { module, definition });
  }

  const context = (platform: string, channelId: string): CommandContext => ({
    config,
    store,
    clock,
    timeZone: config.channels.find((c) => c.platform === platform && c.id === channelId)?.timeZone ?? config.timeZone,
    services: deps.services ?? {},
  });

  const fail = (err: unknown, what: string): Reply => {
    deps.log?.error({ err, component: 'commands', what }, 'command failed');
    return ephemeral('Sorry, something went wrong while answering. The error was logged.');
  };

  return {
    definitions: () => [...byName.values()].map((e) => e.definition),

    async run(inv: Invocation): Promise<Reply> {
      const entry = byName.get(inv.command);
      if (!entry) return ephemeral(`Unknown command /${inv.command.slice(0, 32)}. Try /threadline help.`);
      if (inv.args.length > MAX_ARGS || inv.args.some((a) => a.length > MAX_ARG_LENGTH)) {
        return ephemeral(`That is longer than I accept (at most ${MAX_ARGS} arguments of ${MAX_ARG_LENGTH} characters). Try /${inv.command} help.`);
      }
      try {
        return await entry.module.execute(context(inv.platform, inv.channelId), inv);
      } catch (err) {
        return fail(err, `/${inv.command} ${inv.subcommand ?? ''}`);
      }
    },

    async threadReply(q) {
      try {
        return answerThreadMention(context(q.platform, q.channelId), q.storylineId, q.text.slice(0, MAX_ARG_LENGTH));
      } catch (err) {
        return fail(err, 'thread reply');
      }
    },
  };
}
