import type { ThreadlineConfig } from '../config/schema.js';

type PollConfig = ThreadlineConfig['poll'];

/** Spreads polls around the interval (±jitter) so feeds added together do not fire together. */
function jittered(ms: number, jitter: number, random: () => number): number {
  return Math.round(ms * (1 + jitter * (2 * random() - 1)));
}

/** Next poll after a success: the interval, jittered. */
export function nextAfterSuccess(config: PollConfig, random: () => number): number {
  return Math.max(1000, jittered(config.interval, config.jitter, random));
}

/**
 * Next poll after the n-th consecutive failure: interval * 2^n, capped at maxBackoff.
 * Jitter only shortens a capped delay, so the cap holds.
 */
export function backoffDelay(failures: number, config: PollConfig, random: () => number): number {
  const raw = config.interval * 2 ** Math.min(failures, 30);
  const capped = Math.min(raw, config.maxBackoff);
  const delay = jittered(capped, config.jitter, random);
  return Math.max(1000, Math.min(delay, config.maxBackoff));
}

/** A server's Retry-After is honoured, but never beyond maxBackoff nor below a second. */
export function retryAfterDelay(retryAfterMs: number, config: PollConfig): number {
  return Math.min(Math.max(retryAfterMs, 1000), config.maxBackoff);
}
