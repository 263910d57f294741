import { describe, expect, it } from 'vitest';
import { detached } from '../../src/feeds/detach.js';

/** What detached() did before it reused one buffer: a UTF-8 round trip through a fresh Buffer. */
const viaFreshBuffer = (text: string): string => Buffer.from(text, 'utf8').toString('utf8');

describe('detached', () => {
  it.each([
    ['short strings as they are', 'GPT-5'],
    ['ASCII', 'Northwind Labs opens weights of its 40B reasoning model'],
    ['accents, curly quotes and the euro sign', '“Llama” costs €5 – café, naïve'.repeat(4)],
    ['characters outside the BMP', 'Launch day 🚀🚀 for the 𝔸𝕀 lab '.repeat(3)],
    ['a lone surrogate (replaced, as Buffer.from does)', 'broken \ud83d pair in a title'],
  ])('copies %s exactly as a Buffer round trip would', (_, text) => {
    expect(detached(text)).toBe(viaFreshBuffer(text));
  });

  it('copies texts longer than its scratch buffer, and shorter ones after them', () => {
    const long = 'ü€𝔸 long body line\n'.repeat(5_000);
    expect(detached(long)).toBe(long);
    expect(detached('a shorter one after the long one')).toBe('a shorter one after the long one');
  });
});
