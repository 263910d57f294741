import type { CommandDefinition, CommandRouter, Invocation, Reply } from '../../commands/types.js';
import { configSchema, type ThreadlineConfig } from '../../src/config/schema.js';
import type { Store } from '../../src/store/store.js';
import type { Clock } from '../../src/util/clock.js';

/**
 * A small hand-written CommandRouter for adapter tests: the adapter is under test here,
 * not the commands. It records every invocation and answers /meta-ai timeline from the store.
 */
export interface CountingRouter extends CommandRouter {
  runs: Invocation[];
  threadReplies: { channelId: string; storylineId: string; text: string }[];
}

export function testConfig(): ThreadlineConfig {
  return configSchema.parse({
    topics: [{ id: 'meta-ai', title: 'Meta AI', keywords: ['Meta'] }],
    channels: [{ platform: 'discord', id: '123456789012345678', topics: ['meta-ai'] }],
  });
}

const definitions: CommandDefinition[] = [
  {
    name: 'meta-ai',
    description: 'Meta AI news',
    subcommands: [
      {
        name: 'timeline',
        description: 'How stories evolved',
        options: [
          { name: 'period', description: 'How far back', choices: ['7d', '30d', 'all'] },
          { name: 'visibility', description: 'Post publicly', choices: ['public'] },
        ],
      },
      { name: 'latest', description: 'Newest stories', options: [] },
    ],
  },
];

export function testRouter(deps: { config: ThreadlineConfig; store: Store; clock: Clock }): CountingRouter {
  const runs: Invocation[] = [];
  const threadReplies: CountingRouter['threadReplies'] = [];
  return {
    runs,
    threadReplies,
    definitions: () => definitions,
    async run(inv: Invocation): Promise<Reply> {
      runs.push(inv);
      if (inv.command !== 'meta-ai' || inv.subcommand !== 'timeline') return { visibility: 'ephemeral', text: 'Usage: /meta-ai timeline', blocks: [] };
      const articles = deps.store.listTopicArticles('meta-ai').sort((a, b) => a.published.localeCompare(b.published));
      const entries = articles.map((a) => ({
        articleId: a.id,
        storylineId: a.storylineId,
        published: a.published,
        dateLabel: new Date(a.published).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }),
        headline: a.title,
        outlet: a.source,
        moreCount: 0,
        summary: a.summary,
        angle: null,
        url: a.url,
      }));
      return {
        visibility: inv.args.includes('public') ? 'in_channel' : 'ephemeral',
        text: 'Meta AI timeline',
        blocks: [{ type: 'heading', text: 'Meta AI timeline' }, { type: 'timeline', entries }],
      };
    },
    async threadReply(q): Promise<Reply> {
      threadReplies.push({ channelId: q.channelId, storylineId: q.storylineId, text: q.text });
      return { visibility: 'in_channel', text: `Sources for ${q.storylineId}`, blocks: [{ type: 'paragraph', text: `Sources for ${q.storylineId}` }] };
    },
  };
}
