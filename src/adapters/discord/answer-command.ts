import type { CommandRouter, Invocation, Reply } from '../../../commands/types.js';
import type { Logger } from '../../util/logger.js';
import { EPHEMERAL, type MessageBody } from './embed-limits.js';
import { renderReply } from './render-reply.js';

/** Interaction response types Threadline uses. */
export const ResponseType = { Pong: 1, ChannelMessage: 4, Deferred: 5, AutocompleteResult: 8 } as const;

export interface InitialResponse {
  type: number;
  data?: MessageBody | { flags: number } | { choices: never[] };
}

/** How one interaction is answered: over HTTP (response body + webhook REST) or discord.js. */
export interface InteractionResponder {
  /** The one initial response; must happen within Discord's 3 s. */
  respond(response: InitialResponse): Promise<void>;
  editOriginal(body: MessageBody): Promise<void>;
  deleteOriginal(): Promise<void>;
  followUp(body: MessageBody): Promise<void>;
}

export interface AnswerOptions {
  /** Answer directly when the router is this fast; otherwise defer and edit later. */
  deferAfterMs: number;
  log: Logger;
}

/**
 * Runs the command and answers it within Discord's 3 s: a fast reply goes out as the
 * initial response (type 4, ephemeral flag as the Reply says); a slow one is deferred
 * (type 5) and the original is edited when it is ready. A deferral fixes visibility, so
 * an ephemeral reply after a public deferral replaces it with an ephemeral follow-up.
 */
export async function answerCommand(router: CommandRouter, invocation: Invocation, responder: InteractionResponder, options: AnswerOptions): Promise<void> {
  const pending = router.run(invocation).catch((err: unknown): Reply => {
    options.log.error({ err, command: invocation.command }, 'command failed');
    return { visibility: 'ephemeral', text: 'Sorry, that command failed. Try again in a moment.', blocks: [] };
  });
  const early = await within(pending, options.deferAfterMs);
  if (early) {
    await responder.respond({ type: ResponseType.ChannelMessage, data: renderReply(early) });
    return;
  }
  // Without a subcommand the answer is help, which is ephemeral.
  const deferredEphemeral = invocation.subcommand === null;
  await responder.respond({ type: ResponseType.Deferred, ...(deferredEphemeral ? { data: { flags: EPHEMERAL } } : {}) });
  const reply = await pending;
  const { flags: _flags, ...body } = renderReply(reply);
  const wantsEphemeral = reply.visibility === 'ephemeral';
  if (wantsEphemeral && !deferredEphemeral) {
    await responder.deleteOriginal();
    await responder.followUp({ ...body, flags: EPHEMERAL });
    return;
  }
  await responder.editOriginal(body);
}

function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  if (ms <= 0) return Promise.resolve(null);
  return new Promise<T | null>((resolve) => {
    const timer = setTimeout(() => resolve(null), ms);
    void promise.then((value) => {
      clearTimeout(timer);
      resolve(value);
    });
  });
}
