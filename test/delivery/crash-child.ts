/**
 * A bot process that only delivers: opens the database, sends what is pending through the
 * real Discord or Slack sender, and exits. The crash-restart test runs it (compiled by tsc
 * into dist/) and kills it with SIGKILL at awkward moments.
 *
 * Env: CRASH_DB (file), CRASH_PLATFORM (discord | slack), CRASH_API (Discord REST base
 * ".../api" or Slack Web API base ".../api/"), CRASH_TOKEN.
 */
import type { Platform } from '../../src/core/types.js';
import type { PlatformSender } from '../../src/delivery/platform.js';
import { DeliveryWorker } from '../../src/delivery/worker.js';
import { openStore } from '../../src/store/sqlite-store.js';
import { systemClock } from '../../src/util/clock.js';
import { createLogger } from '../../src/util/logger.js';
import { realDiscordSender, realSlackSender } from './real-senders.js';

async function main(): Promise<void> {
  const env = process.env;
  const platform = env.CRASH_PLATFORM === 'slack' ? 'slack' : 'discord';
  const log = createLogger('warn');
  const store = openStore(env.CRASH_DB!);
  const sender: PlatformSender =
    platform === 'slack' ? realSlackSender(env.CRASH_API!, env.CRASH_TOKEN!, store, systemClock, log) : realDiscordSender(env.CRASH_API!, env.CRASH_TOKEN!, log);
  const worker = new DeliveryWorker({
    store,
    senders: new Map<Platform, PlatformSender>([[platform, sender]]),
    clock: systemClock,
    log,
    channelOptions: () => ({ forum: false, timeZone: 'UTC' }),
    // Fast pacing: the fakes do not rate-limit here; the test is about crashes.
    pacing: { [platform]: { channel: { capacity: 100, perMs: 1_000 }, global: { capacity: 1_000, perMs: 1_000 } } },
    retry: { baseMs: 50, maxMs: 500 },
  });
  process.stdout.write('started\n');
  const pending = await worker.drain({ waitForRetriesMs: 20_000 });
  store.close();
  process.stdout.write(`done pending=${pending}\n`);
}

main().catch((err) => {
  process.stderr.write(`crash-child failed: ${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
});
