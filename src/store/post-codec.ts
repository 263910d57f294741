import type { Post } from '../core/types.js';
import { packText, unpackText } from './text-codec.js';

/**
 * How a delivery's post is kept in the outbox: its JSON, packed (see text-codec). A post is
 * a snapshot (the article may be revised after it was queued), so it cannot point at the
 * article row instead; but it is mostly prose and compresses to about half.
 */
export function encodePost(post: Post): string | Buffer {
  return packText(JSON.stringify(post));
}

/** The stored post, or null when it is unreadable (corrupt row): the caller decides what that means. */
export function decodePost(value: unknown): Post | null {
  const json = unpackText(value);
  if (json === null) return null;
  try {
    return JSON.parse(json) as Post;
  } catch {
    return null;
  }
}
