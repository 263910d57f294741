/**
 * A fake Slack Web API on 127.0.0.1 for tests and the delivery benchmark. Point
 * @slack/web-api (WebClient `slackApiUrl`, or Bolt `clientOptions.slackApiUrl`, or the
 * app's SLACK_API_URL) at `fake.apiUrl`. It keeps channels and messages in memory, answers
 * with Slack's shapes (HTTP 200 `{ok:true,...}` / `{ok:false,error}`; HTTP 429 with a
 * Retry-After header in seconds) and records every call.
 *
 * Methods: auth.test, chat.postMessage (thread_ts, reply_broadcast), chat.update,
 * chat.postEphemeral, and `response_url` endpoints (`fake.responseUrl(id)`), which take
 * the JSON Bolt's `respond()` sends.
 *
 * Faults: `failNext` (a 429 with Retry-After or a platform error such as
 * channel_not_found / not_in_channel, for the next N matching calls), `setChannelError`
 * (a channel that always fails), and an optional per-channel rate limit (N messages per
 * window, then 429 + Retry-After), with per-channel counters for benchmarks.
 */
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { closeNow, listen } from '../../src/server/listen.js';

export interface FakeSlackOptions {
  /** The bot token every call must carry (Authorization: Bearer, or a `token` field). */
  token?: string;
  teamId?: string;
  botUserId?: string;
  botId?: string;
  /**
   * Per-channel pacing like Slack's "about 1 message per second per channel": more than
   * `limit` chat.postMessage calls to one channel within `windowMs` answer 429 with
   * Retry-After (seconds, rounded up to when the window frees a slot).
   */
  channelRateLimit?: { limit: number; windowMs: number };
  /** Time source for the rate limit and timestamps; real time by default (benchmarks). */
  now?: () => number;
}

export interface SlackCall {
  method: string;
  /** Form fields or JSON body; `blocks`/`attachments`/`metadata` JSON strings are parsed. */
  args: Record<string, any>;
  token: string | null;
  status: number;
  /** What the fake answered (the JSON body). */
  response: Record<string, unknown>;
  at: number;
}

export interface FakeSlackMessage {
  channel: string;
  ts: string;
  /** The parent's ts for a thread reply; undefined for a top-level message. */
  threadTs?: string;
  text: string;
  blocks: any[];
  replyBroadcast: boolean;
  /** Number of chat.update calls that changed it. */
  edits: number;
  args: Record<string, any>;
}

export interface FakeEphemeral {
  channel: string;
  user: string;
  threadTs?: string;
  text: string;
  blocks: any[];
}

/** What a response_url received: Bolt's respond() payload. */
export interface ResponseUrlPost {
  id: string;
  body: Record<string, any>;
  at: number;
}

export type FaultSpec =
  | { kind: 'ratelimit'; retryAfterSeconds: number }
  | { kind: 'error'; error: string }
  | { kind: 'http'; status: number }
  /** The call is carried out, then the connection is dropped before the answer: a lost answer. */
  | { kind: 'lose-answer' };

interface Injected {
  method: string;
  channel?: string;
  remaining: number;
  fault: FaultSpec;
}

export interface ChannelStats {
  posts: number;
  rateLimited: number;
}

type Answer = { status: number; body: Record<string, unknown>; headers?: Record<string, string>; drop?: boolean };

export class FakeSlackApi extends EventEmitter {
  readonly token: string;
  readonly teamId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly calls: SlackCall[] = [];
  readonly messages: FakeSlackMessage[] = [];
  readonly ephemerals: FakeEphemeral[] = [];
  readonly responses: ResponseUrlPost[] = [];
  private readonly injected: Injected[] = [];
  private readonly channelErrors = new Map<string, string>();
  private readonly recentPosts = new Map<string, number[]>();
  private readonly stats = new Map<string, ChannelStats>();
  private readonly now: () => number;
  private server: Server | null = null;
  private port = 0;
  private seq = 0;

  constructor(private readonly options: FakeSlackOptions = {}) {
    super();
    this.token = options.token ?? 'xoxb-test-token';
    this.teamId = options.teamId ?? 'T0THREAD';
    this.botUserId = options.botUserId ?? 'UBOT0001';
    this.botId = options.botId ?? 'BBOT0001';
    this.now = options.now ?? Date.now;
  }

  /** The Web API base URL, with its trailing slash as web-api expects. */
  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** A response_url Slack would put in a slash command; posts to it land in `responses`. */
  responseUrl(id: string): string {
    return `http://127.0.0.1:${this.port}/response/${encodeURIComponent(id)}`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    this.port = await listen(server, 0, '127.0.0.1');
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await closeNow(server);
  }

