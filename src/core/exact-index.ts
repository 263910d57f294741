/**
 * Exact duplicates: the same GUID from the same feed, the same canonical URL, or the same
 * normalised headline from the same outlet. Plain hash lookups, kept for a time window.
 * Keys are kept as 53-bit digests, not as the strings: three URL-sized strings per article
 * were a quarter of the engine's heap at 100k articles. Two different keys share a digest
 * with probability ~2^-53 per pair, ~5e-6 over the 300k keys of a full window.
 */
import { fmix32, fnv1a32 } from './hash.js';
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
  guid: number | null;
  url: number;
  title: number | null;
}

/** A second 32-bit hash, independent of FNV-1a (other multiplier, other mixing): the two make one 53-bit digest. */
function murmurish32(text: string): number {
  let h = 0x9747b28c;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  return fmix32(h ^ text.length);
}

/** A key's digest: an integer below 2^53, exact as a JS number and as a Map key. */
export function keyDigest(key: string): number {
  return fmix32(fnv1a32(key)) * 2 ** 21 + (murmurish32(key) >>> 11);
}

const digestOrNull = (key: string | null): number | null => (key ? keyDigest(key) : null);

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
  private readonly guids = new Map<number, Entry>();
  private readonly urls = new Map<number, Entry>();
  private readonly titles = new Map<number, Entry>();
  private readonly queue: Entry[] = [];
  private head = 0;

  /** `titleOk(id)` lets the caller veto a same-title match (the texts differ: a recurring headline). */
  find(keys: ExactKeys, titleOk: (articleId: string) => boolean): ExactMatch | null {
    const guid = digestOrNull(keys.guid);
    const title = digestOrNull(keys.title);
    const byGuid = guid !== null ? this.guids.get(guid) : undefined;
    if (byGuid) return { articleId: byGuid.articleId, rootId: byGuid.rootId, reason: 'guid' };
    const byUrl = this.urls.get(keyDigest(keys.url));
    if (byUrl) return { articleId: byUrl.articleId, rootId: byUrl.rootId, reason: 'url' };
    const byTitle = title !== null ? this.titles.get(title) : undefined;
    if (byTitle && titleOk(byTitle.articleId)) return { articleId: byTitle.articleId, rootId: byTitle.rootId, reason: 'title' };
    return null;
  }

  /** First writer wins: a key keeps pointing at the earliest article that had it. */
  add(articleId: string, rootId: string, at: number, keys: ExactKeys): void {
    const e: Entry = { articleId, rootId, at, guid: digestOrNull(keys.guid), url: keyDigest(keys.url), title: digestOrNull(keys.title) };
    if (e.guid !== null && !this.guids.has(e.guid)) this.guids.set(e.guid, e);
    if (!this.urls.has(e.url)) this.urls.set(e.url, e);
    if (e.title !== null && !this.titles.has(e.title)) this.titles.set(e.title, e);
    this.queue.push(e);
  }

  evictBefore(cutoff: number): void {
    while (this.head < this.queue.length && this.queue[this.head]!.at < cutoff) {
      const e = this.queue[this.head++]!;
      if (e.guid !== null && this.guids.get(e.guid) === e) this.guids.delete(e.guid);
      if (this.urls.get(e.url) === e) this.urls.delete(e.url);
      if (e.title !== null && this.titles.get(e.title) === e) this.titles.delete(e.title);
    }
    if (this.head > 4096 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }
}
