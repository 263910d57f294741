import type { Invocation } from '../../../commands/types.js';

/** The fields of a slash command request that Threadline reads. */
export interface SlashCommandPayload {
  command: string;
  text?: string;
  channel_id: string;
  user_id: string;
}

/**
 * `/meta-ai timeline 30d public` arrives as command "/meta-ai", text "timeline 30d
 * public": the first word is the subcommand (lowercased), the rest are positional
 * arguments. Empty text means the user typed only the command (answered with help).
 * Length checks belong to the router, which refuses over-long input with help.
 */
export function toInvocation(payload: SlashCommandPayload): Invocation {
  const words = (payload.text ?? '').trim().split(/\s+/).filter(Boolean);
  const [first, ...args] = words;
  return {
    platform: 'slack',
    command: payload.command.replace(/^\//, '').toLowerCase(),
    subcommand: first ? first.toLowerCase() : null,
    args,
    channelId: payload.channel_id,
    userId: payload.user_id,
  };
}

/** "<@U123> sources" or "<@U123|threadline> what's new" -> "sources" / "what's new". */
export function stripMentions(text: string): string {
  return text.replace(/<@[A-Z0-9]+(\|[^>]*)?>/gi, ' ').replace(/\s+/g, ' ').trim();
}