  // Programming faults -----------------------------------------------------------

  /** The next `times` calls of `method` (to `channel`, when given) answer with `fault`. */
  failNext(method: string, fault: FaultSpec, opts: { channel?: string; times?: number } = {}): this {
    this.injected.push({ method, channel: opts.channel, remaining: opts.times ?? 1, fault });
    return this;
  }

  /** Every call naming this channel answers `{ok:false, error}` until cleared (null). */
  setChannelError(channel: string, error: string | null): this {
    if (error) this.channelErrors.set(channel, error);
    else this.channelErrors.delete(channel);
    return this;
  }

  /** Deletes a message as a user would; replies to it then answer thread_not_found. */
  deleteMessage(channel: string, ts: string): boolean {
    const i = this.messages.findIndex((m) => m.channel === channel && m.ts === ts);
    if (i < 0) return false;
    this.messages.splice(i, 1);
    return true;
  }

  // Reading what happened ---------------------------------------------------------

  callsTo(method: string): SlackCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Top-level messages of a channel, oldest first. */
  topLevel(channel: string): FakeSlackMessage[] {
    return this.messages.filter((m) => m.channel === channel && !m.threadTs);
  }

  /** Replies in the thread of `ts`, oldest first. */
  replies(channel: string, ts: string): FakeSlackMessage[] {
    return this.messages.filter((m) => m.channel === channel && m.threadTs === ts);
  }

  /** Per-channel counters: messages accepted and 429s answered (benchmarks). */
  channelStats(): Map<string, ChannelStats> {
    return new Map([...this.stats].map(([k, v]) => [k, { ...v }]));
  }

  totalRateLimited(): number {
    return [...this.stats.values()].reduce((n, s) => n + s.rateLimited, 0);
  }

  /** Resolves once `check` holds (checked after every call); rejects after `timeoutMs` of real time. */
  async waitFor<T>(check: () => T | undefined | null | false, timeoutMs = 5_000): Promise<T> {
    const first = check();
    if (first) return first;
    return new Promise<T>((resolve, reject) => {
      const onCall = () => {
        const v = check();
        if (!v) return;
        cleanup();
        resolve(v);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`fake Slack: condition not met within ${timeoutMs} ms (${this.calls.length} calls, ${this.responses.length} response_url posts)`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.off('call', onCall);
      };
      this.on('call', onCall);
    });
  }

  // HTTP ----------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const raw = await readAll(req);
    if (req.method === 'POST' && path.startsWith('/response/')) {
      let body: Record<string, any> = {};
      try {
        body = JSON.parse(raw) as Record<string, any>;
      } catch {
        return this.send(res, { status: 400, body: { ok: false, error: 'invalid_json' } });
      }
      this.responses.push({ id: decodeURIComponent(path.slice('/response/'.length)), body, at: this.now() });
      this.send(res, { status: 200, body: { ok: true } });
      this.emit('call');
      return;
    }
    if (req.method !== 'POST' || !path.startsWith('/api/')) return this.send(res, { status: 404, body: { ok: false, error: 'unknown_method' } });

