import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, SocketModeReceiver } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { Env } from '../../config/env.js';
import type { ThreadlineConfig } from '../../config/schema.js';
import type { PlatformSender } from '../../delivery/platform.js';
import type { HttpServer } from '../../server/http-server.js';
import type { Store } from '../../store/store.js';
import type { Clock } from '../../util/clock.js';
import { ConfigError, ThreadlineError, errorMessage } from '../../util/errors.js';
import type { Logger } from '../../util/logger.js';
import type { CommandRouter } from '../../../commands/types.js';
import { boltLogger } from './bolt-logger.js';
import { registerListeners } from './listeners.js';
import { SlackSender } from './slack-sender.js';

export const SLACK_EVENTS_PATH = '/slack/events';
export const DEFAULT_SLACK_API_URL = 'https://slack.com/api/';

export interface SlackAdapterDeps {
  env: Env;
  config: ThreadlineConfig;
  store: Store;
  clock: Clock;
  log: Logger;
  server: HttpServer;
  router: CommandRouter;
  /** See ListenerDeps.commandAckBudgetMs. */
  commandAckBudgetMs?: number;
}

export interface SlackAdapter {
  sender: PlatformSender;
  start(): Promise<void>;
  stop(): Promise<void>;
  connected(): boolean;
  /** HTTP or Socket Mode, for logs and /healthz. */
  readonly mode: 'http' | 'socket';
}

/**
 * The Slack side of Threadline: a Bolt app for slash commands and thread mentions, and
 * the sender the outbox worker posts through.
 *
 * HTTP mode (default): Bolt's HTTPReceiver handles `POST /slack/events` on the shared
 * server (no second server): it verifies the signing secret (a bad or older-than-5-min
 * signature gets 401 and nothing runs), answers ssl_check and url_verification.
 * Socket Mode when SLACK_APP_TOKEN is set. Every Web API call, the sender's included,
 * goes to SLACK_API_URL when it is set.
 */
export function createSlackAdapter(deps: SlackAdapterDeps): SlackAdapter {
  const { env, server } = deps;
  const token = env.slackBotToken;
  const socketMode = Boolean(env.slackAppToken);
  const problems: string[] = [];
  if (!token) problems.push('SLACK_BOT_TOKEN is required for Slack');
  if (!socketMode && !env.slackSigningSecret) problems.push('SLACK_SIGNING_SECRET is required for Slack over HTTP (or set SLACK_APP_TOKEN for Socket Mode)');
  if (problems.length > 0 || !token) throw new ConfigError(problems);

  const log = deps.log.child({ component: 'slack' });
  const logger = boltLogger(log);
  const slackApiUrl = env.slackApiUrl ? env.slackApiUrl.replace(/\/*$/, '/') : DEFAULT_SLACK_API_URL;
  // Listener calls (thread answers, auth.test) wait out a 429 inside web-api, but only twice.
  const clientOptions: WebClientOptions = {
    slackApiUrl,
    logger,
    timeout: 15_000,
    retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
  };

  // The socket client gets its own options object (it writes its reconnect retries into
  // it) and keeps its own retry policy: apps.connections.open must outlast an outage.
  const receiver = socketMode
    ? new SocketModeReceiver({ appToken: env.slackAppToken!, logger, installerOptions: { clientOptions: { slackApiUrl, timeout: 15_000 } } })
    : new HTTPReceiver({ signingSecret: env.slackSigningSecret!, endpoints: [SLACK_EVENTS_PATH], logger });
  const app = new App({ token, receiver, clientOptions, logger, deferInitialization: true });
  registerListeners(app, { router: deps.router, store: deps.store, log, commandAckBudgetMs: deps.commandAckBudgetMs });

  let ready = false;
  let socketConnected = false;
  if (receiver instanceof SocketModeReceiver) {
    receiver.client.on('connected', () => (socketConnected = true));
    receiver.client.on('disconnected', () => (socketConnected = false));
  } else {
    const http = receiver;
    server.route('POST', SLACK_EVENTS_PATH, (req, res) => handleHttp(http, req, res, () => ready, log));
  }

  const sender = new SlackSender({
    // Its own client: a 429 comes back to the sender (see SlackSender.call) instead of
    // pausing the shared request queue, and network retries are the worker's.
    client: new WebClient(token, { slackApiUrl, logger, timeout: 15_000, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } }),
    store: deps.store,
    config: deps.config,
    clock: deps.clock,
    log,
  });

  return {
    sender,
    mode: socketMode ? 'socket' : 'http',
    async start() {
      // runOnce and start may both start the adapter; one auth.test (and one socket) is enough.
      if (ready) return;
      try {
        await app.init(); // auth.test: a wrong token fails here, not at the first post
        if (socketMode) await app.start();
      } catch (err) {
        throw new ThreadlineError(`slack: could not start (${errorMessage(err)}); check SLACK_BOT_TOKEN${socketMode ? ' and SLACK_APP_TOKEN' : ''} and SLACK_API_URL`, { slackApiUrl }, { cause: err });
      }
      ready = true;
      log.info({ mode: socketMode ? 'socket' : 'http', slackApiUrl }, 'slack ready');
    },
    async stop() {
      ready = false;
      if (socketMode) await app.stop().catch((err: unknown) => log.warn({ err }, 'slack socket did not close cleanly'));
    },
    connected: () => ready && (!socketMode || socketConnected),
  };
}

/** Bolt's request listener on the shared server; a 401 (bad or stale signature) gets our own log line. */
function handleHttp(receiver: HTTPReceiver, req: IncomingMessage, res: ServerResponse, ready: () => boolean, log: Logger): void {
  if (!ready()) {
    res.writeHead(503, { 'retry-after': '5' }).end();
    return;
  }
  res.once('finish', () => {
    if (res.statusCode === 401) {
      log.warn({ path: req.url, remote: req.socket.remoteAddress, timestamp: req.headers['x-slack-request-timestamp'] }, 'rejected a Slack request: bad or stale signature');
    }
  });
  receiver.requestListener(req, res);
}
