import type { REST } from '@discordjs/rest';
import { Routes, type APIChannel, type APIMessage, type RESTGetAPIGuildThreadsResult } from 'discord-api-types/v10';
import type { MessageBody } from './embed-limits.js';

/** Discord's epoch (2015-01-01) in ms: a snowflake's top bits count from it. */
const DISCORD_EPOCH_MS = 1_420_070_400_000n;
/** A minute of slack for clock skew between this machine and Discord. */
const SKEW_MS = 60_000;

export interface ForumPostQuery {
  forumId: string;
  /** The thread name the post was created with. */
  name: string;
  /** The starter message it was created with. */
  body: MessageBody;
  /** When the delivery was queued (ISO): an earlier attempt cannot have made it before. */
  since: string;
  signal: AbortSignal;
}

/**
 * The forum post an earlier attempt of this delivery already created, if any. Discord's
 * create-forum-post endpoint takes no nonce, so a post is recognised by what it was made
 * with: in this forum, this name, created after the delivery was queued, and a starter
 * message with the same embed (title and link) and text. Returns the thread.
 */
export async function findForumPost(rest: REST, q: ForumPostQuery): Promise<APIChannel | null> {
  const forum = (await rest.get(Routes.channel(q.forumId), { signal: q.signal })) as APIChannel & { guild_id?: string };
  if (!forum.guild_id) return null;
  const active = (await rest.get(Routes.guildActiveThreads(forum.guild_id), { signal: q.signal })) as RESTGetAPIGuildThreadsResult;
  const since = Date.parse(q.since) - SKEW_MS;
  const candidates = active.threads
    .filter((t) => 'parent_id' in t && t.parent_id === q.forumId && t.name === q.name && createdAt(t.id) >= since)
    .sort((a, b) => createdAt(a.id) - createdAt(b.id));
  for (const thread of candidates) {
    // A forum post's starter message has the thread's id.
    const starter = (await rest.get(Routes.channelMessage(thread.id, thread.id), { signal: q.signal })) as APIMessage;
    if (sameMessage(starter, q.body)) return thread;
  }
  return null;
}

function createdAt(snowflake: string): number {
  return Number((BigInt(snowflake) >> 22n) + DISCORD_EPOCH_MS);
}

function sameMessage(found: APIMessage, body: MessageBody): boolean {
  const a = found.embeds[0];
  const b = body.embeds?.[0];
  return (found.content ?? '') === (body.content ?? '') && (a?.title ?? null) === (b?.title ?? null) && (a?.url ?? null) === (b?.url ?? null);
}
