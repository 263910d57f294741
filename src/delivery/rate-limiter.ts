/**
 * Token buckets keyed by name ("slack:C123", "discord:global"). A caller *reserves* a
 * slot in one or more buckets at once and is told how long to wait before using it; the
 * slot is debited immediately (a bucket may go into debt), so concurrent callers queue up
 * behind each other instead of all waking at the same instant and bursting.
 */

export interface BucketSpec {
  /** Most requests allowed back to back. */
  capacity: number;
  /** `capacity` tokens come back over this many milliseconds. */
  perMs: number;
}

interface Bucket {
  spec: BucketSpec;
  tokens: number;
  updatedAt: number;
  /** No slot before this instant (set from a platform's Retry-After). */
  blockedUntil: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /**
   * Takes one token from each named bucket and returns the milliseconds to wait before
   * the request may go out (0 = now). `keys` pairs a bucket name with its spec; a bucket
   * is created on first use.
   */
  reserve(keys: ReadonlyArray<readonly [string, BucketSpec]>, nowMs: number): number {
    const buckets = keys.map(([key, spec]) => this.bucket(key, spec, nowMs));
    let startAt = nowMs;
    for (const b of buckets) startAt = Math.max(startAt, readyAt(b, nowMs));
    for (const b of buckets) b.tokens -= 1;
    return startAt - nowMs;
  }

  /** Nothing goes out on this bucket before `untilMs` (a 429's Retry-After). */
  block(key: string, spec: BucketSpec, untilMs: number, nowMs: number): void {
    const b = this.bucket(key, spec, nowMs);
    b.blockedUntil = Math.max(b.blockedUntil, untilMs);
  }

  /** Forgets buckets that are full again, so channels seen once do not accumulate. */
  prune(nowMs: number): void {
    for (const [key, b] of this.buckets) {
      refill(b, nowMs);
      if (b.tokens >= b.spec.capacity && b.blockedUntil <= nowMs) this.buckets.delete(key);
    }
  }

  get size(): number {
    return this.buckets.size;
  }

  private bucket(key: string, spec: BucketSpec, nowMs: number): Bucket {
    let b = this.buckets.get(key);
    if (!b) {
      b = { spec, tokens: spec.capacity, updatedAt: nowMs, blockedUntil: 0 };
      this.buckets.set(key, b);
    }
    refill(b, nowMs);
    return b;
  }
}

function refill(b: Bucket, nowMs: number): void {
  if (nowMs <= b.updatedAt) return;
  const rate = b.spec.capacity / b.spec.perMs;
  b.tokens = Math.min(b.spec.capacity, b.tokens + (nowMs - b.updatedAt) * rate);
  b.updatedAt = nowMs;
}

/** The instant this bucket will hold a whole token (it may be in debt). */
function readyAt(b: Bucket, nowMs: number): number {
  const rate = b.spec.capacity / b.spec.perMs;
  const byTokens = b.tokens >= 1 ? nowMs : nowMs + Math.ceil((1 - b.tokens) / rate);
  return Math.max(byTokens, b.blockedUntil);
}
