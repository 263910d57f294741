import type { Reply, ReplyBlock } from '../../../commands/types.js';
import { escapeMrkdwn, fallbackText, fitBlocks, header, link, packSections, type SlackBlock, type SlackMessage } from './block-kit.js';

export interface SlackReply extends SlackMessage {
  response_type: 'ephemeral' | 'in_channel';
}

/**
 * A command's platform-neutral Reply as Block Kit: headings become header blocks, the
 * rest become lines packed into sections; what does not fit in one message is counted
 * in a last line ("…and 12 more").
 */
export function renderReply(reply: Reply): SlackReply {
  const blocks = reply.blocks.flatMap(renderBlock);
  const fallback = fallbackText(reply.text || 'Done.');
  return {
    response_type: reply.visibility,
    text: fallback,
    blocks: fitBlocks(blocks.length > 0 ? blocks : packSections([fallback])),
  };
}

function renderBlock(block: ReplyBlock): SlackBlock[] {
  switch (block.type) {
    case 'heading':
      return [header(block.text)];
    case 'paragraph':
      return packSections(escapeMrkdwn(block.text).split('\n'));
    case 'list':
      return packSections(
        block.items.map((item) => {
          const text = item.url ? link(item.text, item.url) : escapeMrkdwn(item.text);
          return `• ${text}${item.meta ? ` — ${escapeMrkdwn(item.meta)}` : ''}`;
        }),
      );
    case 'timeline':
      return packSections(
        block.entries.map((e) => {
          const more = e.moreCount > 0 ? ` (+${e.moreCount} more)` : '';
          const angle = e.angle ? ` · _${escapeMrkdwn(e.angle)}_` : '';
          return `*${escapeMrkdwn(e.dateLabel)}* · ${link(e.headline, e.url)} — ${escapeMrkdwn(e.outlet)}${more}${angle}`;
        }),
      );
  }
}
