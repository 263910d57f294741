import type { Post, SourceRef } from '../../core/types.js';
import { formatInTimeZone } from '../../util/dates.js';
import {
  context,
  escapeMrkdwn,
  fallbackText,
  fitBlocks,
  header,
  link,
  linkButton,
  packSections,
  section,
  type SlackBlock,
  type SlackMessage,
} from './block-kit.js';

/** Posts as Block Kit: a header, the summary, a context line, a link button, a plain fallback. */

export interface StoryOptions {
  /** The source edited the article: the root shows an "updated" marker. */
  updated?: boolean;
  /** A line above the summary (e.g. why this root replaces a lost one). */
  note?: string;
}

/** The storyline's root message in a channel. Re-rendered in place for updates and "also reported by". */
export function storyMessage(post: Post, timeZone: string, options: StoryOptions = {}): SlackMessage {
  const blocks: (SlackBlock | null)[] = [
    header(post.headline),
    options.note ? context([`_${escapeMrkdwn(options.note)}_`]) : null,
    section(escapeMrkdwn(post.summary || post.headline), post.entities),
    context([
      `*${escapeMrkdwn(post.outlet)}*`,
      dateLabel(post.published, timeZone),
      post.entities.length > 0 ? `Entities: ${post.entities.map(escapeMrkdwn).join(', ')}` : '',
      angleLabel(post),
      options.updated ? ':pencil2: _Updated at the source_' : '',
    ]),
    alsoReportedSection(post),
    linkButton(`Read on ${post.outlet}`, post.url),
  ];
  const marker = options.updated ? ' (updated)' : '';
  return {
    text: fallbackText(`${post.headline}${marker} (${post.outlet})`),
    blocks: fitBlocks(blocks.filter((b): b is SlackBlock => b !== null)),
  };
}

/** A reply in the storyline's thread: what is new, from whom, and whether the angle moved. */
export function followUpMessage(post: Post, timeZone: string): SlackMessage {
  const lead = `*Follow-up* from *${escapeMrkdwn(post.outlet)}*: ${link(post.headline, post.url)}`;
  const news = post.whatsNew.length > 0 ? post.whatsNew.map((s) => `• ${escapeMrkdwn(s)}`) : [escapeMrkdwn(post.summary)];
  const blocks: (SlackBlock | null)[] = [
    section(lead),
    ...packSections(news.filter((l) => l.trim())),
    context([dateLabel(post.published, timeZone), angleLabel(post)]),
  ];
  return {
    text: fallbackText(`Follow-up (${post.outlet}): ${post.headline}`),
    blocks: fitBlocks(blocks.filter((b): b is SlackBlock => b !== null)),
  };
}

/** An edit at the source that cannot be applied to the root: said in the thread instead. */
export function updateNote(post: Post, timeZone: string): SlackMessage {
  const blocks: (SlackBlock | null)[] = [
    section(`:pencil2: *Updated at the source* (${escapeMrkdwn(post.outlet)}): ${link(post.headline, post.url)}`),
    ...packSections([escapeMrkdwn(post.summary)].filter((l) => l.trim())),
    context([dateLabel(post.published, timeZone)]),
  ];
  return {
    text: fallbackText(`Updated (${post.outlet}): ${post.headline}`),
    blocks: fitBlocks(blocks.filter((b): b is SlackBlock => b !== null)),
  };
}

/** A short note in the thread naming the outlet that also ran the story. */
export function alsoReportedNote(post: Post): SlackMessage {
  const others = uniqueOutlets(post.alsoReportedBy).filter((s) => s.outlet !== post.outlet);
  const blocks: (SlackBlock | null)[] = [
    section(`Also reported by *${escapeMrkdwn(post.outlet)}*: ${link(post.headline, post.url)}`),
    others.length > 0 ? context([`Now ${others.length + 1} outlets: ${[...others.map((s) => s.outlet), post.outlet].map(escapeMrkdwn).join(', ')}`]) : null,
  ];
  return {
    text: fallbackText(`Also reported by ${post.outlet}: ${post.headline}`),
    blocks: fitBlocks(blocks.filter((b): b is SlackBlock => b !== null)),
  };
}

export function noticeMessage(post: Post): SlackMessage {
  const body = post.body ?? post.summary;
  const blocks: SlackBlock[] = [header(post.headline || 'Notice'), ...packSections(escapeMrkdwn(body || post.headline).split('\n'))];
  return { text: fallbackText(post.headline || body || 'Notice'), blocks: fitBlocks(blocks) };
}

/** Digest lines end with the story's URL: it becomes a link on the line. */
export function digestMessage(post: Post): SlackMessage {
  const lines = (post.body ?? '').split('\n').filter((l) => l.trim());
  const rendered = lines.map((line) => {
    const m = /^(.*\S)\s+(https?:\/\/\S+)$/.exec(line);
    return m ? `${escapeMrkdwn(m[1]!)} ${link('read', m[2]!)}` : escapeMrkdwn(line);
  });
  const blocks: (SlackBlock | null)[] = [header(post.headline || 'Digest'), context([escapeMrkdwn(post.summary)]), ...packSections(rendered)];
  return { text: fallbackText(post.headline || 'Digest'), blocks: fitBlocks(blocks.filter((b): b is SlackBlock => b !== null)) };
}

/** Outlets that ran the story besides the root's own, first mention of each. */
export function alsoReportedSources(post: Post): SourceRef[] {
  return uniqueOutlets(post.alsoReportedBy).filter((s) => s.url !== post.url && s.outlet !== post.outlet);
}

function alsoReportedSection(post: Post): SlackBlock | null {
  const sources = alsoReportedSources(post);
  if (sources.length === 0) return null;
  const links = sources.map((s) => link(s.outlet, s.url));
  return section(`*Also reported by:* ${links.join(' · ')}`);
}

function uniqueOutlets(sources: SourceRef[]): SourceRef[] {
  const seen = new Set<string>();
  return sources.filter((s) => (seen.has(s.outlet) ? false : (seen.add(s.outlet), true)));
}

function angleLabel(post: Post): string {
  if (!post.angle) return '';
  const label = `Angle (${escapeMrkdwn(post.angle.topic)}): *${escapeMrkdwn(post.angle.label)}*`;
  return post.angleChanged ? `${label} · angle changed` : label;
}

/** "15 Jul 2025, 14:00 GMT+2" in the channel's time zone. */
export function dateLabel(published: string, timeZone: string): string {
  if (Number.isNaN(new Date(published).getTime())) return '';
  return escapeMrkdwn(formatInTimeZone(published, timeZone, 'd MMM yyyy, HH:mm zzz'));
}
