import { createDiscordRest } from '../../src/adapters/discord/discord-rest.js';
import { DiscordSender } from '../../src/adapters/discord/discord-sender.js';
import type { Logger } from '../../src/util/logger.js';

/**
 * The production Discord sender pointed at a fake (or at a FaultProxy in front of one).
 * Short timeouts so faults surface to the worker. @discordjs/rest keeps its own global
 * 50 requests/s limiter in real time; it may wait that out itself (up to 2 s) because the
 * tests drive the worker with a manual clock, whose instant retries would otherwise meet
 * the client's real-time limiter again and again.
 */
export function realDiscordSender(apiBase: string, token: string, log: Logger): DiscordSender {
  const rest = createDiscordRest({ discordApiUrl: apiBase, discordToken: token }, { timeoutMs: 2_000, retries: 1, maxRateLimitWaitMs: 2_000 });
  return new DiscordSender({ rest, log, sendTimeoutMs: 10_000 });
}
