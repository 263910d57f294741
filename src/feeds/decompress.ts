import type { Transform } from 'node:stream';
import { brotliDecompressSync, constants, createBrotliDecompress, createGunzip, createInflate, createInflateRaw, gunzipSync, inflateRawSync, inflateSync, type ZlibOptions } from 'node:zlib';

/**
 * Content-Encoding decoding with the output capped: a 50 KB gzip bomb must not become
 * 5 GB in memory. Input that ends early (a body cut at the cap) yields what it can
 * instead of failing, as browsers do.
 */

export const SUPPORTED_CODINGS = ['gzip', 'x-gzip', 'deflate', 'br', 'identity'];

type Codec = 'gunzip' | 'inflate' | 'inflate-raw' | 'brotli';

function codecFor(coding: string, input: Buffer): Codec {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return 'gunzip';
    case 'deflate':
      // "deflate" is meant to be zlib-wrapped, but some servers send raw deflate: sniff the header.
      return (input[0]! & 0x0f) === 0x08 ? 'inflate' : 'inflate-raw';
    case 'br':
      return 'brotli';
    default:
      throw new Error(`unsupported content-encoding "${coding}"`);
  }
}

const ZLIB_END: ZlibOptions = { finishFlush: constants.Z_SYNC_FLUSH };

function decoderFor(codec: Codec): Transform {
  switch (codec) {
    case 'gunzip':
      return createGunzip(ZLIB_END);
    case 'inflate':
      return createInflate(ZLIB_END);
    case 'inflate-raw':
      return createInflateRaw(ZLIB_END);
    case 'brotli':
      return createBrotliDecompress({ finishFlush: constants.BROTLI_OPERATION_FLUSH });
  }
}

/** Feed documents inflate about 4x; one output chunk of that size avoids a copy to join several. */
const MIN_CHUNK = 16 * 1024;

/**
 * The whole body in one synchronous call, or null when it inflates past maxBytes (the
 * stream below then keeps what fits). A feed inflates in well under a millisecond, and
 * doing it at once spares the stream's chunk buffers, which otherwise wait on the thread
 * pool long enough to outlive young-generation GCs and pile up as malloc'd garbage.
 */
function decompressWhole(input: Buffer, codec: Codec, maxBytes: number): Buffer | null {
  const chunkSize = Math.min(Math.max(input.length * 4, MIN_CHUNK), Math.max(maxBytes, 64));
  try {
    switch (codec) {
      case 'gunzip':
        return gunzipSync(input, { ...ZLIB_END, chunkSize, maxOutputLength: maxBytes });
      case 'inflate':
        return inflateSync(input, { ...ZLIB_END, chunkSize, maxOutputLength: maxBytes });
      case 'inflate-raw':
        return inflateRawSync(input, { ...ZLIB_END, chunkSize, maxOutputLength: maxBytes });
      case 'brotli':
        return brotliDecompressSync(input, { finishFlush: constants.BROTLI_OPERATION_FLUSH, chunkSize, maxOutputLength: maxBytes });
    }
  } catch (err) {
    if ((err as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') return null;
    throw err;
  }
}

export async function decompress(input: Buffer, coding: string, maxBytes: number): Promise<{ body: Buffer; truncated: boolean }> {
  if (coding === 'identity' || input.length === 0) return { body: input, truncated: false };
  const codec = codecFor(coding, input);
  const whole = decompressWhole(input, codec, maxBytes);
  if (whole) return { body: whole, truncated: false };
  const decoder = decoderFor(codec);
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
