import { Document } from 'yaml';
import type { ThreadlineConfig } from '../../config/schema.js';
import { ConfigError } from '../../util/errors.js';
import type { CommandDefinition } from '../../../commands/types.js';
import { SLACK_EVENTS_PATH } from './slack-app.js';

/**
 * Bot scopes, each for something Threadline does:
 * - chat:write: post stories, follow-ups, notices, digests; chat.update the story root.
 * - chat:write.public: post into public channels from the config without being invited
 *   first (private channels still need /invite; Slack then answers not_in_channel).
 *   Threadline is configured by channel id, so asking people to invite it everywhere
 *   first would make every new public channel fail its first post.
 * - commands: the slash commands below.
 * - app_mentions:read: the app_mention event for questions in story threads.
 * - channels:history, groups:history: only after a send whose answer was lost (or a crash
 *   mid-send), to find the message by the delivery nonce in its metadata instead of posting
 *   it twice; the root's content itself is rebuilt from the outbox, never read back.
 */
export const SLACK_BOT_SCOPES = ['chat:write', 'chat:write.public', 'commands', 'app_mentions:read', 'channels:history', 'groups:history'] as const;

/** Slack's limits for manifests (web-api's manifest types). */
const MAX_COMMANDS = 50;
const MAX_COMMAND_LENGTH = 32; // including the "/"

/** `threadline manifest slack --url https://host`: a manifest to paste into api.slack.com/apps. */
export function buildSlackManifest(config: ThreadlineConfig, definitions: CommandDefinition[], url: string): string {
  const base = url.replace(/\/+$/, '');
  const requestUrl = `${base}${SLACK_EVENTS_PATH}`;
  const problems: string[] = [];
  if (definitions.length > MAX_COMMANDS) problems.push(`Slack allows ${MAX_COMMANDS} slash commands per app; the config makes ${definitions.length} (one per topic plus /threadline)`);
  for (const d of definitions) {
    if (d.name.length + 1 > MAX_COMMAND_LENGTH) problems.push(`/${d.name} is longer than Slack's ${MAX_COMMAND_LENGTH} characters; shorten the topic id`);
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const manifest = {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name: 'Threadline',
      description: 'AI-industry news, one post per story, follow-ups threaded.',
      long_description: longDescription(config),
      background_color: '#1d1c1d',
    },
    features: {
      bot_user: { display_name: 'threadline', always_online: true },
      slash_commands: definitions.map((d) => ({
        command: `/${d.name}`,
        url: requestUrl,
        description: d.description.slice(0, 2000),
        usage_hint: usageHint(d).slice(0, 1000),
        should_escape: false,
      })),
    },
    oauth_config: { scopes: { bot: [...SLACK_BOT_SCOPES] } },
    settings: {
      event_subscriptions: { request_url: requestUrl, bot_events: ['app_mention'] },
      interactivity: { is_enabled: true, request_url: requestUrl },
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    },
  };
  const doc = new Document(manifest);
  doc.commentBefore = [
    ' Threadline Slack app manifest: paste it at https://api.slack.com/apps (Create New App > From a manifest).',
    ` Request URL: ${requestUrl}${base.startsWith('https://') ? '' : ' (Slack accepts only https request URLs)'}`,
    ' For Socket Mode, set socket_mode_enabled: true, drop the URLs and set SLACK_APP_TOKEN.',
  ].join('\n');
  return doc.toString({ lineWidth: 0 });
}

/** "timeline [7d|30d|all] [public] | latest | storylines" */
export function usageHint(d: CommandDefinition): string {
  return d.subcommands
    .map((s) => [s.name, ...s.options.map((o) => (o.required ? `<${o.name}>` : `[${o.choices ? o.choices.join('|') : o.name}]`))].join(' '))
    .join(' | ');
}

function longDescription(config: ThreadlineConfig): string {
  const topics = config.topics.map((t) => `/${t.id} (${t.title})`).join(', ');
  // Slack asks for 175-4000 characters here.
  return [
    'Threadline reads AI-industry news feeds and posts each story once per channel, with follow-ups in the story thread and copies from other outlets folded in as "also reported by".',
    `Topics: ${topics}. Each topic has a slash command with timeline, latest and storylines; /threadline manages subscriptions and feeds.`,
    'Mention the bot in a story thread and ask for sources, timeline, summary or what\'s new.',
  ]
    .join(' ')
    .slice(0, 4000);
}
