import { formatDistanceStrict } from 'date-fns';
import { effectiveSubscriptions } from '../src/config/subscriptions.js';
import { ephemeral, helpFor } from './reply.js';
import type { CommandContext, CommandDefinition, CommandModule, Invocation, Reply, ReplyListItem } from './types.js';

/** `/threadline ...`: the bot's own settings and health, answered in the channel that asks. */

const definition: CommandDefinition = {
  name: 'threadline',
  description: 'Threadline settings: subscriptions, topics, feeds, status, help',
  subcommands: [
    { name: 'subscribe', description: 'Post a topic\'s stories in this channel', options: [{ name: 'topic', description: 'Topic id, or * for all', required: true, maxLength: 32 }] },
    { name: 'unsubscribe', description: 'Stop posting a topic in this channel', options: [{ name: 'topic', description: 'Topic id', required: true, maxLength: 32 }] },
    { name: 'topics', description: 'Topics and which ones this channel follows', options: [] },
    {
      name: 'feeds',
      description: 'Feeds and their health; "feeds add <url>" adds one',
      options: [
        { name: 'action', description: 'list (default) or add', choices: ['list', 'add'] },
        { name: 'url', description: 'Feed URL for add', maxLength: 500 },
      ],
    },
    { name: 'status', description: 'What the bot has seen and posted here', options: [] },
    { name: 'why', description: 'Explain what happened to an article', options: [{ name: 'url', description: 'Article URL or id', required: true, maxLength: 500 }] },
    { name: 'help', description: 'What Threadline can do', options: [] },
  ],
};

function subscribe(ctx: CommandContext, inv: Invocation, topic: string | undefined): Reply {
  if (!topic) return helpFor(definition, 'Which topic? e.g. `/threadline subscribe meta-ai`.');
  if (topic !== '*' && !ctx.config.topics.some((t) => t.id === topic)) {
    return ephemeral(`Unknown topic "${topic.slice(0, 32)}". Known topics: ${ctx.config.topics.map((t) => t.id).join(', ')}.`);
  }
  const fromConfig = effectiveSubscriptions(ctx.config, []).some(
    (s) => s.platform === inv.platform && s.channelId === inv.channelId && (s.topic === topic || s.topic === '*'),
  );
  if (fromConfig) return ephemeral(`This channel already follows ${topic} (set in the config file).`);
  const added = ctx.store.addSubscription({ platform: inv.platform, channelId: inv.channelId, topic });
  return ephemeral(added ? `This channel now follows ${topic}. New stories will be posted here.` : `This channel already follows ${topic}.`);
}

function unsubscribe(ctx: CommandContext, inv: Invocation, topic: string | undefined): Reply {
  if (!topic) return helpFor(definition, 'Which topic? e.g. `/threadline unsubscribe meta-ai`.');
  const removed = ctx.store.removeSubscription({ platform: inv.platform, channelId: inv.channelId, topic });
  const fromConfig = effectiveSubscriptions(ctx.config, []).some((s) => s.platform === inv.platform && s.channelId === inv.channelId && s.topic === topic);
  if (fromConfig) return ephemeral(`This channel's subscription to ${topic} comes from the config file (channels:); remove it there.`);
  return ephemeral(removed ? `This channel no longer follows ${topic}.` : `This channel did not follow ${topic}.`);
}

function topics(ctx: CommandContext, inv: Invocation): Reply {
  const mine = new Set(
    effectiveSubscriptions(ctx.config, ctx.store.listSubscriptions(inv.platform))
      .filter((s) => s.platform === inv.platform && s.channelId === inv.channelId)
      .map((s) => s.topic),
  );
  const items: ReplyListItem[] = ctx.config.topics.map((t) => ({
    text: `${mine.has(t.id) || mine.has('*') ? '✓ ' : ''}${t.title} (/${t.id})`,
    meta: `keywords: ${t.keywords.slice(0, 6).join(', ')}${t.angles ? ` · angles: ${Object.keys(t.angles).join(' / ')}` : ''}`,
  }));
  const text = ['Topics (✓ = followed here):', ...items.map((i) => i.text)].join('\n');
  return { visibility: 'ephemeral', text, blocks: [{ type: 'heading', text: 'Topics' }, { type: 'list', items }] };
}

