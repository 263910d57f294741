import type { ThreadlineConfig } from './schema.js';
import type { Platform } from '../core/types.js';

export interface ChannelTopic {
  platform: Platform;
  channelId: string;
  topic: string;
}

/** Config channels plus runtime subscriptions, without repeats. "*" means every topic. */
export function effectiveSubscriptions(config: ThreadlineConfig, stored: ChannelTopic[]): ChannelTopic[] {
  const seen = new Set<string>();
  const out: ChannelTopic[] = [];
  const add = (s: ChannelTopic) => {
    const key = `${s.platform}|${s.channelId}|${s.topic}`;
    if (seen.has(key)) return;
    seen.add(key);
    out.push(s);
  };
  for (const c of config.channels) for (const topic of c.topics) add({ platform: c.platform, channelId: c.id, topic });
  for (const s of stored) add(s);
  return out;
}
