import { describe, expect, it } from 'vitest';
import { backoffMs, decideRetry, type RetryPolicyOptions } from '../../src/delivery/retry-policy.js';
import { DeliveryError } from '../../src/util/errors.js';
import { seededRandom } from './helpers.js';

const policy: RetryPolicyOptions = { baseMs: 1_000, maxMs: 60_000, jitter: 0.5, maxAttempts: 10, maxAgeMs: 3_600_000 };

describe('decideRetry', () => {
  it('fails a permanent error at once with its reason', () => {
    const d = decideRetry(new DeliveryError('channel_not_found', true, 'channel_not_found'), 1, 0, policy);
    expect(d).toEqual({ retry: false, reason: 'channel_not_found' });
  });

  it('keeps both reason and message when they differ', () => {
    const d = decideRetry(new DeliveryError('Missing Permissions', true, '50013'), 1, 0, policy);
    expect(d.reason).toBe('50013: Missing Permissions');
  });

  it("waits at least the platform's Retry-After, and not much more", () => {
    const random = seededRandom(7);
    for (let i = 0; i < 50; i++) {
      const d = decideRetry(new DeliveryError('rate limited', false, 'rate_limited', 1_500), 1, 0, policy, random);
      expect(d.retry).toBe(true);
      if (!d.retry) return;
      expect(d.delayMs).toBeGreaterThanOrEqual(1_500);
      expect(d.delayMs).toBeLessThanOrEqual(1_650);
    }
  });

  it('backs off exponentially with jitter for 5xx and network errors, up to the cap', () => {
    const random = seededRandom(1);
    const err = new DeliveryError('502 Bad Gateway', false, 'http_502');
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 9].map((attempt) => {
      const d = decideRetry(err, attempt, 0, policy, random);
      return d.retry ? d.delayMs : -1;
    });
    delays.forEach((ms, i) => {
      const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** i);
      expect(ms).toBeGreaterThanOrEqual(ceiling * (1 - policy.jitter));
      expect(ms).toBeLessThanOrEqual(ceiling);
    });
    expect(Math.max(...delays)).toBeLessThanOrEqual(60_000);
  });

  it('spreads retries of many deliveries failing together (jitter)', () => {
    const random = seededRandom(3);
    const set = new Set(Array.from({ length: 20 }, () => backoffMs(4, policy, random)));
    expect(set.size).toBeGreaterThan(10);
  });

  it('gives up after the attempt cap or when the delivery is too old', () => {
    const err = new DeliveryError('503', false, 'http_503');
    const byAttempts = decideRetry(err, 10, 0, policy);
    expect(byAttempts.retry).toBe(false);
    expect(byAttempts.reason).toMatch(/gave up after 10 attempts: http_503/);
    const byAge = decideRetry(err, 2, 3_600_000, policy);
    expect(byAge.retry).toBe(false);
  });

  it('retries unexpected errors too, but within the same caps', () => {
    expect(decideRetry(new TypeError('x is undefined'), 1, 0, policy).retry).toBe(true);
    expect(decideRetry(new TypeError('x is undefined'), 10, 0, policy)).toEqual({ retry: false, reason: 'gave up after 10 attempts: x is undefined' });
  });
});
