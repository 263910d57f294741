import type { ChannelConfig } from '../config/schema.js';
import type { Article } from '../core/types.js';
import { ChannelFilter, type FilterVerdict } from './filters.js';

/**
 * Per-channel editorial rules as the delivery planner asks for them: a channel that takes
 * only a digest gets no live posts; otherwise its include/exclude filters decide.
 * Filters are compiled once per channel config and reused.
 */
export class ChannelFilters {
  private readonly compiled = new WeakMap<ChannelConfig, ChannelFilter>();

  check(channel: ChannelConfig | undefined, article: Article): FilterVerdict {
    if (!channel) return { pass: true };
    if (channel.digest?.only) return { pass: false, rule: `digest only (${channel.digest.every})` };
    if (!channel.filters) return { pass: true };
    let filter = this.compiled.get(channel);
    if (!filter) {
      filter = new ChannelFilter(channel.filters);
      this.compiled.set(channel, filter);
    }
    return filter.check(article);
  }
}
