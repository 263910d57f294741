/**
 * Exact duplicates: the same GUID from the same feed, the same canonical URL, or the same
 * normalised headline from the same outlet. Plain hash lookups, kept for a time window.
 */
import type { DuplicateReason } from './types.js';

export interface ExactKeys {
  guid: string | null;
  url: string;
  title: string | null;
}

interface Entry {
  articleId: string;
  rootId: string;
  at: number;
  keys: ExactKeys;
}

export interface ExactMatch {
  articleId: string;
  rootId: string;
  reason: Exclude<DuplicateReason, 'near-text'>;
}

/** `feed-or-outlet \n guid`: GUIDs are only unique within one feed. */
export function guidKey(feedId: string | null, source: string, guid: string | null): string | null {
  return guid ? `${feedId ?? source}\n${guid}` : null;
}

/** `outlet \n normalised title`; very short headlines ("Podcast", "Daily brief") are not keys. */
export function titleKey(source: string, normalisedTitle: string): string | null {
  return normalisedTitle.split(' ').length >= 3 ? `${source.toLowerCase()}\n${normalisedTitle}` : null;
}

export class ExactIndex {
  private readonly guids = new Map<string, Entry>();
  private readonly urls = new Map<string, Entry>();
  private readonly titles = new Map<string, Entry>();
  private readonly queue: Entry[] = [];
  private head = 0;

  /** `titleOk(id)` lets the caller veto a same-title match (the texts differ: a recurring headline). */
  find(keys: ExactKeys, titleOk: (articleId: string) => boolean): ExactMatch | null {
    const byGuid = keys.guid ? this.guids.get(keys.guid) : undefined;
    if (byGuid) return { articleId: byGuid.articleId, rootId: byGuid.rootId, reason: 'guid' };
    const byUrl = this.urls.get(keys.url);
    if (byUrl) return { articleId: byUrl.articleId, rootId: byUrl.rootId, reason: 'url' };
    const byTitle = keys.title ? this.titles.get(keys.title) : undefined;
    if (byTitle && titleOk(byTitle.articleId)) return { articleId: byTitle.articleId, rootId: byTitle.rootId, reason: 'title' };
    return null;
  }

  /** First writer wins: a key keeps pointing at the earliest article that had it. */
  add(articleId: string, rootId: string, at: number, keys: ExactKeys): void {
    const e: Entry = { articleId, rootId, at, keys };
    if (keys.guid && !this.guids.has(keys.guid)) this.guids.set(keys.guid, e);
    if (!this.urls.has(keys.url)) this.urls.set(keys.url, e);
    if (keys.title && !this.titles.has(keys.title)) this.titles.set(keys.title, e);
    this.queue.push(e);
  }

  evictBefore(cutoff: number): void {
    while (this.head < this.queue.length && this.queue[this.head]!.at < cutoff) {
      const e = this.queue[this.head++]!;
      if (e.keys.guid && this.guids.get(e.keys.guid) === e) this.guids.delete(e.keys.guid);
      if (this.urls.get(e.keys.url) === e) this.urls.delete(e.keys.url);
      if (e.keys.title && this.titles.get(e.keys.title) === e) this.titles.delete(e.keys.title);
    }
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }
}
