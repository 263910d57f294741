import { deflateRawSync, inflateRawSync } from 'node:zlib';

/**
 * Long prose columns (article text, outbox posts) are kept deflated: they are the bulk of
 * the database and compress to about half. Deflated text is a BLOB; a TEXT value (rows
 * written before, or by hand) reads as it is, so no migration rewrites old rows. Nothing
 * queries inside these columns, so SQL never needs them as text.
 */

/** Below this, deflate's framing outweighs what it saves. */
const PACK_FROM = 256;

export function packText(text: string): string | Buffer {
  // Level 1: nearly the default's size on short prose, at half the CPU.
  return text.length < PACK_FROM ? text : deflateRawSync(Buffer.from(text, 'utf8'), { level: 1 });
}

/** The stored text, or null when the value is neither text nor a readable deflated BLOB. */
export function unpackText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (!Buffer.isBuffer(value)) return null;
  try {
    return inflateRawSync(value).toString('utf8');
  } catch {
    return null;
  }
}
