import type { ThreadlineConfig } from '../src/config/schema.js';
import type { Platform, TimelineEntry } from '../src/core/types.js';
import type { Store } from '../src/store/store.js';
import type { Clock } from '../src/util/clock.js';

/**
 * Platform-neutral slash commands: each file in commands/ exports one `CommandModule`.
 * Adapters translate `definition` into a Slack manifest entry / Discord application
 * command, parse the platform's request into an `Invocation`, and render the `Reply`.
 */
export interface OptionDefinition {
  name: string;
  description: string;
  /** When set, the value must be one of these (Discord shows them as choices). */
  choices?: string[];
  required?: boolean;
  /** Longest accepted value; longer input is refused with help. */
  maxLength?: number;
}

export interface SubcommandDefinition {
  name: string;
  description: string;
  options: OptionDefinition[];
}

export interface CommandDefinition {
  /** Slash command name without "/", lowercase, ^[a-z0-9-]{1,32}$. */
  name: string;
  description: string;
  subcommands: SubcommandDefinition[];
}

export interface Invocation {
  platform: Platform;
  command: string;
  /** Missing means the user typed only "/<command>" (answered with help). */
  subcommand: string | null;
  /** Positional values in the order of the subcommand's options (Slack: split text; Discord: options). */
  args: string[];
  channelId: string;
  userId: string;
}

export interface ReplyListItem {
  text: string;
  url?: string;
  /** Secondary line: outlet, date, counts. */
  meta?: string;
}

export type ReplyBlock =
  | { type: 'heading'; text: string }
  | { type: 'paragraph'; text: string }
  | { type: 'list'; items: ReplyListItem[] }
  | { type: 'timeline'; entries: TimelineEntry[] };

export interface Reply {
  /** Ephemeral for errors and help; in-channel only when asked (e.g. "timeline 30d public"). */
  visibility: 'ephemeral' | 'in_channel';
  /** Plain-text fallback and notification text. */
  text: string;
  blocks: ReplyBlock[];
}

/** Everything a command may use: plain ports, no platform clients. */
export interface CommandContext {
  config: ThreadlineConfig;
  store: Store;
  clock: Clock;
  /** Time zone for dates in replies (the channel's, else the config's). */
  timeZone: string;
  /** Optional services wired by the app; commands degrade gracefully without them. */
  services: CommandServices;
}

export interface CommandServices {
  /** Adds a feed at run time (SSRF-checked); resolves to a user-facing message. */
  addFeed?(url: string): Promise<string>;
  /** Explains what happened to an item (`/threadline why <url>`). */
  explain?(urlOrId: string): string;
}

export interface CommandModule {
  /** Static definition, or a factory when it depends on config (one command per topic). */
  definitions(config: ThreadlineConfig): CommandDefinition[];
  execute(ctx: CommandContext, invocation: Invocation): Promise<Reply>;
}

/**
 * What adapters call: it owns context building (time zone per channel), routing by
 * command name, and thread mentions. Implemented in commands/router.ts.
 */
export interface CommandRouter {
  /** Every slash command to register (one per topic plus /threadline). */
  definitions(): CommandDefinition[];
  /** Never throws: unknown commands, bad arguments and failures come back as an ephemeral help/error Reply. */
  run(invocation: Invocation): Promise<Reply>;
  /** A mention of the bot inside a storyline thread: `sources`, `timeline`, `summary`, `what's new`, else help. */
  threadReply(query: { platform: Platform; channelId: string; storylineId: string; userId: string; text: string }): Promise<Reply>;
}
