import type { Transform } from 'node:stream';
import { constants, createBrotliDecompress, createGunzip, createInflate, createInflateRaw } from 'node:zlib';

/**
 * Content-Encoding decoding with the output capped: a 50 KB gzip bomb must not become
 * 5 GB in memory. Input that ends early (a body cut at the cap) yields what it can
 * instead of failing, as browsers do.
 */

export const SUPPORTED_CODINGS = ['gzip', 'x-gzip', 'deflate', 'br', 'identity'];

function decoderFor(coding: string, input: Buffer): Transform {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return createGunzip({ finishFlush: constants.Z_SYNC_FLUSH });
    case 'deflate':
      // "deflate" is meant to be zlib-wrapped, but some servers send raw deflate: sniff the header.
      return (input[0]! & 0x0f) === 0x08 ? createInflate({ finishFlush: constants.Z_SYNC_FLUSH }) : createInflateRaw({ finishFlush: constants.Z_SYNC_FLUSH });
    case 'br':
      return createBrotliDecompress({ finishFlush: constants.BROTLI_OPERATION_FLUSH });
    default:
      throw new Error(`unsupported content-encoding "${coding}"`);
  }
}

export async function decompress(input: Buffer, coding: string, maxBytes: number): Promise<{ body: Buffer; truncated: boolean }> {
  if (coding === 'identity' || input.length === 0) return { body: input, truncated: false };
  const decoder = decoderFor(coding, input);
  decoder.end(input);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of decoder as AsyncIterable<Buffer>) {
    if (size + chunk.length > maxBytes) {
      chunks.push(chunk.subarray(0, maxBytes - size));
      decoder.destroy();
      return { body: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { body: Buffer.concat(chunks, size), truncated: false };
}

/** "gzip, br" -> ["br", "gzip"]: codings are undone in reverse order of application. */
export function codingsToUndo(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity')
    .reverse();
}
