/**
 * A bot process that only delivers: opens the database, sends what is pending through the
 * real Discord sender, and exits. The crash-restart test runs it (compiled by tsc into
 * dist/) and kills it with SIGKILL at awkward moments.
 *
 * Env: CRASH_DB (file), CRASH_DISCORD_API (REST base, ".../api"), CRASH_DISCORD_TOKEN.
 */
import type { Platform } from '../../src/core/types.js';
import type { PlatformSender } from '../../src/delivery/platform.js';
import { DeliveryWorker } from '../../src/delivery/worker.js';
import { openStore } from '../../src/store/sqlite-store.js';
import { systemClock } from '../../src/util/clock.js';
import { createLogger } from '../../src/util/logger.js';
import { realDiscordSender } from './real-senders.js';

async function main(): Promise<void> {
  const env = process.env;
  const log = createLogger('warn');
  const store = openStore(env.CRASH_DB!);
  const senders = new Map<Platform, PlatformSender>([['discord', realDiscordSender(env.CRASH_DISCORD_API!, env.CRASH_DISCORD_TOKEN!, log)]]);
  const worker = new DeliveryWorker({
    store,
    senders,
    clock: systemClock,
    log,
    channelOptions: () => ({ forum: false, timeZone: 'UTC' }),
    pacing: { discord: { channel: { capacity: 100, perMs: 1_000 }, global: { capacity: 1_000, perMs: 1_000 } } },
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
