import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

/**
 * Paths that may hold a secret anywhere in a log object, errors included: tokens in
 * headers and client options, signing secrets, webhook tokens in interaction payloads.
 */
export const REDACT_PATHS = [
  'token',
  '*.token',
  '*.*.token',
  'authorization',
  '*.authorization',
  '*.*.authorization',
  'headers.authorization',
  '*.headers.authorization',
  '*.headers["x-slack-signature"]',
  'signingSecret',
  '*.signingSecret',
  'botToken',
  '*.botToken',
  'appToken',
  '*.appToken',
  'secret',
  '*.secret',
  'env.SLACK_BOT_TOKEN',
  'env.SLACK_SIGNING_SECRET',
  'env.SLACK_APP_TOKEN',
  'env.DISCORD_TOKEN',
];

const TOKEN_PATTERN = /\b(xox[abprs]-[A-Za-z0-9-]{8,}|xapp-[A-Za-z0-9-]{8,}|Bot [A-Za-z0-9._-]{20,}|[MN][A-Za-z\d]{23,}\.[\w-]{6}\.[\w-]{27,})/g;

/** Error messages and stacks can quote a token verbatim; scrub the known shapes. */
export function scrubSecrets(text: string): string {
  return text.replace(TOKEN_PATTERN, '[Redacted]');
}

export function createLogger(level = 'info', destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { app: 'threadline' },
      redact: { paths: REDACT_PATHS, censor: '[Redacted]' },
      serializers: {
        err: (err: unknown) => {
          const s = pino.stdSerializers.err(err as Error) as unknown as Record<string, unknown>;
          for (const k of ['message', 'stack']) if (typeof s[k] === 'string') s[k] = scrubSecrets(s[k] as string);
          return s;
        },
      },
    },
    destination ?? pino.destination({ dest: 2, sync: true }),
  );
}

/** A logger that drops everything, for tests that do not look at logs. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