    const method = path.slice('/api/'.length);
    const args = parseArgs(raw, req.headers['content-type'] ?? '');
    const token = bearer(req.headers.authorization) ?? (typeof args.token === 'string' ? args.token : null);
    const answer = this.answer(method, args, token);
    this.calls.push({ method, args, token, status: answer.drop ? 0 : answer.status, response: answer.body, at: this.now() });
    if (answer.drop) req.socket.destroy();
    else this.send(res, answer);
    this.emit('call');
  }

  private send(res: ServerResponse, answer: Answer): void {
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', ...answer.headers }).end(JSON.stringify(answer.body));
  }

  private answer(method: string, args: Record<string, any>, token: string | null): Answer {
    if (!token) return ok200({ ok: false, error: 'not_authed' });
    if (token !== this.token) return ok200({ ok: false, error: 'invalid_auth' });
    const channel = typeof args.channel === 'string' ? args.channel : undefined;

    const fault = this.takeFault(method, channel);
    if (fault?.kind === 'lose-answer') return { ...this.carryOut(method, args, channel), drop: true };
    if (fault) {
      if (channel && method === 'chat.postMessage' && fault.kind === 'ratelimit') this.stat(channel).rateLimited++;
      return faultAnswer(fault);
    }
    if (channel && this.channelErrors.has(channel)) return ok200({ ok: false, error: this.channelErrors.get(channel)! });
    return this.carryOut(method, args, channel);
  }

  private carryOut(method: string, args: Record<string, any>, channel: string | undefined): Answer {
    switch (method) {
      case 'auth.test':
        return ok200({ ok: true, url: 'https://threadline-test.slack.com/', team: 'Threadline Test', user: 'threadline', team_id: this.teamId, user_id: this.botUserId, bot_id: this.botId, is_enterprise_install: false });
      case 'chat.postMessage':
        return this.postMessage(args, channel);
      case 'chat.update':
        return this.update(args, channel);
      case 'chat.postEphemeral': {
        if (!channel) return ok200({ ok: false, error: 'channel_not_found' });
        if (typeof args.user !== 'string' || !args.user) return ok200({ ok: false, error: 'user_not_in_channel' });
        const problem = contentProblem(args);
        if (problem) return ok200({ ok: false, error: problem });
        this.ephemerals.push({ channel, user: args.user, threadTs: args.thread_ts, text: String(args.text ?? ''), blocks: args.blocks ?? [] });
        return ok200({ ok: true, message_ts: this.nextTs() });
      }
      case 'conversations.history':
        return this.history(args, channel);
      case 'conversations.replies':
        return this.threadReplies(args, channel);
      default:
        return ok200({ ok: false, error: 'unknown_method' });
    }
  }

  /** Top-level messages newest first, from `oldest` on; metadata only with include_all_metadata. */
  private history(args: Record<string, any>, channel: string | undefined): Answer {
    if (!channel) return ok200({ ok: false, error: 'channel_not_found' });
    const oldest = Number(args.oldest ?? 0);
    const withMeta = args.include_all_metadata === true || args.include_all_metadata === 'true';
    const messages = this.topLevel(channel)
      .filter((m) => Number(m.ts) >= oldest)
      .reverse()
      .slice(0, Number(args.limit ?? 100))
      .map((m) => wireMessage(m, this.botId, this.botUserId, withMeta));
    return ok200({ ok: true, messages, has_more: false });
  }

  /** The parent then its replies, oldest first. */
  private threadReplies(args: Record<string, any>, channel: string | undefined): Answer {
    if (!channel) return ok200({ ok: false, error: 'channel_not_found' });
    const parent = this.messages.find((m) => m.channel === channel && m.ts === args.ts);
    if (!parent) return ok200({ ok: false, error: 'thread_not_found' });
    const withMeta = args.include_all_metadata === true || args.include_all_metadata === 'true';
    const messages = [parent, ...this.replies(channel, parent.ts)].map((m) => wireMessage(m, this.botId, this.botUserId, withMeta));
    return ok200({ ok: true, messages, has_more: false });
  }

  private postMessage(args: Record<string, any>, channel: string | undefined): Answer {
    if (!channel) return ok200({ ok: false, error: 'channel_not_found' });
    const limited = this.rateLimit(channel);
    if (limited) return limited;
    const problem = contentProblem(args);
    if (problem) return ok200({ ok: false, error: problem });
    const threadTs = typeof args.thread_ts === 'string' && args.thread_ts ? args.thread_ts : undefined;
    if (threadTs) {
      const parent = this.messages.find((m) => m.channel === channel && m.ts === threadTs);
      // Slack's answer for a reply to a missing parent is not documented for this method;
      // thread_not_found is the name its replies methods use.
      if (!parent) return ok200({ ok: false, error: 'thread_not_found' });
      if (parent.threadTs) return ok200({ ok: false, error: 'cannot_reply_to_message' });
    }
    const message: FakeSlackMessage = {
      channel,
      ts: this.nextTs(),
      threadTs,
      text: String(args.text ?? ''),
      blocks: args.blocks ?? [],
      replyBroadcast: args.reply_broadcast === true || args.reply_broadcast === 'true',
      edits: 0,
      args,
    };
    this.messages.push(message);
    this.stat(channel).posts++;
    return ok200({ ok: true, channel, ts: message.ts, message: wireMessage(message, this.botId, this.botUserId) });
  }

  private update(args: Record<string, any>, channel: string | undefined): Answer {
    if (!channel) return ok200({ ok: false, error: 'channel_not_found' });
    const message = this.messages.find((m) => m.channel === channel && m.ts === args.ts);
    if (!message) return ok200({ ok: false, error: 'message_not_found' });
    const problem = contentProblem(args);
    if (problem) return ok200({ ok: false, error: problem });
    message.text = String(args.text ?? message.text);
    if (args.blocks) message.blocks = args.blocks;
    message.edits++;
    return ok200({ ok: true, channel, ts: message.ts, text: message.text, message: wireMessage(message, this.botId, this.botUserId) });
  }

  private takeFault(method: string, channel: string | undefined): FaultSpec | null {
    const i = this.injected.findIndex((f) => f.method === method && (!f.channel || f.channel === channel));
    if (i < 0) return null;
    const entry = this.injected[i]!;
    if (--entry.remaining <= 0) this.injected.splice(i, 1);
    return entry.fault;
  }

  private rateLimit(channel: string): Answer | null {
    const spec = this.options.channelRateLimit;
    if (!spec) return null;
    const now = this.now();
    const recent = (this.recentPosts.get(channel) ?? []).filter((t) => t > now - spec.windowMs);
    this.recentPosts.set(channel, recent);
    if (recent.length < spec.limit) {
      recent.push(now);
      return null;
    }
    this.stat(channel).rateLimited++;
    const freeAt = recent[0]! + spec.windowMs;
    return faultAnswer({ kind: 'ratelimit', retryAfterSeconds: Math.max(1, Math.ceil((freeAt - now) / 1000)) });
  }

  private stat(channel: string): ChannelStats {
    let s = this.stats.get(channel);
    if (!s) this.stats.set(channel, (s = { posts: 0, rateLimited: 0 }));
    return s;
  }

  /** Slack timestamps: seconds.microseconds, unique per workspace, increasing. */
  private nextTs(): string {
    this.seq++;
    return `${Math.floor(this.now() / 1000)}.${String(this.seq).padStart(6, '0')}`;
  }
}

