import type { CommandDefinition, Invocation } from '../../../commands/types.js';

/** The parts of an application command's `data` (API shape; discord.js `options.data` has the same). */
export interface CommandData {
  name: string;
  options?: readonly CommandOptionData[] | null;
}

export interface CommandOptionData {
  name: string;
  type: number;
  value?: string | number | boolean | null;
  options?: readonly CommandOptionData[] | null;
}

/** An interaction as the gateway's INTERACTION_CREATE and the HTTP endpoint both deliver it (API shape). */
export interface InteractionPayload {
  id: string;
  application_id: string;
  type: number;
  token: string;
  data?: CommandData;
  channel_id?: string;
  channel?: { id: string };
  member?: { user?: { id: string } };
  user?: { id: string };
}

const SUB_COMMAND = 1;
const SUB_COMMAND_GROUP = 2;

/**
 * `/meta-ai timeline period:30d` arrives as data {name:"meta-ai", options:[{type:1,
 * name:"timeline", options:[{name:"period", value:"30d"}]}]}. Args follow the order of the
 * subcommand's definition, not the order the user typed them. A skipped option is left
 * out rather than passed as "": commands read args the way a Slack user types them, where
 * nothing can be skipped ("/meta-ai timeline public", "/threadline feeds https://...").
 */
export function toInvocation(data: CommandData, where: { channelId: string; userId: string }, definitions: CommandDefinition[]): Invocation {
  let options = data.options ?? [];
  const group = options.find((o) => o.type === SUB_COMMAND_GROUP);
  if (group) options = group.options ?? [];
  const sub = options.find((o) => o.type === SUB_COMMAND) ?? null;
  const values = new Map<string, string>();
  for (const o of sub ? (sub.options ?? []) : options) {
    if (o.value !== undefined && o.value !== null) values.set(o.name, String(o.value));
  }
  const definition = definitions.find((d) => d.name === data.name)?.subcommands.find((s) => s.name === sub?.name);
  const order = definition ? definition.options.map((o) => o.name) : [...values.keys()];
  const args = order.map((name) => values.get(name) ?? '').filter((v) => v !== '');
  return { platform: 'discord', command: data.name, subcommand: sub?.name ?? null, args, channelId: where.channelId, userId: where.userId };
}
