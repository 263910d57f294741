import { buildTimeline } from '../src/core/timeline.js';
import type { TopicConfig } from '../src/config/schema.js';
import { parseDuration } from '../src/util/duration.js';
import { formatInTimeZone } from '../src/util/dates.js';
import { ephemeral, helpFor } from './reply.js';
import type { CommandContext, CommandDefinition, CommandModule, Invocation, Reply } from './types.js';

/** `/<topic> timeline|latest|storylines`: one slash command per configured topic. */

const PERIODS = ['7d', '30d', 'all'];
const MAX_TIMELINE_ENTRIES = 25;

function definitionFor(topic: TopicConfig): CommandDefinition {
  return {
    name: topic.id,
    description: `${topic.title} news: timeline, latest stories and storylines`.slice(0, 100),
    subcommands: [
      {
        name: 'timeline',
        description: `How ${topic.title} stories evolved, oldest first`.slice(0, 100),
        options: [
          { name: 'period', description: 'How far back (default 30d)', choices: PERIODS },
          { name: 'visibility', description: 'Post it for the whole channel', choices: ['public'] },
        ],
      },
      { name: 'latest', description: `The newest ${topic.title} stories`.slice(0, 100), options: [] },
      { name: 'storylines', description: `Active ${topic.title} storylines`.slice(0, 100), options: [] },
    ],
  };
}

/** Reads "30d", "all", "public" in any order; anything else is a usage error. */
function parseTimelineArgs(args: string[]): { periodMs: number | null; period: string; public: boolean } | string {
  let period = '30d';
  let isPublic = false;
  for (const raw of args) {
    const arg = raw.toLowerCase();
    if (arg === 'public') isPublic = true;
    else if (arg === 'all' || parseDuration(arg) !== null) period = arg;
    else return `I don't understand "${raw.slice(0, 40)}".`;
  }
  return { period, periodMs: period === 'all' ? null : parseDuration(period), public: isPublic };
}

function timeline(ctx: CommandContext, topic: TopicConfig, def: CommandDefinition, args: string[]): Reply {
  const parsed = parseTimelineArgs(args);
  if (typeof parsed === 'string') return helpFor(def, parsed);
  const now = ctx.clock.now();
  const since = parsed.periodMs === null ? undefined : new Date(now.getTime() - parsed.periodMs).toISOString();
  const articles = ctx.store.listTopicArticles(topic.id, { since, limit: 2000 });
  const all = buildTimeline(articles, { timeZone: ctx.timeZone, since, now, topic: topic.id });
  if (all.length === 0) {
    const hint = parsed.period === 'all' ? '' : ` Try \`/${topic.id} timeline all\`.`;
    return ephemeral(`No ${topic.title} stories in ${parsed.period === 'all' ? 'the archive' : `the last ${parsed.period}`} yet.${hint}`);
  }
  const entries = all.slice(-MAX_TIMELINE_ENTRIES);
  const scope = parsed.period === 'all' ? 'all time' : `last ${parsed.period}`;
  const heading = `${topic.title} timeline (${scope})${entries.length < all.length ? `, latest ${entries.length} of ${all.length}` : ''}`;
  const lines = entries.map((e) => `${e.dateLabel}: ${e.headline} (${e.outlet}${e.moreCount ? ` +${e.moreCount} more` : ''})`);
  return {
    visibility: parsed.public ? 'in_channel' : 'ephemeral',
    text: [heading, ...lines].join('\n'),
    blocks: [{ type: 'heading', text: heading }, { type: 'timeline', entries }],
  };
}

function latest(ctx: CommandContext, topic: TopicConfig): Reply {
  const articles = ctx.store.listTopicArticles(topic.id, { limit: 50 }).filter((a) => !a.duplicateOf && !a.suppressed).slice(0, 5);
  if (articles.length === 0) return ephemeral(`No ${topic.title} stories yet.`);
  const items = articles.map((a) => ({
    text: a.title,
    url: a.url,
    meta: `${a.source} · ${formatInTimeZone(a.published, ctx.timeZone)} · ${a.summary}`,
  }));
  const heading = `Latest ${topic.title} stories`;
  return {
    visibility: 'ephemeral',
    text: [heading, ...items.map((i) => `${i.text} (${i.meta.split(' · ')[0]}) ${i.url}`)].join('\n'),
    blocks: [{ type: 'heading', text: heading }, { type: 'list', items }],
  };
}

function storylines(ctx: CommandContext, topic: TopicConfig): Reply {
  const list = ctx.store.listStorylines({ topic: topic.id, limit: 10 });
  if (list.length === 0) return ephemeral(`No ${topic.title} storylines yet.`);
  const items = list.map((s) => {
    const first = ctx.store.getArticle(s.firstArticleId);
    return {
      text: s.title,
      url: first?.url,
      meta: `${s.articleCount} ${s.articleCount === 1 ? 'report' : 'reports'} · ${formatInTimeZone(s.startedAt, ctx.timeZone)} to ${formatInTimeZone(s.updatedAt, ctx.timeZone)}`,
    };
  });
  const heading = `${topic.title} storylines, most recently active first`;
  return {
    visibility: 'ephemeral',
    text: [heading, ...items.map((i) => `${i.text} (${i.meta})`)].join('\n'),
    blocks: [{ type: 'heading', text: heading }, { type: 'list', items }],
  };
}

export const topicCommand: CommandModule = {
  definitions: (config) => config.topics.map(definitionFor),

  async execute(ctx: CommandContext, inv: Invocation): Promise<Reply> {
    const topic = ctx.config.topics.find((t) => t.id === inv.command);
    if (!topic) return ephemeral(`Unknown command /${inv.command}.`);
    const def = definitionFor(topic);
    switch (inv.subcommand) {
      case 'timeline':
        return timeline(ctx, topic, def, inv.args);
      case 'latest':
        return latest(ctx, topic);
      case 'storylines':
        return storylines(ctx, topic);
      case null:
        return helpFor(def);
      default:
        return helpFor(def, `Unknown subcommand "${inv.subcommand.slice(0, 40)}".`);
    }
  },
};
