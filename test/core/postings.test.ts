import { describe, expect, it } from 'vitest';
import { Postings } from '../../src/core/storyline-index.js';

describe('Postings', () => {
  it('finds each key its own list through growth, with key 0 and keys above 2^31', () => {
    const postings = new Postings();
    const want = new Map<number, number[]>();
    let x = 9;
    const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0);
    const keys = [0, 1, 0x7fffffff, 0x80000000, 0xffffffff, ...Array.from({ length: 20_000 }, next)];
    for (let i = 0; i < 60_000; i++) {
      const key = keys[next() % keys.length]!;
      if (i % 3 === 0) {
        expect(postings.get(key)).toBe(want.get(key));
        continue;
      }
      const list = postings.listOf(key);
      if (!want.has(key)) {
        expect(list).toEqual([]);
        want.set(key, list);
      }
      expect(list).toBe(want.get(key));
      list.push(i);
    }
    for (const key of keys) expect(postings.get(key)).toBe(want.get(key));
  });
});
