import { describe, expect, it } from 'vitest';
import { keyDigest } from '../../src/core/exact-index.js';

describe('keyDigest', () => {
  it('gives exact integers below 2^53, the same for the same key', () => {
    for (const key of ['', 'a', 'TechCrunch\nhttps://techcrunch.example/2025/07/14/meta-behemoth', 'é ü 中文']) {
      const d = keyDigest(key);
      expect(Number.isSafeInteger(d)).toBe(true);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(keyDigest(key)).toBe(d);
    }
  });

  it('tells apart 300,000 keys that differ in a character or two (a full window of URLs)', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 100_000; i++) {
      for (const key of [`https://outlet.example/2025/07/${i}/story`, `outlet\nhttps://outlet.example/2025/07/${i}/story`, `outlet\nmeta weighs closed behemoth ${i}`]) seen.add(keyDigest(key));
    }
    expect(seen.size).toBe(300_000);
  });
});
