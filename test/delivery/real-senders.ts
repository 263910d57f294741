import { WebClient } from '@slack/web-api';
import { createDiscordRest } from '../../src/adapters/discord/discord-rest.js';
import { DiscordSender } from '../../src/adapters/discord/discord-sender.js';
import { SlackSender } from '../../src/adapters/slack/slack-sender.js';
import type { Store } from '../../src/store/store.js';
import type { Clock } from '../../src/util/clock.js';
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

/** The production Slack sender with the client options slack-app.ts gives it, pointed at `apiUrl`. */
export function realSlackSender(apiUrl: string, token: string, store: Store, clock: Clock, log: Logger): SlackSender {
  const client = new WebClient(token, { slackApiUrl: apiUrl, timeout: 2_000, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
  return new SlackSender({ client, store, config: { slack: { broadcastAngleChanges: true, duplicateNotice: 'update' } }, clock, log });
}
