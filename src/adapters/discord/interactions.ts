import type { IncomingMessage, ServerResponse } from 'node:http';
import type { REST } from '@discordjs/rest';
import { Routes } from 'discord-api-types/v10';
import type { CommandRouter } from '../../../commands/types.js';
import { readBody, type RouteHandler } from '../../server/http-server.js';
import type { Logger } from '../../util/logger.js';
import { answerCommand, ResponseType, type InitialResponse, type InteractionResponder } from './answer-command.js';
import { toInvocation, type InteractionPayload } from './invocation.js';
import { createSignatureVerifier } from './verify-signature.js';

export const INTERACTIONS_PATH = '/discord/interactions';

const InteractionType = { Ping: 1, ApplicationCommand: 2, Autocomplete: 4 } as const;

export interface InteractionsEndpointOptions {
  publicKey: string;
  router: CommandRouter;
  rest: REST;
  log: Logger;
  /** See AnswerOptions.deferAfterMs; 1.5 s leaves room for the network inside Discord's 3 s. */
  deferAfterMs?: number;
}

export interface InteractionsEndpoint {
  handler: RouteHandler;
  /** Resolves when every deferred reply has been delivered (for stop() and tests). */
  idle(): Promise<void>;
}

/**
 * `POST /discord/interactions`: Discord's HTTP interactions. Nothing reaches a handler
 * before the Ed25519 signature checks out; Discord itself sends bad signatures to make
 * sure the endpoint answers them with 401.
 */
export function createInteractionsEndpoint(options: InteractionsEndpointOptions): InteractionsEndpoint {
  const verify = createSignatureVerifier(options.publicKey);
  const log = options.log.child({ component: 'discord-interactions' });
  const deferAfterMs = options.deferAfterMs ?? 1500;
  const inFlight = new Set<Promise<void>>();

  const handler = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    let raw: Buffer;
    try {
      raw = await readBody(req, 256 * 1024);
    } catch {
      res.writeHead(413, { 'content-type': 'text/plain' }).end('request body too large\n');
      return;
    }
    const signature = header(req, 'x-signature-ed25519');
    const timestamp = header(req, 'x-signature-timestamp');
    if (!verify(timestamp, raw, signature)) {
      log.warn({ hasSignature: Boolean(signature) }, 'rejected interaction with a bad signature');
      res.writeHead(401, { 'content-type': 'text/plain' }).end('invalid request signature\n');
      return;
    }
    let interaction: InteractionPayload;
    try {
      interaction = JSON.parse(raw.toString('utf8')) as InteractionPayload;
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('invalid JSON\n');
      return;
    }
    const send = (response: InitialResponse): void => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(response));
    };

    if (interaction.type === InteractionType.Ping) return send({ type: ResponseType.Pong });
    if (interaction.type === InteractionType.Autocomplete) return send({ type: ResponseType.AutocompleteResult, data: { choices: [] } });
    if (interaction.type !== InteractionType.ApplicationCommand || !interaction.data) {
      return send({ type: ResponseType.ChannelMessage, data: { content: 'Threadline does not handle this kind of interaction.', flags: 64, allowed_mentions: { parse: [] } } });
    }

    const invocation = toInvocation(
      interaction.data,
      { channelId: interaction.channel_id ?? interaction.channel?.id ?? '', userId: interaction.member?.user?.id ?? interaction.user?.id ?? '' },
      options.router.definitions(),
    );
    let answered!: () => void;
    const initialSent = new Promise<void>((resolve) => (answered = resolve));
    const responder = webhookResponder(options.rest, interaction, (response) => {
      send(response);
      answered();
    });
    const work = answerCommand(options.router, invocation, responder, { deferAfterMs, log })
      .catch((err: unknown) => {
        log.error({ err, command: invocation.command }, 'could not deliver the command reply');
        if (!res.headersSent) send({ type: ResponseType.ChannelMessage, data: { content: 'Sorry, that command failed.', flags: 64, allowed_mentions: { parse: [] } } });
      })
      .finally(() => {
        answered();
        inFlight.delete(work);
      });
    inFlight.add(work);
    // The HTTP request ends with the initial response; deferred work carries on.
    await initialSent;
  };

  return {
    handler,
    idle: async () => {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/** Deferred replies go through the interaction webhook (no bot token: the token in the URL is the credential). */
function webhookResponder(rest: REST, interaction: InteractionPayload, initial: (response: InitialResponse) => void): InteractionResponder {
  const app = interaction.application_id;
  const token = interaction.token;
  return {
    respond: async (response) => initial(response),
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
}

function header(req: IncomingMessage, name: string): string {
  const v = req.headers[name];
  return Array.isArray(v) ? (v[0] ?? '') : (v ?? '');
}