async function feeds(ctx: CommandContext, args: string[]): Promise<Reply> {
  const [action = 'list', url] = args;
  if (action === 'add') {
    if (!url) return helpFor(definition, 'Which feed? e.g. `/threadline feeds add https://example.org/feed.xml`.');
    if (!ctx.services.addFeed) return ephemeral('Adding feeds at run time is not enabled on this deployment.');
    return ephemeral(await ctx.services.addFeed(url));
  }
  if (action !== 'list') return helpFor(definition, `Unknown feeds action "${action.slice(0, 20)}".`);
  const now = ctx.clock.now();
  const list = ctx.store.listFeeds();
  if (list.length === 0) return ephemeral('No feeds configured.');
  const items: ReplyListItem[] = list.map((f) => {
    const state = f.paused ? '⏸ paused' : f.consecutiveFailures > 0 ? `⚠ failing (${f.consecutiveFailures}x)` : f.lastSuccessAt ? '✓ ok' : '… not polled yet';
    const last = f.lastSuccessAt ? `last success ${formatDistanceStrict(new Date(f.lastSuccessAt), now, { addSuffix: true })}` : 'never polled successfully';
    return { text: `${state} ${f.name}`, url: f.url, meta: `${last}${f.lastError && f.consecutiveFailures > 0 ? ` · last error: ${f.lastError.slice(0, 200)}` : ''}` };
  });
  const text = ['Feeds:', ...items.map((i) => `${i.text} (${i.meta})`)].join('\n');
  return { visibility: 'ephemeral', text, blocks: [{ type: 'heading', text: `Feeds (${list.length})` }, { type: 'list', items }] };
}

function status(ctx: CommandContext, inv: Invocation): Reply {
  const stats = ctx.store.deliveryStats().find((s) => s.platform === inv.platform && s.channelId === inv.channelId);
  const feedsList = ctx.store.listFeeds();
  const failing = feedsList.filter((f) => f.consecutiveFailures > 0).length;
  const lines = [
    `Articles stored: ${ctx.store.countArticles()}`,
    `Feeds: ${feedsList.length} (${failing} failing)`,
    `This channel: ${stats?.sent ?? 0} posted, ${stats?.pending ?? 0} pending, ${stats?.failed ?? 0} failed`,
    ...(stats?.failures.length ? [`Recent failures: ${stats.failures.join('; ')}`] : []),
  ];
  return ephemeral(lines.join('\n'), [{ type: 'heading', text: 'Threadline status' }, { type: 'list', items: lines.map((text) => ({ text })) }]);
}

function help(ctx: CommandContext): Reply {
  const topicsLine = ctx.config.topics.map((t) => `/${t.id}`).join(', ');
  const items: ReplyListItem[] = [
    ...definition.subcommands.map((s) => ({ text: `/threadline ${s.name}`, meta: s.description })),
    { text: `${topicsLine} timeline [7d|30d|all] [public]`, meta: 'How a topic\'s stories evolved' },
    { text: '/<topic> latest · /<topic> storylines', meta: 'Newest stories and active storylines' },
    { text: '@Threadline sources | timeline | summary | what\'s new', meta: 'In a story\'s thread' },
  ];
  const text = ['Threadline: one post per story, follow-ups in its thread.', ...items.map((i) => `${i.text}: ${i.meta}`)].join('\n');
  return ephemeral(text, [{ type: 'heading', text: 'Threadline help' }, { type: 'list', items }]);
}

export const threadlineCommand: CommandModule = {
  definitions: () => [definition],

  async execute(ctx: CommandContext, inv: Invocation): Promise<Reply> {
    const [first, second] = inv.args;
    switch (inv.subcommand) {
      case 'subscribe':
        return subscribe(ctx, inv, first);
      case 'unsubscribe':
        return unsubscribe(ctx, inv, first);
      case 'topics':
        return topics(ctx, inv);
      case 'feeds':
        return feeds(ctx, first && /^https?:/i.test(first) ? ['add', first] : [first ?? 'list', second ?? ''].filter(Boolean));
      case 'status':
        return status(ctx, inv);
      case 'why':
        if (!first) return helpFor(definition, 'Which article? e.g. `/threadline why https://...`.');
        return ctx.services.explain ? ephemeral(ctx.services.explain(first)) : ephemeral('Explain is not available here.');
      case 'help':
      case null:
        return help(ctx);
      default:
        return helpFor(definition, `Unknown subcommand "${inv.subcommand.slice(0, 40)}".`);
    }
  },
};
