import { DeliveryError, errorMessage } from '../util/errors.js';

export interface RetryPolicyOptions {
  /** First backoff step. */
  baseMs: number;
  /** Backoff never grows beyond this. */
  maxMs: number;
  /** Fraction of the backoff that is randomised away (0 = none, 1 = "full jitter"). */
  jitter: number;
  /** Give up after this many failed attempts... */
  maxAttempts: number;
  /** ...or once the delivery is this old: news a day late is no longer news. */
  maxAgeMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicyOptions = {
  baseMs: 2_000,
  maxMs: 15 * 60_000,
  jitter: 0.5,
  maxAttempts: 25,
  maxAgeMs: 24 * 3600_000,
};

export type RetryDecision = { retry: true; delayMs: number; reason: string } | { retry: false; reason: string };

/**
 * What to do after a failed send. Permanent platform errors fail at once. Transient ones
 * (429, 5xx, network) wait the platform's Retry-After when it gave one, else an
 * exponential backoff with jitter, so many channels failing together do not retry in step.
 * Errors that are not DeliveryErrors (a bug in a renderer, say) are retried too, but the
 * attempt and age caps make sure they end as "failed" rather than looping for ever.
 *
 * @param attempt the attempt that just failed, 1-based
 * @param ageMs time since the delivery was enqueued
 */
export function decideRetry(
  err: unknown,
  attempt: number,
  ageMs: number,
  policy: RetryPolicyOptions = DEFAULT_RETRY_POLICY,
  random: () => number = Math.random,
): RetryDecision {
  const reason = describeError(err);
  if (err instanceof DeliveryError && err.permanent) return { retry: false, reason };
  if (attempt >= policy.maxAttempts) return { retry: false, reason: `gave up after ${attempt} attempts: ${reason}` };
  if (ageMs >= policy.maxAgeMs) return { retry: false, reason: `gave up after ${Math.round(ageMs / 60_000)} min: ${reason}` };
  const retryAfter = err instanceof DeliveryError ? err.retryAfterMs : null;
  const delayMs = retryAfter !== null && retryAfter >= 0 ? retryAfter + smallSpread(retryAfter, random) : backoffMs(attempt, policy, random);
  return { retry: true, delayMs, reason };
}

/** base * 2^(attempt-1), capped, with the top `jitter` fraction randomised. */
export function backoffMs(attempt: number, policy: RetryPolicyOptions, random: () => number = Math.random): number {
  const exp = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempt - 1, 30)));
  return Math.round(exp * (1 - policy.jitter * random()));
}

/** Up to 10% (at most 1 s) on top of a Retry-After: never earlier than asked. */
function smallSpread(retryAfterMs: number, random: () => number): number {
  return Math.round(Math.min(1_000, retryAfterMs * 0.1) * random());
}

export function describeError(err: unknown): string {
  if (err instanceof DeliveryError) return err.message.includes(err.reason) ? err.message : `${err.reason}: ${err.message}`;
  return errorMessage(err);
}
