import { DefaultRestOptions, REST } from '@discordjs/rest';
import type { Env } from '../../config/env.js';

export interface DiscordRestOptions {
  /** Per HTTP attempt; a hanging Discord (or fake) is aborted after this. */
  timeoutMs?: number;
  /** Extra attempts after a 5xx, a timeout or a reset connection. */
  retries?: number;
  /**
   * Longest rate-limit wait @discordjs/rest may sit out by itself. A longer 429 (or a
   * bucket that resets later) rejects at once with a RateLimitError, which the sender
   * turns into a retryable DeliveryError carrying retryAfterMs, so the worker reschedules.
   */
  maxRateLimitWaitMs?: number;
}

/**
 * `DISCORD_API_URL` is the REST base without the version ("http://127.0.0.1:8080/api"),
 * as discord.js's `rest.api`; a trailing "/v10" is tolerated and dropped.
 */
export function discordApiBase(env: Pick<Env, 'discordApiUrl'>): string {
  const url = env.discordApiUrl ?? DefaultRestOptions.api;
  return url.replace(/\/+$/, '').replace(/\/v\d+$/, '');
}

/** The one REST client every Discord call of Threadline goes through. */
export function createDiscordRest(env: Pick<Env, 'discordApiUrl' | 'discordToken'>, options: DiscordRestOptions = {}): REST {
  const maxWait = options.maxRateLimitWaitMs ?? 30_000;
  const rest = new REST({
    api: discordApiBase(env),
    version: '10',
    timeout: options.timeoutMs ?? 10_000,
    retries: options.retries ?? 2,
    rejectOnRateLimit: (data) => data.retryAfter > maxWait,
  });
  if (env.discordToken) rest.setToken(env.discordToken);
  return rest;
}
