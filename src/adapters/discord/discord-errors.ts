import { DiscordAPIError, HTTPError, RateLimitError } from '@discordjs/rest';
import { DeliveryError, errorMessage } from '../../util/errors.js';

/** Discord JSON error codes the adapter reacts to. */
export const DiscordCode = {
  UnknownChannel: 10003,
  UnknownMessage: 10008,
  MissingAccess: 50001,
  CannotSendEmptyMessage: 50006,
  CannotSendInNonTextChannel: 50008,
  MissingPermissions: 50013,
  InvalidFormBody: 50035,
  ThreadArchived: 50083,
  ThreadAlreadyExists: 160004,
} as const;

/**
 * Codes that no retry can fix: the channel is gone, the bot may not post there, or the
 * payload is invalid. Everything else (429, 5xx, timeouts, resets) is worth retrying.
 */
const PERMANENT_CODES = new Set<number>([
  DiscordCode.UnknownChannel,
  DiscordCode.UnknownMessage,
  DiscordCode.MissingAccess,
  DiscordCode.CannotSendEmptyMessage,
  DiscordCode.CannotSendInNonTextChannel,
  DiscordCode.MissingPermissions,
  DiscordCode.InvalidFormBody,
]);

export function discordCode(err: unknown): number | null {
  return err instanceof DiscordAPIError && typeof err.code === 'number' ? err.code : null;
}

export function toDeliveryError(err: unknown, action: string): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof RateLimitError) {
    return new DeliveryError(`discord: rate limited while trying to ${action} (retry after ${err.retryAfter} ms)`, false, 'rate-limited', err.retryAfter, { cause: err });
  }
  if (err instanceof DiscordAPIError) {
    const code = typeof err.code === 'number' ? err.code : null;
    // A 401 means the token is wrong: every retry would fail the same way.
    const permanent = (code !== null && PERMANENT_CODES.has(code)) || err.status === 401;
    return new DeliveryError(`discord: ${action} failed: ${err.status} ${code ?? ''} ${err.message}`.replace(/\s+/g, ' '), permanent, `discord-${code ?? err.status}`, null, {
      cause: err,
    });
  }
  if (err instanceof HTTPError) {
    return new DeliveryError(`discord: ${action} failed: HTTP ${err.status}`, false, `http-${err.status}`, null, { cause: err });
  }
  const name = err instanceof Error ? err.name : '';
  const reason = name === 'AbortError' || name === 'TimeoutError' ? 'timeout' : 'network';
  return new DeliveryError(`discord: ${action} failed: ${errorMessage(err)}`, false, reason, null, { cause: err });
}
