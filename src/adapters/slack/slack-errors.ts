import { DeliveryError } from '../../util/errors.js';

/**
 * Slack answers most failures with HTTP 200 and {ok:false, error}; @slack/web-api turns
 * them into errors with a `code` and, for platform errors, `data.error`. These are the
 * ones no retry can fix: the channel, the token's scopes or the payload must change first.
 */
const PERMANENT = new Set([
  'channel_not_found',
  'not_in_channel',
  'is_archived',
  'invalid_blocks',
  'invalid_blocks_format',
  'msg_blocks_too_long',
  'msg_too_long',
  'no_text',
  'too_many_attachments',
  'missing_scope',
  'not_authed',
  'invalid_auth',
  'account_inactive',
  'token_revoked',
  'token_expired',
  'no_permission',
  'restricted_action',
  'restricted_action_read_only_channel',
  'restricted_action_thread_only_channel',
  'restricted_action_non_threadable_channel',
  'cannot_reply_to_message',
  'message_not_found',
  'cant_update_message',
  'edit_window_closed',
  'invalid_arguments',
  'channel_type_not_supported',
  'ekm_access_denied',
  'team_access_not_granted',
]);

/** What the operator should do about a permanent error, for the log and `status`. */
const HINTS: Record<string, string> = {
  not_in_channel: 'invite the bot to the channel (/invite @threadline)',
  channel_not_found: 'check the channel id in the config, or invite the bot to the private channel',
  is_archived: 'the channel is archived; remove it from the config',
  missing_scope: 'reinstall the app with the scopes from `threadline manifest slack`',
  not_authed: 'set SLACK_BOT_TOKEN',
  invalid_auth: 'SLACK_BOT_TOKEN is wrong or revoked',
};

interface SlackLikeError {
  code?: string;
  data?: { error?: string; response_metadata?: { messages?: string[] } };
  retryAfter?: number;
  statusCode?: number;
  message?: string;
}

/** The Slack error name ("channel_not_found"), or the web-api error code for transport failures. */
export function slackErrorName(err: unknown): string | null {
  const e = err as SlackLikeError | null;
  if (!e || typeof e !== 'object') return null;
  return e.data?.error ?? e.code ?? null;
}

export function toDeliveryError(err: unknown, what: string): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = (err ?? {}) as SlackLikeError;
  switch (e.code) {
    case 'slack_webapi_platform_error': {
      const name = e.data?.error ?? 'unknown_error';
      const detail = e.data?.response_metadata?.messages?.slice(0, 3).join('; ');
      const hint = HINTS[name];
      const message = `slack: ${what}: ${name}${detail ? ` (${detail})` : ''}${hint ? `; ${hint}` : ''}`;
      // "ratelimited" in the body (HTTP 200) is a rate limit without a Retry-After.
      return new DeliveryError(message, PERMANENT.has(name), name, null, { cause: err });
    }
    case 'slack_webapi_rate_limited_error': {
      const seconds = typeof e.retryAfter === 'number' && e.retryAfter >= 0 ? e.retryAfter : 1;
      return new DeliveryError(`slack: ${what}: rate limited, retry after ${seconds}s`, false, 'rate_limited', seconds * 1000, { cause: err });
    }
    case 'slack_webapi_http_error':
      return new DeliveryError(`slack: ${what}: HTTP ${e.statusCode ?? '?'}`, false, `http_${e.statusCode ?? 'error'}`, null, { cause: err });
    case 'slack_webapi_request_error':
      return new DeliveryError(`slack: ${what}: ${e.message ?? 'request failed'}`, false, 'network', null, { cause: err });
    default:
      return new DeliveryError(`slack: ${what}: ${e.message ?? String(err)}`, false, 'unknown', null, { cause: err });
  }
}
