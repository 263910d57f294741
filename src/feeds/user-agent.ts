import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_URL = 'https://github.com/threadline-bot/threadline';

/** The package version, found by walking up from this file (src/ in tests, dist/src/ when built). */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === 'threadline' && pkg.version) return pkg.version;
      } catch {
        // Unreadable package.json: keep walking, the UA must never stop the bot.
      }
    }
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return '0.0.0';
}

/** Names the bot, its version and where to complain, as polite crawlers do. */
export function defaultUserAgent(): string {
  return `Threadline/${packageVersion()} (+${PROJECT_URL})`;
}
