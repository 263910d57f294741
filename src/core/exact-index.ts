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

/** An article's exact keys as digests: computed once, for the check and again for the commit. */
export interface ExactDigests {
  guid: number | null;
  url: number;
  title: number | null;
}

export function exactDigests(keys: ExactKeys): ExactDigests {
  return { guid: digestOrNull(keys.guid), url: keyDigest(keys.url), title: digestOrNull(keys.title) };
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

/**
 * Entries are numbered in insertion order and held in parallel arrays (no object per
 * article): the maps point from a key's digest to the entry's number.
 */
export class ExactIndex {
  private readonly guids = new Map<number, number>();
  private readonly urls = new Map<number, number>();
  private readonly titles = new Map<number, number>();
  private readonly articleIds: string[] = [];
  private readonly rootIds: string[] = [];
  private readonly ats: number[] = [];
  /** Per entry, its three key digests; NaN for a missing GUID or title key. */
  private readonly digests: number[] = [];
  /** Number of the entry at array index 0 (entries before it were evicted and spliced off). */
  private base = 0;
  private head = 0;

  /** `titleOk(id)` lets the caller veto a same-title match (the texts differ: a recurring headline). */
  find(keys: ExactDigests, titleOk: (articleId: string) => boolean): ExactMatch | null {
    const { guid, title } = keys;
    const byGuid = guid !== null ? this.guids.get(guid) : undefined;
    if (byGuid !== undefined) return this.match(byGuid, 'guid');
    const byUrl = this.urls.get(keys.url);
    if (byUrl !== undefined) return this.match(byUrl, 'url');
    const byTitle = title !== null ? this.titles.get(title) : undefined;
    if (byTitle !== undefined && titleOk(this.articleIds[byTitle - this.base]!)) return this.match(byTitle, 'title');
    return null;
  }

  /** First writer wins: a key keeps pointing at the earliest article that had it. */
  add(articleId: string, rootId: string, at: number, keys: ExactDigests): void {
    const n = this.base + this.articleIds.length;
    const { guid, url, title } = keys;
    if (guid !== null && !this.guids.has(guid)) this.guids.set(guid, n);
    if (!this.urls.has(url)) this.urls.set(url, n);
    if (title !== null && !this.titles.has(title)) this.titles.set(title, n);
    this.articleIds.push(articleId);
    this.rootIds.push(rootId);
    this.ats.push(at);
    this.digests.push(guid ?? NaN, url, title ?? NaN);
  }

  evictBefore(cutoff: number): void {
    while (this.head < this.ats.length && this.ats[this.head]! < cutoff) {
      const n = this.base + this.head;
      const guid = this.digests[this.head * 3]!;
      const url = this.digests[this.head * 3 + 1]!;
      const title = this.digests[this.head * 3 + 2]!;
      if (!Number.isNaN(guid) && this.guids.get(guid) === n) this.guids.delete(guid);
      if (this.urls.get(url) === n) this.urls.delete(url);
      if (!Number.isNaN(title) && this.titles.get(title) === n) this.titles.delete(title);
      this.head++;
    }
    if (this.head > 4096 && this.head * 2 > this.ats.length) {
      this.articleIds.splice(0, this.head);
      this.rootIds.splice(0, this.head);
      this.ats.splice(0, this.head);
      this.digests.splice(0, this.head * 3);
      this.base += this.head;
      this.head = 0;
    }
  }

  private match(n: number, reason: ExactMatch['reason']): ExactMatch {
    const i = n - this.base;
    return { articleId: this.articleIds[i]!, rootId: this.rootIds[i]!, reason };
  }
}
