import type { ChannelConfig } from '../config/schema.js';
import type { Article, Placement, Platform, Post, PostKind } from '../core/types.js';
import type { NewDelivery, Store, Subscription } from '../store/store.js';

/** A channel that may receive posts: config channels and runtime subscriptions merged. */
export interface TargetChannel {
  platform: Platform;
  channelId: string;
  /** Topic ids, or "*" for every topic. */
  topics: Set<string>;
  /** The config entry, when the channel is in the config (filters, forum, digest). */
  config?: ChannelConfig;
}

/** Same shape as editorial's FilterVerdict, so a ChannelFilter plugs in directly. */
export type ChannelVerdict = { pass: true } | { pass: false; rule: string };

/**
 * Per-channel editorial rules (issue 8): asked once per channel that would receive the
 * article, after topic matching. Not asked for 'also-reported' notes, which belong to a
 * story the channel already accepted.
 */
export type ChannelFilterHook = (channel: TargetChannel, article: Article, placement: Placement) => ChannelVerdict;

export interface PlanInput {
  article: Article;
  placement: Placement;
  post: Post;
  channels: ChannelConfig[];
  subscriptions: Subscription[];
  /** Read only: thread refs and the outbox, to know which channels already have the storyline. */
  store: Pick<Store, 'getThreadRef' | 'hasStoryDelivery' | 'getStoryline'>;
  filter?: ChannelFilterHook;
  /** Told about every channel the filter turned away (for `explain` and logs). */
  onFiltered?: (channel: TargetChannel, rule: string) => void;
}

/**
 * Which channels get what for one newly placed article. Runs inside the ingest
 * transaction, so the deliveries are written together with the article.
 *
 * - story: a 'story' post in every channel whose topics match the article's.
 * - follow-up: a 'follow-up' in the thread of every matching channel that already has
 *   the storyline (a thread ref, or a story delivery pending or sent); a matching channel
 *   that does not (it subscribed later, or its story post failed) gets a 'story' instead.
 * - duplicate: an 'also-reported' note only where the storyline already lives; nowhere else.
 *
 * For follow-ups and duplicates a channel "matches" on the article's topics or the
 * storyline's, so a thread keeps growing even when a later report is tagged differently.
 */
export function planDeliveries(input: PlanInput): NewDelivery[] {
  const { article, placement, post, store } = input;
  if (article.suppressed) return [];
  const channels = mergeChannels(input.channels, input.subscriptions);
  const storyTopics = placement.kind === 'story' ? [] : (store.getStoryline(placement.storylineId)?.topics ?? []);
  const hasStoryline = placement.kind === 'story' ? () => false : storylineHolders(store, placement.storylineId);

  const out: NewDelivery[] = [];
  for (const channel of channels) {
    const held = hasStoryline(channel);
    const interested = matches(channel, article.topics) || (held && matches(channel, storyTopics));
    if (!interested) continue;

    let kind: PostKind;
    if (placement.kind === 'duplicate') {
      if (!held) continue;
      kind = 'also-reported';
    } else {
      kind = placement.kind === 'follow-up' && held ? 'follow-up' : 'story';
      const verdict = input.filter?.(channel, article, placement) ?? { pass: true };
      if (!verdict.pass) {
        input.onFiltered?.(channel, verdict.rule);
        continue;
      }
    }
    out.push({
      platform: channel.platform,
      channelId: channel.channelId,
      kind,
      articleId: article.id,
      storylineId: placement.storylineId,
      post: post.kind === kind ? post : { ...post, kind },
    });
  }
  return out;
}

/** One entry per (platform, channel), config first, topics unioned. */
export function mergeChannels(channels: ChannelConfig[], subscriptions: Subscription[]): TargetChannel[] {
  const byKey = new Map<string, TargetChannel>();
  const get = (platform: Platform, channelId: string): TargetChannel => {
    const key = `${platform}|${channelId}`;
    let c = byKey.get(key);
    if (!c) {
      c = { platform, channelId, topics: new Set() };
      byKey.set(key, c);
    }
    return c;
  };
  for (const c of channels) {
    const target = get(c.platform, c.id);
    target.config = c;
    for (const t of c.topics) target.topics.add(t);
  }
  for (const s of subscriptions) get(s.platform, s.channelId).topics.add(s.topic);
  return [...byKey.values()];
}

function matches(channel: TargetChannel, topics: string[]): boolean {
  return channel.topics.has('*') || topics.some((t) => channel.topics.has(t));
}

/**
 * Whether a channel already has the storyline: a thread ref (its root was posted), or
 * a 'story' delivery for it that is pending (the root is on its way) or sent. Two indexed
 * point lookups per channel, whatever the storyline's length: no posts are read.
 */
function storylineHolders(store: PlanInput['store'], storylineId: string): (c: TargetChannel) => boolean {
  return (c) =>
    store.getThreadRef(c.platform, c.channelId, storylineId) !== undefined || store.hasStoryDelivery(c.platform, c.channelId, storylineId);
}
