import type { App } from '@slack/bolt';
import type { CommandRouter, Reply } from '../../../commands/types.js';
import type { Store } from '../../store/store.js';
import type { Logger } from '../../util/logger.js';
import { LINK_ACTION_ID } from './block-kit.js';
import { stripMentions, toInvocation } from './invocation.js';
import { renderReply } from './render-reply.js';

export interface ListenerDeps {
  router: CommandRouter;
  store: Store;
  log: Logger;
}

const NOT_A_STORY_THREAD =
  "I answer questions inside a story's thread: mention me in the thread of one of my posts with `sources`, `timeline`, `summary` or `what's new`. For everything else, try `/threadline help`.";

/**
 * Bolt listeners: every slash command (one handler, the router knows them all and
 * answers unknown ones with help), mentions in storyline threads, and the ack for link
 * buttons (Slack sends block_actions even for URL buttons).
 */
export function registerListeners(app: App, deps: ListenerDeps): void {
  const { router, store, log } = deps;

  // Ack first (Slack allows 3 s), then answer through response_url, which allows 30 min.
  app.command(/^\/.+/, async ({ command, ack, respond }) => {
    await ack();
    const invocation = toInvocation(command);
    const started = Date.now();
    let reply: Reply;
    try {
      reply = await router.run(invocation);
    } catch (err) {
      log.error({ err, command: invocation.command }, 'command router failed');
      reply = { visibility: 'ephemeral', text: 'Sorry, something went wrong while answering. The error was logged.', blocks: [] };
    }
    try {
      await respond({ ...renderReply(reply), replace_original: false });
      log.debug({ command: invocation.command, subcommand: invocation.subcommand, ms: Date.now() - started }, 'slash command answered');
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

/** A bounded set of recently seen ids (oldest forgotten first). */
class RecentIds {
  private readonly ids = new Set<string>();
  constructor(private readonly max: number) {}
  seen(id: string): boolean {
    if (this.ids.has(id)) return true;
    this.ids.add(id);
    if (this.ids.size > this.max) this.ids.delete(this.ids.values().next().value!);
    return false;
  }
}
