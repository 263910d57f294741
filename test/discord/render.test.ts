import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../src/core/types.js';
import { embedSize, fitEmbed, Limits } from '../../src/adapters/discord/embed-limits.js';
import { escapeMarkdown } from '../../src/adapters/discord/markdown.js';
import { alsoReportedMessage, digestMessage, followUpMessage, noticeMessage, storyMessage } from '../../src/adapters/discord/render-post.js';
import { renderReply } from '../../src/adapters/discord/render-reply.js';
import { validateMessage } from '../fakes/discord-api.js';
import { post } from './helpers.js';

function entry(i: number): TimelineEntry {
  return {
    articleId: `a${i}`,
    storylineId: 's',
    published: new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString(),
    dateLabel: `day ${i}`,
    headline: `Headline number ${i} `.repeat(6),
    outlet: 'Outlet',
    moreCount: i % 3,
    summary: '',
    angle: null,
    url: `https://example.com/${i}`,
  };
}

describe('Discord rendering within limits', () => {
  it('keeps a story embed under 6000 characters in total, shrinking the description first', () => {
    const e = fitEmbed({ title: 't', description: 'x '.repeat(3000), fields: Array.from({ length: 30 }, (_, i) => ({ name: `f${i}`, value: 'v'.repeat(1000) })) });
    expect(e.fields).toHaveLength(5);
    expect(embedSize(e)).toBeLessThanOrEqual(Limits.total);
  });

  it('renders a long timeline reply into valid embeds and says how many entries were left out', () => {
    const body = renderReply({ visibility: 'in_channel', text: 'Timeline', blocks: [{ type: 'heading', text: 'Timeline' }, { type: 'timeline', entries: Array.from({ length: 200 }, (_, i) => entry(i)) }] });
    expect(validateMessage(body)).toBeNull();
    expect(body.flags).toBeUndefined();
    const lines = body.embeds!.flatMap((e) => (e.description ?? '').split('\n'));
    expect(lines[0]).toContain('day 0');
    const shown = lines.length;
    expect(shown).toBeLessThan(200);
    expect(body.embeds!.at(-1)?.footer?.text).toBe(`…and ${200 - shown} more`);
  });

  it('marks ephemeral replies with flag 64 and keeps plain text replies under 2000', () => {
    const body = renderReply({ visibility: 'ephemeral', text: 'y'.repeat(5000), blocks: [] });
    expect(body.flags).toBe(64);
    expect(body.content!.length).toBeLessThanOrEqual(2000);
  });

  it('renders a digest of many lines as valid embeds', () => {
    const body = digestMessage(post({ kind: 'digest', headline: 'Weekly digest', body: Array.from({ length: 400 }, (_, i) => `• Story ${i} with a reasonably long line of text`).join('\n') }));
    expect(validateMessage(body)).toBeNull();
    expect(body.embeds![0]?.title).toBe('Weekly digest');
  });

  it('never cuts an entity name in half in the Entities field', () => {
    const names = Array.from({ length: 200 }, (_, i) => `Entity with a long name ${i}`);
    const body = storyMessage(post({ entities: names }), 'UTC');
    const value = body.embeds![0]!.fields!.find((f) => f.name === 'Entities')!.value;
    expect(value.length).toBeLessThanOrEqual(1024);
    const parts = value.replace(/…$/, '').split(', ').filter(Boolean);
    for (const p of parts) expect(names).toContain(p.trim());
  });

  it('cuts each part to its own limit: title 256, description 4096, 25 fields, footer 2048, author 256', () => {
    const e = fitEmbed({
      title: 't'.repeat(400),
      description: 'd'.repeat(5000),
      author: { name: 'a'.repeat(300) },
      footer: { text: 'f'.repeat(100) },
      fields: Array.from({ length: 30 }, (_, i) => ({ name: `f${i}`, value: 'v' })),
    }, 100_000);
    expect(e.title!.length).toBe(Limits.title);
    expect(e.description!.length).toBe(Limits.description);
    expect(e.author!.name.length).toBe(Limits.author);
    expect(e.fields).toHaveLength(Limits.fields);
    expect(e.fields!.map((f) => f.name)).toEqual(Array.from({ length: 25 }, (_, i) => `f${i}`));
  });

  it('keeps a story with a huge summary within 4096 for the description and 6000 in total', () => {
    const body = storyMessage(post({ summary: 'Meta said more. '.repeat(800), entities: ['Meta'] }), 'UTC');
    const embed = body.embeds![0]!;
    expect(validateMessage(body)).toBeNull();
    expect(embed.description!.length).toBeLessThanOrEqual(Limits.description);
    expect(embed.description!.length).toBeGreaterThan(3500);
    expect(embedSize(embed)).toBeLessThanOrEqual(Limits.total);
    // Outlet and date survive; the description gave way.
    expect(embed.fields!.map((f) => f.name)).toEqual(expect.arrayContaining(['Outlet', 'Published']));
  });

  it('keeps thread notes and notices within 2000 characters of content', () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ outlet: `Outlet number ${i}`, url: `https://o${i}.example/a`, title: 't' }));
    const note = alsoReportedMessage(post({ headline: 'Meta '.repeat(600), alsoReportedBy: many }));
    expect(note.content!.length).toBeLessThanOrEqual(Limits.content);
    expect(note.content).toContain('Also reported by **Neural Dispatch**');
    expect(validateMessage(note)).toBeNull();
    const notice = noticeMessage(post({ kind: 'notice', body: 'The feed failed. '.repeat(300) }));
    expect(notice.content!.length).toBeLessThanOrEqual(Limits.content);
    expect(validateMessage(notice)).toBeNull();
  });

  it('keeps a follow-up with many new points valid', () => {
    const body = followUpMessage(post({ whatsNew: Array.from({ length: 300 }, (_, i) => `New point ${i} in the report, with some detail.`) }), 'UTC');
    expect(validateMessage(body)).toBeNull();
    expect(body.embeds![0]!.description!.length).toBeLessThanOrEqual(Limits.description);
  });

  it('escapes Discord markdown', () => {
    expect(escapeMarkdown('a*b_c~d`e|f[g]h\\i')).toBe('a\\*b\\_c\\~d\\`e\\|f\\[g\\]h\\\\i');
    expect(escapeMarkdown('# title\n> quote\n- item')).toBe('\\# title\n\\> quote\n\\- item');
  });
});