/** Block Kit limits the real API enforces (Slack answers invalid_blocks / msg_blocks_too_long). */
export const BLOCK_LIMITS = { blocks: 50, header: 150, section: 3000, contextElements: 10 } as const;

function contentProblem(args: Record<string, any>): string | null {
  const blocks = args.blocks;
  const hasText = typeof args.text === 'string' && args.text.length > 0;
  if (blocks === undefined) return hasText ? null : 'no_text';
  if (!Array.isArray(blocks)) return 'invalid_blocks_format';
  if (blocks.length > BLOCK_LIMITS.blocks) return 'invalid_blocks';
  for (const b of blocks) {
    if (b?.type === 'header' && (typeof b.text?.text !== 'string' || b.text.text.length > BLOCK_LIMITS.header || b.text.type !== 'plain_text')) return 'invalid_blocks';
    if (b?.type === 'section' && (typeof b.text?.text !== 'string' || b.text.text.length < 1 || b.text.text.length > BLOCK_LIMITS.section)) return 'invalid_blocks';
    if (b?.type === 'context' && (!Array.isArray(b.elements) || b.elements.length === 0 || b.elements.length > BLOCK_LIMITS.contextElements)) return 'invalid_blocks';
  }
  if (JSON.stringify(blocks).length > 13_200) return 'msg_blocks_too_long';
  return null;
}

function faultAnswer(fault: Exclude<FaultSpec, { kind: 'lose-answer' }>): Answer {
  switch (fault.kind) {
    case 'ratelimit':
      return { status: 429, headers: { 'retry-after': String(fault.retryAfterSeconds) }, body: { ok: false, error: 'ratelimited' } };
    case 'error':
      return ok200({ ok: false, error: fault.error });
    case 'http':
      return { status: fault.status, body: { ok: false, error: 'internal_error' } };
  }
}

function ok200(body: Record<string, unknown>): Answer {
  return { status: 200, body };
}

function wireMessage(m: FakeSlackMessage, botId: string, botUserId: string, withMetadata = false): Record<string, unknown> {
  return {
    ...(withMetadata && m.args.metadata ? { metadata: m.args.metadata } : {}),
    type: 'message',
    subtype: 'bot_message',
    text: m.text,
    blocks: m.blocks,
    ts: m.ts,
    bot_id: botId,
    user: botUserId,
    ...(m.threadTs ? { thread_ts: m.threadTs, parent_user_id: botUserId } : {}),
  };
}

function bearer(header: string | undefined): string | null {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '');
  return m ? m[1]!.trim() : null;
}

/** web-api sends form-urlencoded with JSON-encoded `blocks`; some clients send JSON. */
function parseArgs(raw: string, contentType: string): Record<string, any> {
  let args: Record<string, any> = {};
  if (contentType.startsWith('application/json')) {
    try {
      args = JSON.parse(raw || '{}') as Record<string, any>;
    } catch {
      return {};
    }
  } else {
    args = Object.fromEntries(new URLSearchParams(raw));
  }
  for (const key of ['blocks', 'attachments', 'metadata']) {
    if (typeof args[key] === 'string') {
      try {
        args[key] = JSON.parse(args[key]);
      } catch {
        // left as the string; contentProblem answers invalid_blocks_format
      }
    }
  }
  for (const key of ['reply_broadcast', 'unfurl_links', 'unfurl_media']) {
    if (args[key] === 'true') args[key] = true;
    else if (args[key] === 'false') args[key] = false;
  }
  return args;
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
