import { LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import type { Logger } from '../../util/logger.js';

/**
 * Bolt and web-api log through their own Logger interface; this sends their lines to our
 * pino logger (JSON, component field, secrets redacted) instead of the console.
 * Their info lines are chatty ("rate limited, will retry"), so they go out as debug.
 */
export function boltLogger(log: Logger): BoltLogger {
  let level: LogLevel = LogLevel.DEBUG;
  const line = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : safeJson(m))).join(' ');
  return {
    debug: (...msg: unknown[]) => log.debug(line(msg)),
    info: (...msg: unknown[]) => log.debug(line(msg)),
    warn: (...msg: unknown[]) => log.warn(line(msg)),
    error: (...msg: unknown[]) => log.error(line(msg)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
