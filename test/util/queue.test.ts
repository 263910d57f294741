import { describe, expect, it } from 'vitest';
import { Queue } from '../../src/util/queue.js';

describe('Queue', () => {
  it('gives items back oldest first across compactions, and undefined when empty', () => {
    const queue = new Queue<number>();
    const model: number[] = [];
    let next = 0;
    // Pushes and shifts interleaved, with long runs of each, so the head passes the compaction point many times.
    for (let round = 0; round < 40; round++) {
      for (let i = 0; i < 100 + ((round * 37) % 900); i++) {
        queue.push(next);
        model.push(next++);
      }
      for (let i = 0; i < 80 + ((round * 53) % 1000); i++) expect(queue.shift()).toBe(model.shift());
      expect(queue.length).toBe(model.length);
    }
    while (model.length > 0) expect(queue.shift()).toBe(model.shift());
    expect(queue.shift()).toBeUndefined();
    expect(queue.length).toBe(0);
  });
});
