import type { IncomingItem } from '../core/types.js';
import { truncate } from '../util/truncate.js';
import { detached } from './detach.js';
import type { ParsedFeed } from './feed-types.js';

export interface IncomingContext {
  feedId: string | null;
  /** Outlet name shown to users. */
  source: string;
  /** The URL the feed was fetched from (after redirects): relative links resolve against it. */
  baseUrl: string;
  /** ISO time the poller saw the items. */
  firstSeen: string;
}

const UNTITLED_LENGTH = 120;

/**
 * Parsed items -> IncomingItem. An item needs a http(s) link (its own, or a GUID that is
 * one) and some words (a title, or the start of its text); without them there is nothing
 * to post, so it is dropped.
 */
export function toIncomingItems(parsed: ParsedFeed, ctx: IncomingContext): IncomingItem[] {
  const out: IncomingItem[] = [];
  for (const item of parsed.items) {
    const url = httpUrl(item.link, ctx.baseUrl) ?? httpUrl(item.guid, null);
    if (!url) continue;
    const title = item.title || truncate(item.text.split('\n')[0] ?? '', UNTITLED_LENGTH);
    if (!title) continue;
    out.push({
      feedId: ctx.feedId,
      source: ctx.source,
      // Items outlive their feed document; their strings must not pin it (see detached()).
      guid: item.guid === null ? null : detached(item.guid),
      url,
      title: detached(title),
      text: detached(item.text),
      published: item.published,
      firstSeen: ctx.firstSeen,
    });
  }
  return out;
}

function httpUrl(value: string | null, base: string | null): string | null {
  if (!value) return null;
  try {
    const u = base ? new URL(value, base) : new URL(value);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
}
