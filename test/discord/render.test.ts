import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from '../../src/core/types.js';
import { embedSize, fitEmbed, Limits } from '../../src/adapters/discord/embed-limits.js';
import { escapeMarkdown } from '../../src/adapters/discord/markdown.js';
import { digestMessage, storyMessage } from '../../src/adapters/discord/render-post.js';
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

  it('escapes Discord markdown', () => {
    expect(escapeMarkdown('a*b_c~d`e|f[g]h\\i')).toBe('a\\*b\\_c\\~d\\`e\\|f\\[g\\]h\\\\i');
    expect(escapeMarkdown('# title\n> quote\n- item')).toBe('\\# title\n\\> quote\n\\- item');
  });
});
