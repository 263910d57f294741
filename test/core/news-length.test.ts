import { describe, expect, it } from 'vitest';
import { hasNewsLength } from '../../src/core/summary.js';
import { wordCount } from '../../src/core/text.js';

describe('hasNewsLength', () => {
  it('is 6 <= wordCount <= 70, for ASCII and other text of every length', () => {
    let seed = 3;
    const next = (n: number): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    const pieces = ['a', 'word', 'x1', ' ', ' ', ', ', '-', '_', 'é', 'e\u0301', '日本', '—', '.', '42'];
    for (let round = 0; round < 5000; round++) {
      let text = '';
      const length = next(300);
      while (text.length < length) text += pieces[next(pieces.length)];
      const words = wordCount(text);
      expect(hasNewsLength(text)).toBe(words >= 6 && words <= 70);
    }
  });
});
