import { describe, expect, it } from 'vitest';
import { RateLimiter, type BucketSpec } from '../../src/delivery/rate-limiter.js';

const DISCORD_CHANNEL: BucketSpec = { capacity: 5, perMs: 5_000 };
const SLACK_CHANNEL: BucketSpec = { capacity: 1, perMs: 1_000 };

describe('RateLimiter', () => {
  it('lets a full bucket burst, then spaces requests at the refill rate', () => {
    const rl = new RateLimiter();
    const waits = Array.from({ length: 8 }, () => rl.reserve([['c', DISCORD_CHANNEL]], 0));
    expect(waits).toEqual([0, 0, 0, 0, 0, 1000, 2000, 3000]);
  });

  it('refills over time up to capacity, never beyond', () => {
    const rl = new RateLimiter();
    for (let i = 0; i < 5; i++) rl.reserve([['c', DISCORD_CHANNEL]], 0);
    // A long pause refills to 5, not to 50.
    const waits = Array.from({ length: 6 }, () => rl.reserve([['c', DISCORD_CHANNEL]], 60_000));
    expect(waits).toEqual([0, 0, 0, 0, 0, 1000]);
  });

  it('paces Slack at one message per second per channel, channels independent', () => {
    const rl = new RateLimiter();
    expect(rl.reserve([['a', SLACK_CHANNEL]], 0)).toBe(0);
    expect(rl.reserve([['a', SLACK_CHANNEL]], 0)).toBe(1000);
    expect(rl.reserve([['b', SLACK_CHANNEL]], 0)).toBe(0);
    expect(rl.reserve([['a', SLACK_CHANNEL]], 500)).toBe(1500);
  });

  it('waits for the slowest of several buckets (channel and global)', () => {
    const rl = new RateLimiter();
    const global: BucketSpec = { capacity: 2, perMs: 1_000 };
    const waits = ['a', 'b', 'c', 'd'].map((ch) => rl.reserve([[ch, DISCORD_CHANNEL], ['global', global]], 0));
    // Each channel has room; the global bucket allows 2 at once, then one every 500 ms.
    expect(waits).toEqual([0, 0, 500, 1000]);
  });

  it('holds a bucket closed until a Retry-After has passed', () => {
    const rl = new RateLimiter();
    rl.block('a', SLACK_CHANNEL, 4_000, 0);
    expect(rl.reserve([['a', SLACK_CHANNEL]], 1_000)).toBe(3000);
  });

  it('forgets idle buckets when pruned', () => {
    const rl = new RateLimiter();
    rl.reserve([['a', SLACK_CHANNEL]], 0);
    rl.reserve([['b', SLACK_CHANNEL]], 0);
    rl.prune(10_000);
    expect(rl.size).toBe(0);
  });
});
