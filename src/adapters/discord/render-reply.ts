import type { Reply, ReplyBlock } from '../../../commands/types.js';
import { truncate } from '../../util/truncate.js';
import { EPHEMERAL, Limits, packLines, type MessageBody } from './embed-limits.js';
import { escapeMarkdown, link } from './markdown.js';

/**
 * A command's platform-neutral Reply as a Discord message: the first heading is the
 * embed title, every other block becomes lines packed into embeds within Discord's
 * limits; lines that do not fit are counted in the footer ("…and 12 more").
 */
export function renderReply(reply: Reply): MessageBody {
  const flags = reply.visibility === 'ephemeral' ? EPHEMERAL : undefined;
  const base: MessageBody = { allowed_mentions: { parse: [] }, ...(flags ? { flags } : {}) };
  if (reply.blocks.length === 0) return { ...base, content: truncate(reply.text || 'Done.', Limits.content) };

  const first = reply.blocks[0];
  const title = first?.type === 'heading' ? escapeMarkdown(first.text) : undefined;
  const rest = first?.type === 'heading' ? reply.blocks.slice(1) : reply.blocks;
  const lines = rest.flatMap(blockLines);
  const { embeds, dropped } = packLines(title, lines.length > 0 ? lines : [escapeMarkdown(reply.text || ' ')]);
  const last = embeds[embeds.length - 1];
  if (last && dropped > 0) last.footer = { text: `…and ${dropped} more` };
  return { ...base, embeds };
}

function blockLines(block: ReplyBlock): string[] {
  switch (block.type) {
    case 'heading':
      return ['', `**${escapeMarkdown(block.text)}**`];
    case 'paragraph':
      return escapeMarkdown(block.text).split('\n');
    case 'list':
      return block.items.map((item) => {
        const text = item.url ? link(item.text, item.url) : escapeMarkdown(item.text);
        return `• ${text}${item.meta ? ` — ${escapeMarkdown(item.meta)}` : ''}`;
      });
    case 'timeline':
      return block.entries.map((e) => {
        const more = e.moreCount > 0 ? ` (+${e.moreCount} more)` : '';
        const angle = e.angle ? ` · _${escapeMarkdown(e.angle)}_` : '';
        return `**${escapeMarkdown(e.dateLabel)}** · ${link(e.headline, e.url)} — ${escapeMarkdown(e.outlet)}${more}${angle}`;
      });
  }
}
