import type { CommandDefinition, OptionDefinition, SubcommandDefinition } from '../../../commands/types.js';
import { UsageError } from '../../util/errors.js';
import { truncate } from '../../util/truncate.js';

/** Discord's application command JSON (the subset Threadline registers). */
export interface DiscordCommandJson {
  name: string;
  description: string;
  type: 1;
  options: DiscordSubcommandJson[];
}

export interface DiscordSubcommandJson {
  type: 1;
  name: string;
  description: string;
  options: DiscordStringOptionJson[];
}

export interface DiscordStringOptionJson {
  type: 3;
  name: string;
  description: string;
  required: boolean;
  choices?: { name: string; value: string }[];
  max_length?: number;
}

const NAME = /^[-_'\p{L}\p{N}]{1,32}$/u;
const MAX_OPTIONS = 25;
const MAX_CHOICES = 25;

/**
 * One chat-input command per definition, its subcommands as type-1 options and their
 * options as strings (type 3) with choices. Discord wants required options first; the
 * order does not matter to us because args are mapped back by name (invocation.ts).
 */
export function toDiscordCommands(definitions: CommandDefinition[]): DiscordCommandJson[] {
  return definitions.map((def) => {
    checkName(def.name, `/${def.name}`);
    if (def.subcommands.length > MAX_OPTIONS) throw new UsageError(`/${def.name} has ${def.subcommands.length} subcommands; Discord allows ${MAX_OPTIONS}`);
    return { name: def.name, description: description(def.description, def.name), type: 1, options: def.subcommands.map((s) => subcommand(def.name, s)) };
  });
}

function subcommand(command: string, s: SubcommandDefinition): DiscordSubcommandJson {
  checkName(s.name, `/${command} ${s.name}`);
  if (s.options.length > MAX_OPTIONS) throw new UsageError(`/${command} ${s.name} has ${s.options.length} options; Discord allows ${MAX_OPTIONS}`);
  const options = s.options.map((o) => option(command, s.name, o));
  const required = options.filter((o) => o.required);
  const optional = options.filter((o) => !o.required);
  return { type: 1, name: s.name, description: description(s.description, s.name), options: [...required, ...optional] };
}

function option(command: string, sub: string, o: OptionDefinition): DiscordStringOptionJson {
  checkName(o.name, `/${command} ${sub} ${o.name}`);
  const json: DiscordStringOptionJson = { type: 3, name: o.name, description: description(o.description, o.name), required: o.required ?? false };
  // More than 25 choices cannot be offered as a list; the command validates the value itself.
  if (o.choices && o.choices.length > 0 && o.choices.length <= MAX_CHOICES) {
    json.choices = o.choices.map((c) => ({ name: truncate(c, 100), value: c.slice(0, 100) }));
  }
  if (o.maxLength !== undefined) json.max_length = Math.min(6000, Math.max(1, o.maxLength));
  return json;
}

function checkName(name: string, where: string): void {
  if (!NAME.test(name) || name !== name.toLowerCase()) throw new UsageError(`${where}: "${name}" is not a valid Discord command name (lowercase, 1-32 letters, digits, - or _)`);
}

function description(text: string, fallback: string): string {
  return truncate(text.trim() || fallback, 100);
}
