/** Typed errors carry what a log line or a user needs to act on them. */

export class ThreadlineError extends Error {
  constructor(message: string, readonly context: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Invalid configuration or usage: the CLI exits 2 with the message, never a stack trace. */
export class ConfigError extends ThreadlineError {
  constructor(readonly issues: string[], readonly file?: string) {
    super(`${file ? `${file}: ` : ''}invalid configuration\n  ${issues.join('\n  ')}`, { file, issues });
  }
}

export class UsageError extends ThreadlineError {}

export class StoreError extends ThreadlineError {}

export class FeedError extends ThreadlineError {
  constructor(
    message: string,
    readonly feedUrl: string,
    readonly kind: 'http' | 'timeout' | 'network' | 'parse' | 'too-large' | 'refused' | 'pipeline',
    readonly retryAfterMs: number | null = null,
    options?: { cause?: unknown; status?: number },
  ) {
    super(message, { feedUrl, kind, status: options?.status }, options);
  }
}

/**
 * A failed send to a chat platform. `permanent` errors (unknown channel, missing
 * permission, invalid payload) are not retried; the rest are, after `retryAfterMs` when given.
 */
export class DeliveryError extends ThreadlineError {
  constructor(
    message: string,
    readonly permanent: boolean,
    readonly reason: string,
    readonly retryAfterMs: number | null = null,
    options?: { cause?: unknown },
  ) {
    super(message, { permanent, reason, retryAfterMs }, options);
  }
}

export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
