import { TZDate } from '@date-fns/tz';
import { format } from 'date-fns';
import type { Post, SourceRef } from '../../core/types.js';
import { truncate } from '../../util/truncate.js';
import { field, fitEmbed, Limits, packLines, SUPPRESS_EMBEDS, type DiscordEmbed, type EmbedField, type MessageBody } from './embed-limits.js';
import { escapeMarkdown, isWebUrl, link } from './markdown.js';

const STORY_COLOUR = 0x5865f2;
const FOLLOW_UP_COLOUR = 0x57f287;
export const ALSO_REPORTED_FIELD = 'Also reported by';

const noMentions = { parse: [] as never[] };

/** The root message of a storyline: headline, summary, outlet, date, entities, link. */
export function storyMessage(post: Post, timeZone: string, note?: string, opts: { updated?: boolean } = {}): MessageBody {
  const body: MessageBody = { embeds: [storyEmbed(post, timeZone, opts)], allowed_mentions: noMentions };
  if (note) body.content = truncate(note, Limits.content);
  return body;
}

export function storyEmbed(post: Post, timeZone: string, opts: { updated?: boolean } = {}): DiscordEmbed {
  const fields = [
    field('Outlet', escapeMarkdown(post.outlet), true),
    field('Published', publishedLabel(post.published, timeZone), true),
    angleField(post),
    field('Entities', post.entities.map(escapeMarkdown).join(', '), false, post.entities.map(escapeMarkdown)),
    alsoReportedField(post.alsoReportedBy),
  ];
  return fitEmbed({
    // An edit in place is easy to miss: say so above the headline.
    ...(opts.updated ? { author: { name: '✏️ Updated at the source' } } : {}),
    title: escapeMarkdown(post.headline) || 'Untitled story',
    ...(isWebUrl(post.url) ? { url: post.url } : {}),
    description: escapeMarkdown(post.summary),
    color: STORY_COLOUR,
    fields: fields.filter((f): f is EmbedField => f !== null),
    ...timestamp(post.published),
    footer: { text: footerText(post) },
  });
}

/** A follow-up inside the thread: what is new, from whom, and whether the angle moved. */
export function followUpMessage(post: Post, timeZone: string): MessageBody {
  const description = post.whatsNew.length > 0 ? post.whatsNew.map((s) => `• ${escapeMarkdown(s)}`).join('\n') : escapeMarkdown(post.summary);
  const fields = [field('Outlet', escapeMarkdown(post.outlet), true), field('Published', publishedLabel(post.published, timeZone), true), angleField(post)];
  const embed = fitEmbed({
    author: { name: 'Follow-up' },
    title: escapeMarkdown(post.headline) || 'Untitled follow-up',
    ...(isWebUrl(post.url) ? { url: post.url } : {}),
    description,
    color: FOLLOW_UP_COLOUR,
    fields: fields.filter((f): f is EmbedField => f !== null),
    ...timestamp(post.published),
  });
  return { embeds: [embed], allowed_mentions: noMentions };
}

/** One line in the thread naming the outlet that also ran the story; no link preview. */
export function alsoReportedMessage(post: Post): MessageBody {
  const line = `Also reported by **${escapeMarkdown(post.outlet)}**: ${link(post.headline, post.url)}`;
  const others = post.alsoReportedBy.filter((s) => s.url !== post.url);
  const more = others.length > 0 ? `\n-# Now ${others.length + 1} outlets: ${others.map((s) => escapeMarkdown(s.outlet)).join(', ')}, ${escapeMarkdown(post.outlet)}` : '';
  return { content: truncate(line + more, Limits.content, [link(post.headline, post.url)]), flags: SUPPRESS_EMBEDS, allowed_mentions: noMentions };
}

/** Notices are short text; digests are lists that may need several embeds. */
export function noticeMessage(post: Post): MessageBody {
  const text = post.body ?? post.summary ?? post.headline;
  return { content: truncate(text || post.headline || 'Notice', Limits.content), allowed_mentions: noMentions };
}

export function digestMessage(post: Post): MessageBody {
  const lines = (post.body ?? post.summary).split('\n');
  const { embeds, dropped } = packLines(escapeMarkdown(post.headline) || 'Digest', lines);
  const last = embeds[embeds.length - 1];
  if (last && dropped > 0) last.footer = { text: `…and ${dropped} more` };
  return { embeds, allowed_mentions: noMentions };
}

/** Adds or replaces the "Also reported by" field of an existing root embed. */
export function withAlsoReported(embed: DiscordEmbed, sources: SourceRef[]): DiscordEmbed {
  const fields = (embed.fields ?? []).filter((f) => f.name !== ALSO_REPORTED_FIELD);
  const f = alsoReportedField(sources);
  return fitEmbed({ ...embed, fields: f ? [...fields, f] : fields });
}

function alsoReportedField(sources: SourceRef[]): EmbedField | null {
  const seen = new Set<string>();
  const links: string[] = [];
  for (const s of sources) {
    if (seen.has(s.outlet)) continue;
    seen.add(s.outlet);
    links.push(link(s.outlet, s.url));
  }
  return field(ALSO_REPORTED_FIELD, links.join(' · '), false, links);
}

function angleField(post: Post): EmbedField | null {
  if (!post.angle) return null;
  const label = `${escapeMarkdown(post.angle.label)}${post.angleChanged ? ' (angle changed)' : ''}`;
  return field(`Angle (${post.angle.topic})`, label, true);
}

function footerText(post: Post): string {
  return post.topics.length > 0 ? `Threadline · ${post.topics.join(', ')}` : 'Threadline';
}

function timestamp(published: string): { timestamp?: string } {
  const t = new Date(published);
  return Number.isNaN(t.getTime()) ? {} : { timestamp: t.toISOString() };
}

/** "15 Jul 2025" in the channel's zone, plus Discord's relative time ("3 hours ago"). */
export function publishedLabel(published: string, timeZone: string): string {
  const t = new Date(published);
  if (Number.isNaN(t.getTime())) return '';
  let day: string;
  try {
    day = format(new TZDate(t.getTime(), timeZone), 'd MMM yyyy');
  } catch {
    day = format(new TZDate(t.getTime(), 'UTC'), 'd MMM yyyy');
  }
  return `${day} (<t:${Math.floor(t.getTime() / 1000)}:R>)`;
}
