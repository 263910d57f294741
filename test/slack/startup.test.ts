import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSlackAdapter } from '../../src/adapters/slack/slack-app.js';
import { loadEnv } from '../../src/config/env.js';
import { HttpServer } from '../../src/server/http-server.js';
import { openStore } from '../../src/store/sqlite-store.js';
import { ManualClock } from '../../src/util/clock.js';
import { ConfigError, ThreadlineError } from '../../src/util/errors.js';
import { silentLogger } from '../../src/util/logger.js';
import { createCommandRouter } from '../../commands/router.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { slackConfig } from './harness.js';

/**
 * Starting the adapter: a wrong token fails at start with a clear error; requests that
 * arrive before it is ready get 503 (Slack retries). Socket Mode is only checked for its wiring here (no fake WebSocket server): with
 * SLACK_APP_TOKEN set, the adapter opens its connection through SLACK_API_URL with the
 * app token, and mounts nothing on the HTTP server.
 */

let fake: FakeSlackApi;
beforeAll(async () => {
  fake = await new FakeSlackApi().start();
});
afterAll(() => fake.close());

function build(env: Record<string, string>) {
  const config = slackConfig();
  const store = openStore(':memory:');
  const clock = new ManualClock();
  const log = silentLogger();
  const server = new HttpServer(log);
  const router = createCommandRouter({ config, store, clock });
  const adapter = createSlackAdapter({ env: loadEnv(env), config, store, clock, log, server, router });
  return { adapter, server, store };
}

describe('Slack Socket Mode wiring', () => {
  it('opens the socket through SLACK_API_URL with the app token and serves no HTTP route', async () => {
    const { adapter, server, store } = build({ SLACK_BOT_TOKEN: fake.token, SLACK_APP_TOKEN: 'xapp-1-A0THREAD-123-abc', SLACK_API_URL: fake.apiUrl });
    expect(adapter.mode).toBe('socket');
    const port = await server.listen(0, '127.0.0.1');
    try {
      const res = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', body: '{}' });
      expect(res.status).toBe(404);
      // The fake does not know this app token: start fails with a message naming what to check.
      const err = await adapter.start().then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(ThreadlineError);
      expect(String((err as Error).message)).toContain('SLACK_APP_TOKEN');
      expect(fake.callsTo('auth.test').at(-1)?.token).toBe(fake.token);
      const open = fake.callsTo('apps.connections.open');
      expect(open).toHaveLength(1);
      expect(open[0]!.token).toBe('xapp-1-A0THREAD-123-abc');
      expect(adapter.connected()).toBe(false);
    } finally {
      await adapter.stop();
      await server.close();
      store.close();
    }
  });

  it('over HTTP without a signing secret it refuses to start with a clear error', () => {
    expect(() => build({ SLACK_BOT_TOKEN: fake.token, SLACK_API_URL: fake.apiUrl })).toThrow(ConfigError);
    expect(() => build({ SLACK_BOT_TOKEN: fake.token, SLACK_API_URL: fake.apiUrl })).toThrow(/SLACK_SIGNING_SECRET/);
  });
});

describe('starting over HTTP', () => {
  it('a wrong bot token fails at start (auth.test), naming what to check', async () => {
    const { adapter, store } = build({ SLACK_BOT_TOKEN: 'xoxb-wrong', SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: fake.apiUrl });
    try {
      const err = await adapter.start().then(() => null, (e: unknown) => e);
      expect(err).toBeInstanceOf(ThreadlineError);
      expect(String((err as Error).message)).toMatch(/invalid_auth.*SLACK_BOT_TOKEN/);
      expect(adapter.connected()).toBe(false);
    } finally {
      store.close();
    }
  });

  it('answers 503 until started, then hands requests to Bolt', async () => {
    const { adapter, server, store } = build({ SLACK_BOT_TOKEN: fake.token, SLACK_SIGNING_SECRET: 'secret', SLACK_API_URL: fake.apiUrl });
    const port = await server.listen(0, '127.0.0.1');
    try {
      const before = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(before.status).toBe(503);
      expect(before.headers.get('retry-after')).toBe('5');
      await adapter.start();
      expect(adapter.connected()).toBe(true);
      // Unsigned: Bolt's verification now answers.
      const after = await fetch(`http://127.0.0.1:${port}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(after.status).toBe(401);
    } finally {
      await adapter.stop();
      await server.close();
      store.close();
    }
  });
});
