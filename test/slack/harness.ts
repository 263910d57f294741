import { createHmac } from 'node:crypto';
import { createSlackAdapter, SLACK_EVENTS_PATH, type SlackAdapter } from '../../src/adapters/slack/slack-app.js';
import { ThreadlineApp } from '../../src/app/app.js';
import { loadEnv } from '../../src/config/env.js';
import { parseConfig } from '../../src/config/load-config.js';
import type { ThreadlineConfig } from '../../src/config/schema.js';
import type { Store } from '../../src/store/store.js';
import type { ManualClock } from '../../src/util/clock.js';
import { silentLogger, type Logger } from '../../src/util/logger.js';
import { FakeSlackApi } from '../fakes/slack-api.js';

export const SIGNING_SECRET = 'test-signing-secret-0123456789abcdef';

/**
 * One Threadline process as production wires it: ThreadlineApp with the real Slack
 * adapter (Bolt HTTPReceiver on the app's server, real WebClients) whose Web API calls go
 * to the fake through SLACK_API_URL. `listen()` binds 127.0.0.1 on an ephemeral port.
 */
export interface SlackHarness {
  app: ThreadlineApp;
  adapter: SlackAdapter;
  /** http://127.0.0.1:P/slack/events */
  eventsUrl: string;
  stop(): Promise<void>;
}

export async function startSlackApp(opts: {
  fake: FakeSlackApi;
  config: ThreadlineConfig;
  store: Store;
  clock: ManualClock;
  log?: Logger;
  env?: Record<string, string>;
  /** 0: every slash command is acknowledged empty and answered through response_url. */
  commandAckBudgetMs?: number;
}): Promise<SlackHarness> {
  const env = loadEnv({
    SLACK_BOT_TOKEN: opts.fake.token,
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: opts.fake.apiUrl,
    ...opts.env,
  });
  let adapter: SlackAdapter | undefined;
  const log = opts.log ?? silentLogger();
  const app = new ThreadlineApp({
    config: opts.config,
    env,
    store: opts.store,
    clock: opts.clock,
    log,
    adapters: ({ router, server }) => {
      adapter = createSlackAdapter({ env, config: opts.config, store: opts.store, clock: opts.clock, log, server, router, commandAckBudgetMs: opts.commandAckBudgetMs });
      return [adapter];
    },
  });
  const port = await app.server.listen(0, '127.0.0.1');
  try {
    await adapter!.start();
  } catch (err) {
    await app.stop();
    throw err;
  }
  return {
    app,
    adapter: adapter!,
    eventsUrl: `http://127.0.0.1:${port}${SLACK_EVENTS_PATH}`,
    async stop() {
      await app.stop();
    },
  };
}

/** A config with the meta-ai topic (open/closed angles) and the given Slack channels. */
export function slackConfig(over: { feeds?: { url: string; name: string }[]; channels?: string[]; slack?: Partial<ThreadlineConfig['slack']> } = {}): ThreadlineConfig {
  return parseConfig({
    allowPrivateFeeds: true,
    poll: { interval: '10m', backfill: 20 },
    feeds: over.feeds ?? [],
    topics: [
      {
        id: 'meta-ai',
        title: 'Meta AI',
        keywords: ['meta', 'llama', 'behemoth', 'zuckerberg'],
        entities: ['Meta', 'Llama', 'Behemoth', 'Mark Zuckerberg'],
        angles: { open: ['open weights', 'open-weight', 'open source', 'open-source'], closed: ['closed model', 'proprietary', 'closed-source', 'keep closed'] },
      },
      { id: 'openai', title: 'OpenAI', keywords: ['openai', 'chatgpt'] },
    ],
    channels: (over.channels ?? ['C0META']).map((id) => ({ platform: 'slack', id, topics: ['meta-ai'] })),
    ...(over.slack ? { slack: { broadcastAngleChanges: true, duplicateNotice: 'update', ...over.slack } } : {}),
  });
}

// Signed requests -----------------------------------------------------------------

export interface SignedResponse {
  status: number;
  body: string;
  headers: Headers;
}

/** `v0=` + hex HMAC-SHA256(secret, `v0:{ts}:{rawBody}`), as Slack signs requests. */
export function sign(secret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export async function postSigned(
  url: string,
  rawBody: string,
  contentType: 'application/x-www-form-urlencoded' | 'application/json',
  opts: { secret?: string; timestamp?: number; signature?: string; headers?: Record<string, string> } = {},
): Promise<SignedResponse> {
  // Bolt checks the timestamp against the real clock, not the app's ManualClock.
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': opts.signature ?? sign(opts.secret ?? SIGNING_SECRET, timestamp, rawBody),
      ...opts.headers,
    },
    body: rawBody,
  });
  return { status: res.status, body: await res.text(), headers: res.headers };
}

/** What a slash command got: the acknowledgement and the answer, from the ack's body or the response_url. */
export interface SlashAnswer {
  ack: SignedResponse;
  answer: Record<string, any>;
  via: 'ack' | 'response_url';
}

export async function sendSlash(fake: FakeSlackApi, eventsUrl: string, command: string, text: string, channel = 'C0META'): Promise<SlashAnswer> {
  const { body, responseId } = slashCommandBody(fake, command, text, channel);
  const ack = await postSigned(eventsUrl, body, 'application/x-www-form-urlencoded');
  if (ack.status !== 200) throw new Error(`slash command ${command} ${text}: HTTP ${ack.status}`);
  if (ack.body) return { ack, answer: JSON.parse(ack.body) as Record<string, any>, via: 'ack' };
  const posted = await fake.waitFor(() => fake.responses.find((r) => r.id === responseId));
  return { ack, answer: posted.body, via: 'response_url' };
}

let triggerSeq = 0;

/** The form body of a slash command, with every field Slack sends. */
export function slashCommandBody(fake: FakeSlackApi, command: string, text: string, channelId = 'C0META', userId = 'U0ALICE'): { body: string; responseId: string } {
  const responseId = `r${++triggerSeq}`;
  const body = new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: fake.teamId,
    team_domain: 'threadline-test',
    channel_id: channelId,
    channel_name: 'meta-news',
    user_id: userId,
    user_name: 'alice',
    command,
    text,
    api_app_id: 'A0THREAD',
    is_enterprise_install: 'false',
    response_url: fake.responseUrl(responseId),
    trigger_id: `${triggerSeq}.1234.abcd`,
  }).toString();
  return { body, responseId };
}

let eventSeq = 0;

/** An Events API envelope around an app_mention. */
export function appMentionBody(fake: FakeSlackApi, e: { channel: string; text: string; threadTs?: string; user?: string }): string {
  const ts = `${Math.floor(Date.now() / 1000)}.${String(++eventSeq).padStart(6, '0')}`;
  return JSON.stringify({
    token: 'legacy-verification-token',
    team_id: fake.teamId,
    api_app_id: 'A0THREAD',
    type: 'event_callback',
    event_id: `Ev${String(eventSeq).padStart(8, '0')}`,
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [{ team_id: fake.teamId, user_id: fake.botUserId, is_bot: true, is_enterprise_install: false }],
    event: {
      type: 'app_mention',
      user: e.user ?? 'U0ALICE',
      text: e.text,
      ts,
      channel: e.channel,
      event_ts: ts,
      ...(e.threadTs ? { thread_ts: e.threadTs } : {}),
    },
  });
}
