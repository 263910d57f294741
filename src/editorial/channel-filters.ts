import type { ChannelConfig } from '../config/schema.js';
import type { Article } from '../core/types.js';
import type { Logger } from '../util/logger.js';
import { ChannelFilter, type FilterVerdict } from './filters.js';

/**
 * Per-channel editorial rules as the delivery planner asks for them: a channel that takes
 * only a digest gets no live posts; otherwise its include/exclude filters decide.
 * Filters are compiled once per channel config and reused.
 */
export class ChannelFilters {
  private readonly compiled = new WeakMap<ChannelConfig, ChannelFilter>();

  constructor(private readonly log?: Logger) {}

  check(channel: ChannelConfig | undefined, article: Article): FilterVerdict {
    if (!channel) return { pass: true };
    if (channel.digest?.only) return { pass: false, rule: `digest only (${channel.digest.every})` };
    if (!channel.filters) return { pass: true };
    let filter = this.compiled.get(channel);
    if (!filter) {
      filter = new ChannelFilter(channel.filters, (side, pattern) =>
        this.log?.warn({ component: 'filters', platform: channel.platform, channel: channel.id, side, pattern }, 'filter regex ran past its time limit; disabled until restart'),
      );
      this.compiled.set(channel, filter);
    }
    return filter.check(article);
  }
}
