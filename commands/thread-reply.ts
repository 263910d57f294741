import { buildTimeline } from '../src/core/timeline.js';
import { formatInTimeZone } from '../src/util/dates.js';
import { ephemeral } from './reply.js';
import type { CommandContext, Reply, ReplyListItem } from './types.js';

/**
 * Answers a mention of the bot inside a storyline's thread. Not a slash command (Slack
 * gives slash commands no thread context), but written once here for both platforms.
 */
export const THREAD_QUESTIONS = ['sources', 'timeline', 'summary', "what's new"] as const;

type Question = (typeof THREAD_QUESTIONS)[number];

/** Strips mentions (<@U123>, <@!123>) and reads which question was asked. */
export function parseQuestion(text: string): Question | null {
  const t = text.replace(/<@!?[A-Z0-9]+>/gi, ' ').toLowerCase().replace(/[’`]/g, "'").trim();
  if (/\b(sources?|who (else )?(covered|reported))\b/.test(t)) return 'sources';
  if (/\btimeline\b|\bhistory\b/.test(t)) return 'timeline';
  if (/\bwhat'?s new\b|\bwhats new\b|\bnew\b|\bupdates?\b/.test(t)) return "what's new";
  if (/\bsummar(y|ise|ize)\b|\btl;?dr\b/.test(t)) return 'summary';
  return null;
}

export function answerThreadMention(ctx: CommandContext, storylineId: string, text: string): Reply {
  const storyline = ctx.store.getStoryline(storylineId);
  if (!storyline) return ephemeral("I can't find the story this thread belongs to any more.");
  const articles = ctx.store.listStorylineArticles(storylineId);
  const originals = articles.filter((a) => !a.duplicateOf);
  const question = parseQuestion(text);
  const inThread = (text: string, blocks: Reply['blocks']): Reply => ({ visibility: 'in_channel', text, blocks });

  switch (question) {
    case 'sources': {
      const items: ReplyListItem[] = articles.map((a) => ({
        text: a.source,
        url: a.url,
        meta: `${formatInTimeZone(a.published, ctx.timeZone)} · ${a.title}${a.duplicateOf ? ' (copy)' : ''}`,
      }));
      const outlets = [...new Set(articles.map((a) => a.source))];
      const heading = `${outlets.length} ${outlets.length === 1 ? 'outlet' : 'outlets'} covered this story`;
      return inThread([heading, ...items.map((i) => `${i.text}: ${i.url}`)].join('\n'), [{ type: 'heading', text: heading }, { type: 'list', items }]);
    }
    case 'timeline': {
      const entries = buildTimeline(articles, { timeZone: ctx.timeZone, now: ctx.clock.now(), topic: storyline.topics[0] });
      const heading = `Timeline: ${storyline.title}`;
      return inThread([heading, ...entries.map((e) => `${e.dateLabel}: ${e.headline} (${e.outlet})`)].join('\n'), [
        { type: 'heading', text: heading },
        { type: 'timeline', entries },
      ]);
    }
    case 'summary': {
      const first = originals[0];
      const last = originals[originals.length - 1];
      const parts = [first?.summary, last && last !== first ? `Latest: ${last.summary}` : undefined].filter((p): p is string => Boolean(p));
      const text = parts.join('\n') || 'No summary available.';
      return inThread(text, [{ type: 'heading', text: storyline.title }, ...parts.map((p) => ({ type: 'paragraph' as const, text: p }))]);
    }
    case "what's new": {
      const last = originals[originals.length - 1];
      if (!last || originals.length < 2) {
        return inThread('Nothing new since the first report.', [{ type: 'paragraph', text: 'Nothing new since the first report.' }]);
      }
      const news = last.whatsNew.length ? last.whatsNew : [last.summary];
      const heading = `New in ${last.source}'s report (${formatInTimeZone(last.published, ctx.timeZone)})`;
      return inThread([heading, ...news].join('\n'), [
        { type: 'heading', text: heading },
        { type: 'list', items: news.map((t) => ({ text: t })) },
      ]);
    }
    default: {
      const text = `Ask me in this thread: ${THREAD_QUESTIONS.join(', ')}.`;
      return ephemeral(text);
    }
  }
}
