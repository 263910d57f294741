import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { Post } from '../core/types.js';

/**
 * How a delivery's post is kept in the outbox. A post is a snapshot (the article may be
 * revised after it was queued), so it cannot point at the article row; but it is mostly
 * prose (summary, what's new), the largest thing in the database after the articles, and
 * compresses to about half. Deflated JSON is a BLOB; rows written as TEXT JSON (before
 * compression, or by hand) still read.
 */

/** Below this, deflate's framing outweighs what it saves. */
const COMPRESS_FROM = 256;

export function encodePost(post: Post): string | Buffer {
  const json = JSON.stringify(post);
  // Level 1: nearly the same size as the default on short prose, at half the CPU.
  return json.length < COMPRESS_FROM ? json : deflateRawSync(Buffer.from(json, 'utf8'), { level: 1 });
}

/** The stored post, or null when it is unreadable (corrupt row): the caller decides what that means. */
export function decodePost(value: unknown): Post | null {
  try {
    if (Buffer.isBuffer(value)) return JSON.parse(inflateRawSync(value).toString('utf8')) as Post;
    if (typeof value === 'string') return JSON.parse(value) as Post;
  } catch {
    // fall through: unreadable
  }
  return null;
}
