import type { App } from '@slack/bolt';
import type { CommandRouter, Invocation, Reply } from '../../../commands/types.js';
import type { Store } from '../../store/store.js';
import type { Logger } from '../../util/logger.js';
import { LINK_ACTION_ID } from './block-kit.js';
import { stripMentions, toInvocation } from './invocation.js';
import { renderReply, type SlackReply } from './render-reply.js';
import { Queue } from '../../util/queue.js';

export interface ListenerDeps {
  router: CommandRouter;
  store: Store;
  log: Logger;
  /**
   * How long a slash command may take to be answered in the acknowledgement itself;
   * a slower one is acknowledged empty and answered through response_url. Slack allows
   * 3 s for the acknowledgement. 0 always uses response_url. Default 2 s.
   */
  commandAckBudgetMs?: number;
}

export const DEFAULT_COMMAND_ACK_BUDGET_MS = 2_000;

const NOT_A_STORY_THREAD =
  "I answer questions inside a story's thread: mention me in the thread of one of my posts with `sources`, `timeline`, `summary` or `what's new`. For everything else, try `/threadline help`.";

/**
 * Bolt listeners: every slash command (one handler, the router knows them all and
 * answers unknown ones with help), mentions in storyline threads, and the ack for link
 * buttons (Slack sends block_actions even for URL buttons).
 */
export function registerListeners(app: App, deps: ListenerDeps): void {
  const { router, store, log } = deps;

  // Slack allows 3 s for the acknowledgement: a quick answer rides in it (no second
  // request, nothing lost if response_url is unreachable); a slower one is acknowledged
  // empty first and answered through response_url, which stays valid for 30 min.
  const budgetMs = deps.commandAckBudgetMs ?? DEFAULT_COMMAND_ACK_BUDGET_MS;
  app.command(/^\/.+/, async ({ command, ack, respond }) => {
    const invocation = toInvocation(command);
    const started = Date.now();
    const answer = answerCommand(router, invocation, log);
    const quick = budgetMs > 0 ? await within(answer, budgetMs) : null;
    if (quick) {
      await ack(quick);
      log.debug({ command: invocation.command, subcommand: invocation.subcommand, ms: Date.now() - started }, 'slash command answered in the ack');
      return;
    }
    await ack();
    const reply = await answer;
    try {
      await respond({ ...reply, replace_original: false });
      log.debug({ command: invocation.command, subcommand: invocation.subcommand, ms: Date.now() - started }, 'slash command answered through response_url');
    } catch (err) {
      log.error({ err, command: invocation.command }, 'could not answer through response_url');
    }
  });

  const seenEvents = new RecentIds(1000);
  app.event('app_mention', async ({ event, body, client }) => {
    // Slack re-delivers an event it thinks was not acknowledged; answer it once.
    if (typeof body.event_id === 'string' && seenEvents.seen(body.event_id)) return;
    const channel = event.channel;
    const user = event.user ?? '';
    const threadTs = event.thread_ts;
    try {
      const ref = threadTs ? store.findThreadRefByMessage('slack', channel, threadTs) : undefined;
      if (!threadTs || !ref || ref.channelId !== channel) {
        await client.chat.postEphemeral({ channel, user, text: NOT_A_STORY_THREAD, ...(threadTs ? { thread_ts: threadTs } : {}) });
        return;
      }
      const reply = await router.threadReply({ platform: 'slack', channelId: channel, storylineId: ref.storylineId, userId: user, text: stripMentions(event.text) });
      const { text, blocks } = renderReply(reply);
      if (reply.visibility === 'ephemeral') await client.chat.postEphemeral({ channel, user, thread_ts: threadTs, text, blocks });
      else await client.chat.postMessage({ channel, thread_ts: threadTs, text, blocks, unfurl_links: false, unfurl_media: false });
    } catch (err) {
      log.error({ err, channel, thread: threadTs }, 'could not answer a mention');
    }
  });

  app.action(LINK_ACTION_ID, async ({ ack }) => {
    await ack();
  });

  app.error(async (err) => {
    log.error({ err }, 'slack listener failed');
  });
}

/** The router's reply as Block Kit; never rejects (a failure becomes an apology). */
async function answerCommand(router: CommandRouter, invocation: Invocation, log: Logger): Promise<SlackReply> {
  let reply: Reply;
  try {
    reply = await router.run(invocation);
  } catch (err) {
    log.error({ err, command: invocation.command }, 'command router failed');
    reply = { visibility: 'ephemeral', text: 'Sorry, something went wrong while answering. The error was logged.', blocks: [] };
  }
  return renderReply(reply);
}

/** The value if the promise settles within `ms`, else null (the promise keeps running). */
async function within<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), ms)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** A bounded set of recently seen ids (oldest forgotten first). */
class RecentIds {
  private readonly ids = new Set<string>();
  /** Ids in the order first seen: the Set's own oldest (`values().next()`) slows as deletions pile up. */
  private readonly order = new Queue<string>();
  constructor(private readonly max: number) {}
  seen(id: string): boolean {
    if (this.ids.has(id)) return true;
    this.ids.add(id);
    this.order.push(id);
    if (this.ids.size > this.max) this.ids.delete(this.order.shift()!);
    return false;
  }
}
