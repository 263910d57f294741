import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { generateKeyPairSync } from 'node:crypto';
import { createDiscordAdapter } from '../../src/adapters/discord/discord-app.js';
import { ThreadlineApp } from '../../src/app/app.js';
import { loadEnv } from '../../src/config/env.js';
import { parseConfig } from '../../src/config/load-config.js';
import type { ThreadlineConfig } from '../../src/config/schema.js';
import { openStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import type { ManualClock } from '../../src/util/clock.js';
import { createLogger, type Logger } from '../../src/util/logger.js';
import { FakeDiscordApi } from '../fakes/discord-api.js';

/**
 * The app as production wires it, for the editorial tests: feeds from a FeedServer on
 * 127.0.0.1, a real SQLite file, the real pipeline and outbox, and (optionally) the real
 * Discord adapter talking to the fake Discord API. Logs are captured as JSON lines.
 */

const publicKeyHex = generateKeyPairSync('ed25519').publicKey.export({ format: 'der', type: 'spki' }).subarray(-32).toString('hex');

export function captureLogs(): { log: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString().split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { log: createLogger('debug', sink), lines };
}

export class AppHarness {
  readonly dir = mkdtempSync(join(tmpdir(), 'threadline-editorial-'));
  readonly dbPath = join(this.dir, 'threadline.db');
  readonly logs = captureLogs();
  config: ThreadlineConfig;
  store!: Store;
  app!: ThreadlineApp;
  private started = false;

  constructor(
    raw: Record<string, unknown>,
    readonly clock: ManualClock,
    readonly discord: FakeDiscordApi | null = null,
  ) {
    this.config = parseConfig({ allowPrivateFeeds: true, ...raw });
  }

  /** Opens the database and builds the app (a process start). */
  open(): this {
    this.store = openStore(this.dbPath);
    const discord = this.discord;
    const env = discord
      ? loadEnv({ DISCORD_TOKEN: discord.token, DISCORD_APPLICATION_ID: discord.applicationId, DISCORD_PUBLIC_KEY: publicKeyHex, DISCORD_API_URL: discord.api })
      : loadEnv({});
    const { config, store, clock } = this;
    const log = this.logs.log;
    this.app = new ThreadlineApp({
      config,
      env,
      store,
      clock,
      log,
      adapters: discord
        ? ({ router, server }) => [createDiscordAdapter({ env, config, store, clock, log, server, router, gateway: false, deferAfterMs: 2000 })]
        : undefined,
    });
    this.started = false;
    return this;
  }

  /** One poll of every feed, due digests, then delivery of everything due (as `run --once` does). */
  async poll(): Promise<void> {
    if (!this.started || this.app.adapters.length === 0) {
      this.started = true;
      await this.app.runOnce();
      return;
    }
    // Adapters are already started: poll and drain without starting them again (no digest tick).
    await this.app.poller.pollAll();
    if (this.app.adapters.length) await this.app.worker.drain();
  }

  async close(): Promise<void> {
    await this.app.stop();
    this.store.close();
  }

  async dispose(): Promise<void> {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
