import type { REST } from '@discordjs/rest';
import { Routes, type APIChannel } from 'discord-api-types/v10';
import type { CommandRouter } from '../../../commands/types.js';
import type { Store } from '../../store/store.js';
import type { Logger } from '../../util/logger.js';
import { renderReply } from './render-reply.js';

/** The fields of a gateway MESSAGE_CREATE that a thread mention needs. */
export interface MessageCreate {
  id: string;
  channel_id: string;
  guild_id?: string;
  content: string;
  author: { id: string; bot?: boolean };
  mentions?: { id: string }[];
}

export interface ThreadMentionDeps {
  rest: REST;
  store: Store;
  router: CommandRouter;
  log: Logger;
  botUserId: () => string | null;
}

/**
 * "@Threadline sources" inside a storyline's thread: find the storyline through the
 * thread's parent channel, ask the router, reply in the thread. Messages elsewhere, from
 * bots, or without a mention of us are ignored.
 */
export function createThreadMentionHandler(deps: ThreadMentionDeps): (message: MessageCreate) => Promise<void> {
  const parents = new Map<string, string | null>();

  async function parentOf(channelId: string): Promise<string | null> {
    if (parents.has(channelId)) return parents.get(channelId) ?? null;
    const channel = (await deps.rest.get(Routes.channel(channelId))) as APIChannel & { parent_id?: string | null; thread_metadata?: unknown };
    // Only threads have thread_metadata; a mention in a plain channel is not a storyline reply.
    const parent = channel.thread_metadata ? (channel.parent_id ?? null) : null;
    if (parents.size > 5000) parents.clear();
    parents.set(channelId, parent);
    return parent;
  }

  return async (message) => {
    const bot = deps.botUserId();
    if (!bot || message.author.bot || message.author.id === bot) return;
    const mentioned = (message.mentions ?? []).some((u) => u.id === bot) || new RegExp(`<@!?${bot}>`).test(message.content);
    if (!mentioned) return;
    try {
      const parentId = await parentOf(message.channel_id);
      if (!parentId) return;
      const ref = deps.store.findThreadRefByMessage('discord', parentId, message.channel_id);
      if (!ref) return;
      const text = message.content.replace(new RegExp(`<@!?${bot}>`, 'g'), ' ').replace(/\s+/g, ' ').trim();
      const reply = await deps.router.threadReply({ platform: 'discord', channelId: parentId, storylineId: ref.storylineId, userId: message.author.id, text });
      // A thread reply is a normal message: Discord has no ephemeral messages outside interactions.
      const { flags: _ephemeral, ...body } = renderReply(reply);
      await deps.rest.post(Routes.channelMessages(message.channel_id), {
        body: { ...body, message_reference: { message_id: message.id, fail_if_not_exists: false } },
      });
    } catch (err) {
      deps.log.warn({ err, channelId: message.channel_id, messageId: message.id }, 'could not answer a thread mention');
    }
  };
}
