import type { REST } from '@discordjs/rest';
import { Client, GatewayIntentBits } from 'discord.js';
import { GatewayDispatchEvents, Routes } from 'discord-api-types/v10';
import type { CommandRouter } from '../../../commands/types.js';
import type { Store } from '../../store/store.js';
import { errorMessage, ThreadlineError } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import { answerCommand, type InteractionResponder } from './answer-command.js';
import { discordApiBase } from './discord-rest.js';
import { toInvocation, type InteractionPayload } from './invocation.js';
import { createThreadMentionHandler, type MessageCreate } from './thread-mentions.js';

export interface GatewayOptions {
  token: string;
  apiUrl: string | null;
  rest: REST;
  store: Store;
  router: CommandRouter;
  log: Logger;
  deferAfterMs?: number;
}

/**
 * Gateway mode: discord.js keeps the WebSocket (identify, heartbeats, resume); Threadline
 * reads the raw INTERACTION_CREATE and MESSAGE_CREATE dispatches, the same JSON the HTTP
 * endpoint gets, so both modes share one code path and need no discord.js caches.
 * Intents: Guilds + GuildMessages (mentions carry their content without MessageContent).
 */
export class DiscordGateway {
  private readonly client: Client;
  private readonly log: Logger;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(private readonly options: GatewayOptions) {
    this.log = options.log.child({ component: 'discord-gateway' });
    this.client = new Client({
      intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
      rest: { api: discordApiBase({ discordApiUrl: options.apiUrl }) },
    });
    const onMention = createThreadMentionHandler({
      rest: options.rest,
      store: options.store,
      router: options.router,
      log: this.log,
      botUserId: () => this.client.user?.id ?? null,
    });
    this.client.ws.on(GatewayDispatchEvents.InteractionCreate, (data: InteractionPayload) => this.track(this.onInteraction(data)));
    this.client.ws.on(GatewayDispatchEvents.MessageCreate, (data: MessageCreate) => this.track(onMention(data)));
    this.client.on('error', (err) => this.log.error({ err }, 'discord client error'));
    this.client.on('shardDisconnect', (event, shardId) => this.log.warn({ code: event.code, shardId }, 'gateway disconnected'));
  }

  async start(): Promise<void> {
    try {
      await this.client.login(this.options.token);
    } catch (err) {
      // discord.js says "An invalid token was provided." for a 401; keep its words, add where.
      throw new ThreadlineError(`discord gateway: could not connect: ${errorMessage(err)}`, { component: 'discord-gateway' }, { cause: err });
    }
    this.log.info({ user: this.client.user?.id }, 'gateway connected');
  }

  async stop(): Promise<void> {
    await this.client.destroy();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  connected(): boolean {
    return this.client.isReady();
  }

  /** Resolves when every interaction and mention received so far is answered. */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private track(work: Promise<void>): void {
    const p = work
      .catch((err: unknown) => this.log.error({ err }, 'gateway event handler failed'))
      .finally(() => this.inFlight.delete(p));
    this.inFlight.add(p);
  }

  private async onInteraction(interaction: InteractionPayload): Promise<void> {
    const rest = this.options.rest;
    const app = interaction.application_id;
    const token = interaction.token;
    const responder: InteractionResponder = {
      respond: async (response) => {
        await rest.post(Routes.interactionCallback(interaction.id, token), { body: response, auth: false });
      },
      editOriginal: async (body) => {
        await rest.patch(Routes.webhookMessage(app, token, '@original'), { body, auth: false });
      },
      deleteOriginal: async () => {
        await rest.delete(Routes.webhookMessage(app, token, '@original'), { auth: false });
      },
      followUp: async (body) => {
        await rest.post(Routes.webhook(app, token), { body, auth: false });
      },
    };
    if (interaction.type === 4) {
      await responder.respond({ type: 8, data: { choices: [] } });
      return;
    }
    if (interaction.type !== 2 || !interaction.data) return;
    const invocation = toInvocation(
      interaction.data,
      { channelId: interaction.channel_id ?? interaction.channel?.id ?? '', userId: interaction.member?.user?.id ?? interaction.user?.id ?? '' },
      this.options.router.definitions(),
    );
    await answerCommand(this.options.router, invocation, responder, { deferAfterMs: this.options.deferAfterMs ?? 1500, log: this.log });
  }
}
