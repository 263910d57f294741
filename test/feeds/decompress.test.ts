import { brotliCompressSync, constants, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decompress } from '../../src/feeds/decompress.js';

const DOC = Buffer.from('<rss><channel>' + '<item><title>Cobalt AI raises $300M</title></item>'.repeat(2_000) + '</channel></rss>');

describe('decompress', () => {
  it.each([
    ['gzip', gzipSync(DOC)],
    ['x-gzip', gzipSync(DOC)],
    ['deflate', deflateSync(DOC)],
    ['deflate', deflateRawSync(DOC)],
    ['br', brotliCompressSync(DOC, { params: { [constants.BROTLI_PARAM_QUALITY]: 4 } })],
  ])('undoes %s in full under the cap', async (coding, input) => {
    expect(await decompress(input, coding, 5_000_000)).toEqual({ body: DOC, truncated: false });
  });

  it('keeps exactly the cap of a body that inflates past it, and says so', async () => {
    const { body, truncated } = await decompress(gzipSync(DOC), 'gzip', 10_000);
    expect(truncated).toBe(true);
    expect(body).toEqual(DOC.subarray(0, 10_000));
  });

  it('does not call a body that inflates to exactly the cap truncated', async () => {
    expect(await decompress(gzipSync(DOC), 'gzip', DOC.length)).toEqual({ body: DOC, truncated: false });
  });

  it('yields what it can of input cut short', async () => {
    const cut = gzipSync(DOC).subarray(0, 1_000);
    const { body, truncated } = await decompress(cut, 'gzip', 5_000_000);
    expect(truncated).toBe(false);
    expect(body.length).toBeGreaterThan(0);
    expect(body).toEqual(DOC.subarray(0, body.length));
  });

  it('rejects what is not the coding it claims', async () => {
    await expect(decompress(Buffer.from('definitely not gzip'), 'gzip', 5_000_000)).rejects.toThrow();
  });
});
