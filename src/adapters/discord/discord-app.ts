import type { REST } from '@discordjs/rest';
import type { CommandRouter } from '../../../commands/types.js';
import type { Env } from '../../config/env.js';
import type { ThreadlineConfig } from '../../config/schema.js';
import type { HttpServer } from '../../server/http-server.js';
import type { Store } from '../../store/store.js';
import type { Clock } from '../../util/clock.js';
import type { Logger } from '../../util/logger.js';
import { createDiscordRest } from './discord-rest.js';
import { DiscordSender } from './discord-sender.js';
import { DiscordGateway } from './gateway.js';
import { createInteractionsEndpoint, INTERACTIONS_PATH, type InteractionsEndpoint } from './interactions.js';

export interface DiscordAdapterDeps {
  env: Env;
  config: ThreadlineConfig;
  store: Store;
  clock: Clock;
  log: Logger;
  server?: HttpServer;
  router: CommandRouter;
  /** Gateway mode needs DISCORD_TOKEN; false keeps to HTTP interactions + REST. Default true. */
  gateway?: boolean;
  /** Answer commands directly when faster than this, else defer (default 1500 ms). */
  deferAfterMs?: number;
  rest?: REST;
  /** Accepted for symmetry with the other adapters; Discord has no adapter-specific metrics yet. */
  metrics?: unknown;
}

export interface DiscordAdapter {
  sender: DiscordSender;
  rest: REST;
  start(): Promise<void>;
  stop(): Promise<void>;
  connected(): boolean;
  /** Posting needs the bot token; without it only interactions are answered. */
  sends: boolean;
  /** Resolves when deferred command replies and thread answers in progress are done. */
  idle(): Promise<void>;
}

/**
 * Discord for the app: the REST sender for the outbox, the HTTP interactions endpoint
 * (when DISCORD_PUBLIC_KEY is set) and, with DISCORD_TOKEN, a gateway connection for
 * commands and mentions in storyline threads.
 */
export function createDiscordAdapter(deps: DiscordAdapterDeps): DiscordAdapter {
  const { env, log } = deps;
  const rest = deps.rest ?? createDiscordRest(env);
  const sender = new DiscordSender({ rest, log });
  let endpoint: InteractionsEndpoint | null = null;
  if (env.discordPublicKey && deps.server) {
    endpoint = createInteractionsEndpoint({ publicKey: env.discordPublicKey, router: deps.router, rest, log, deferAfterMs: deps.deferAfterMs });
    deps.server.route('POST', INTERACTIONS_PATH, endpoint.handler);
  }
  if (!env.discordToken) {
    log.warn({ component: 'discord' }, 'DISCORD_TOKEN is not set: slash commands are answered over HTTP interactions, but stories are not posted (they wait in the outbox)');
  }
  const gateway =
    env.discordToken && deps.gateway !== false
      ? new DiscordGateway({ token: env.discordToken, apiUrl: env.discordApiUrl, rest, store: deps.store, router: deps.router, log, deferAfterMs: deps.deferAfterMs })
      : null;

  return {
    sender,
    rest,
    start: async () => {
      await gateway?.start();
    },
    stop: async () => {
      await gateway?.stop();
      await endpoint?.idle();
    },
    connected: () => (gateway ? gateway.connected() : true),
    sends: Boolean(env.discordToken),
    idle: async () => {
      await Promise.all([gateway?.idle(), endpoint?.idle()]);
    },
  };
}
