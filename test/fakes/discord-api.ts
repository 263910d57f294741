/**
 * A fake Discord REST API on 127.0.0.1 for tests and the benchmark. Point @discordjs/rest
 * (or discord.js `rest.api`) at `fake.api`. It keeps channels, threads, messages, commands
 * and interaction responses in memory, answers with Discord's status codes, error codes
 * and X-RateLimit-* headers, and records every call.
 *
 * Behaviour copied from discord-api-docs: nonce + enforce_nonce returns the earlier message,
 * 160004 for a second thread on one message, 50083 when posting into an archived thread,
 * 10003 for unknown/deleted channels, 50035 with field errors for over-long payloads.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { closeNow, listen } from '../../src/server/listen.js';

export const ChannelType = { text: 0, publicThread: 11, forum: 15 } as const;

export interface FakeChannel {
  id: string;
  type: number;
  guildId: string;
  name: string;
  parentId: string | null;
  archived: boolean;
  locked: boolean;
  deleted: boolean;
  /** Forum posts and message threads: the starter message. */
  starterMessageId: string | null;
}

export interface FakeEmbed {
  title?: string;
  description?: string;
  url?: string;
  timestamp?: string;
  fields?: { name: string; value: string; inline?: boolean }[];
  footer?: { text: string };
  author?: { name: string };
  [k: string]: unknown;
}

export interface FakeMessage {
  id: string;
  channelId: string;
  content: string;
  embeds: FakeEmbed[];
  flags: number;
  nonce: string | null;
  createdAt: number;
  editedAt: number | null;
  /** Webhook token for interaction responses (@original and followups). */
  webhookToken: string | null;
  messageReference: unknown;
}

export interface RecordedCall {
  method: string;
  /** Path after /api/v10, e.g. /channels/123/messages. */
  path: string;
  query: string;
  body: unknown;
  authorization: string | null;
  status: number;
  at: number;
}

export interface ErrorSpec {
  status: number;
  code: number;
  message?: string;
}

export interface RateLimitSpec {
  /** Seconds, as Discord puts it in the body (float); the Retry-After header is rounded up. */
  retryAfter: number;
  global?: boolean;
  scope?: 'user' | 'global' | 'shared';
}

interface Matcher {
  method?: string;
  path?: RegExp;
}

interface Injected {
  match: Matcher;
  remaining: number;
  respond: { kind: 'error'; spec: ErrorSpec } | { kind: 'ratelimit'; spec: RateLimitSpec } | { kind: 'hang' };
}

interface Bucket {
  hash: string;
  remaining: number;
  resetAt: number;
}

export interface FakeDiscordOptions {
  token?: string;
  applicationId?: string;
  guildId?: string;
  /** Per route and major parameter, like Discord's 5 messages / 5 s per channel. */
  bucket?: { limit: number; windowMs: number };
  /** How long a nonce is remembered (Discord: "the past few minutes"). */
  nonceWindowMs?: number;
  /** Answer for GET /gateway/bot. */
  gatewayUrl?: string;
  /**
   * Treat any unknown channel id as an existing text channel (benchmarks and delivery
   * tests whose channel ids come from config). Deleted channels stay deleted.
   */
  autoChannels?: boolean;
}

interface Route {
  method: string;
  pattern: RegExp;
  /** Name for buckets and for matching in tests, e.g. "POST /channels/:id/messages". */
  name: string;
  auth: boolean;
  handle: (ctx: RequestContext, ...params: string[]) => Reply;
}

interface RequestContext {
  body: any;
  query: URLSearchParams;
}

type Reply = { status: number; body?: unknown };

const DISCORD_EPOCH = 1420070400000n;

export class FakeDiscordApi extends EventEmitter {
  readonly token: string;
  readonly applicationId: string;
  readonly guildId: string;
  readonly channels = new Map<string, FakeChannel>();
  readonly messages = new Map<string, FakeMessage>();
  readonly calls: RecordedCall[] = [];
  /** Registered commands by scope: "global" or "guild:<id>". */
  readonly commands = new Map<string, any[]>();
  /** Bodies of POST /interactions/{id}/{token}/callback. */
  readonly interactionCallbacks: { interactionId: string; token: string; body: any }[] = [];
  gatewayUrl: string;

  private server: Server | null = null;
  private port = 0;
  private lastSnowflakeMs = 0n;
  private sequence = 0n;
  private readonly nonces = new Map<string, { messageId: string; at: number }>();
  private readonly failingChannels = new Map<string, ErrorSpec>();
  private readonly injected: Injected[] = [];
  private readonly buckets = new Map<string, Bucket>();
  private readonly hanging = new Set<ServerResponse>();
  private readonly originals = new Map<string, string>();
  private readonly bucketLimit: number;
  private readonly bucketWindowMs: number;
  private readonly nonceWindowMs: number;
  private readonly routes: Route[];
  private readonly autoChannels: boolean;

  constructor(options: FakeDiscordOptions = {}) {
    super();
    this.token = options.token ?? 'fake-bot-token';
    this.applicationId = options.applicationId ?? '900000000000000001';
    this.guildId = options.guildId ?? '900000000000000002';
    this.bucketLimit = options.bucket?.limit ?? 5;
    this.bucketWindowMs = options.bucket?.windowMs ?? 5000;
    this.nonceWindowMs = options.nonceWindowMs ?? 5 * 60_000;
    this.gatewayUrl = options.gatewayUrl ?? 'ws://127.0.0.1:1';
    this.autoChannels = options.autoChannels ?? false;
    this.routes = this.buildRoutes();
  }

  /** Base to pass as `api` (RESTOptions.api / DISCORD_API_URL): no version suffix. */
  get api(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.onRequest(req, res));
    this.server = server;
    this.port = await listen(server, 0, '127.0.0.1');
    return this;
  }

  async close(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    const server = this.server;
    if (!server) return;
    this.server = null;
    await closeNow(server);
  }

  // Test set-up ---------------------------------------------------------

  snowflake(): string {
    let ms = BigInt(Date.now()) - DISCORD_EPOCH;
    if (ms <= this.lastSnowflakeMs) ms = this.lastSnowflakeMs;
    else this.sequence = 0n;
    this.lastSnowflakeMs = ms;
    const id = (ms << 22n) | (this.sequence++ & 0xfffn);
    return id.toString();
  }

  addTextChannel(id = this.snowflake(), name = 'news'): string {
    this.channels.set(id, this.channel(id, ChannelType.text, name, null));
    return id;
  }

  addForumChannel(id = this.snowflake(), name = 'news-forum'): string {
    this.channels.set(id, this.channel(id, ChannelType.forum, name, null));
    return id;
  }

  /** A public thread under a text channel (as if someone had started one). */
  addThread(parentId: string, id = this.snowflake(), name = 'thread'): string {
    this.mustChannel(parentId);
    this.channels.set(id, this.channel(id, ChannelType.publicThread, name, parentId));
    return id;
  }

  archiveThread(threadId: string): void {
    this.mustChannel(threadId).archived = true;
  }

  lockThread(threadId: string): void {
    const ch = this.mustChannel(threadId);
    ch.archived = true;
    ch.locked = true;
  }

  deleteChannel(id: string): void {
    this.mustChannel(id).deleted = true;
  }

  /** Every request touching /channels/{id}[/...] answers this error until cleared. */
  failChannel(channelId: string, spec: ErrorSpec | null): void {
    if (spec) this.failingChannels.set(channelId, spec);
    else this.failingChannels.delete(channelId);
  }

  /** The next `count` matching requests get a 429 (nothing is created). */
  rateLimitNext(match: Matcher, spec: RateLimitSpec, count = 1): void {
    this.injected.push({ match, remaining: count, respond: { kind: 'ratelimit', spec } });
  }

  /** The next `count` matching requests get this error (e.g. 500). */
  failNext(match: Matcher, spec: ErrorSpec, count = 1): void {
    this.injected.push({ match, remaining: count, respond: { kind: 'error', spec } });
  }

  /** The next `count` matching requests never get an answer (until close()). */
  hangNext(match: Matcher, count = 1): void {
    this.injected.push({ match, remaining: count, respond: { kind: 'hang' } });
  }

  /**
   * Discord sends an interaction: its token becomes valid for @original and followups.
   * Over HTTP the initial answer is the HTTP response, which never reaches this fake, so
   * tests open the interaction here first (the original starts empty, like a deferral).
   */
  openInteraction(token: string): void {
    if (!this.originals.has(token)) this.storeWebhookMessage(token, { content: '' });
  }

  // Inspection -----------------------------------------------------------

  /** Live messages in a channel or thread, oldest first. */
  messagesIn(channelId: string): FakeMessage[] {
    return [...this.messages.values()].filter((m) => m.channelId === channelId && !m.webhookToken);
  }

  /** Threads whose parent is this channel. */
  threadsOf(channelId: string): FakeChannel[] {
    return [...this.channels.values()].filter((c) => c.parentId === channelId);
  }

  callsTo(method: string, path: RegExp): RecordedCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  /** Messages written through an interaction token (@original first, then followups). */
  webhookMessages(token: string): FakeMessage[] {
    return [...this.messages.values()].filter((m) => m.webhookToken === token);
  }

  /** Resolves with the first recorded call (past or future) that matches. */
  waitForCall(predicate: (call: RecordedCall) => boolean, timeoutMs = 3000): Promise<RecordedCall> {
    const found = this.calls.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.off('call', onCall);
        reject(new Error('fake discord: expected call did not arrive'));
      }, timeoutMs);
      const onCall = (call: RecordedCall): void => {
        if (!predicate(call)) return;
        clearTimeout(timer);
        this.off('call', onCall);
        resolve(call);
      };
      this.on('call', onCall);
    });
  }

  // HTTP ---------------------------------------------------------------

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const path = safeDecode(url.pathname).replace(/^\/api(\/v\d+)?/, '');
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    let body: unknown = null;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        return this.finish(res, req, path, url, null, { status: 400, body: { code: 50109, message: 'The request body contains invalid JSON.' } }, null);
      }
    }
    const method = req.method ?? 'GET';
    const match = this.routes.map((r) => ({ r, m: r.method === method ? r.pattern.exec(path) : null })).find((x) => x.m);
    if (!match) return this.finish(res, req, path, url, body, { status: 404, body: { code: 0, message: '404: Not Found' } }, null);
    const { r: route, m } = match;
    const params = m!.slice(1);
    const bucket = this.takeBucket(method, route, params[0] ?? '');

    const injected = this.injected.find((i) => i.remaining > 0 && (!i.match.method || i.match.method === method) && (!i.match.path || i.match.path.test(path)));
    if (injected) {
      injected.remaining--;
      if (injected.respond.kind === 'hang') {
        this.hanging.add(res);
        res.on('close', () => this.hanging.delete(res));
        this.record(req, path, url, body, 0);
        return;
      }
      if (injected.respond.kind === 'ratelimit') return this.rateLimited(res, req, path, url, body, bucket, injected.respond.spec);
      const { status, code, message } = injected.respond.spec;
      return this.finish(res, req, path, url, body, { status, body: { code, message: message ?? `${status} error` } }, bucket);
    }
    if (bucket.remaining < 0) return this.rateLimited(res, req, path, url, body, bucket, { retryAfter: (bucket.resetAt - Date.now()) / 1000 });

    if (route.auth && req.headers.authorization !== `Bot ${this.token}`) {
      return this.finish(res, req, path, url, body, { status: 401, body: { code: 0, message: '401: Unauthorized' } }, bucket);
    }
    const channelMatch = /^\/channels\/(\d+)/.exec(path);
    const failing = channelMatch ? this.failingChannels.get(channelMatch[1]!) : undefined;
    if (failing) {
      return this.finish(res, req, path, url, body, { status: failing.status, body: { code: failing.code, message: failing.message ?? defaultMessage(failing.code) } }, bucket);
    }
    let reply: Reply;
    try {
      reply = route.handle({ body, query: url.searchParams }, ...params);
    } catch (err) {
      reply = { status: 500, body: { code: 0, message: String(err) } };
    }
    this.finish(res, req, path, url, body, reply, bucket);
  }

  private takeBucket(method: string, route: Route, major: string): Bucket {
    const key = `${route.name}:${major}`;
    const now = Date.now();
    let bucket = this.buckets.get(key);
    if (!bucket || now >= bucket.resetAt) {
      const hash = createHash('sha1').update(`${method} ${route.name}`).digest('hex').slice(0, 16);
      bucket = { hash, remaining: this.bucketLimit, resetAt: now + this.bucketWindowMs };
      this.buckets.set(key, bucket);
    }
    bucket.remaining--;
    return bucket;
  }

  private rateLimitHeaders(bucket: Bucket): Record<string, string> {
    const now = Date.now();
    return {
      'x-ratelimit-limit': String(this.bucketLimit),
      'x-ratelimit-remaining': String(Math.max(0, bucket.remaining)),
      'x-ratelimit-reset': (bucket.resetAt / 1000).toFixed(3),
      'x-ratelimit-reset-after': (Math.max(0, bucket.resetAt - now) / 1000).toFixed(3),
      'x-ratelimit-bucket': bucket.hash,
    };
  }

  private rateLimited(res: ServerResponse, req: IncomingMessage, path: string, url: URL, body: unknown, bucket: Bucket, spec: RateLimitSpec): void {
    const retryAfter = Math.max(0, spec.retryAfter);
    // A per-route ("user") limit: the bucket is empty until the retry time, then refills.
    // Global and shared (per-resource) limits leave the route's bucket as it was.
    if (!spec.global && (spec.scope ?? 'user') === 'user') {
      bucket.remaining = 0;
      bucket.resetAt = Date.now() + retryAfter * 1000;
    }
    const headers: Record<string, string> = {
      ...this.rateLimitHeaders(bucket),
      'retry-after': String(Math.ceil(retryAfter)),
      'x-ratelimit-scope': spec.scope ?? (spec.global ? 'global' : 'user'),
    };
    if (spec.global) headers['x-ratelimit-global'] = 'true';
    const payload = { message: 'You are being rate limited.', retry_after: Number(retryAfter.toFixed(3)), global: spec.global ?? false };
    this.record(req, path, url, body, 429);
    res.writeHead(429, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(payload));
  }

  private finish(res: ServerResponse, req: IncomingMessage, path: string, url: URL, body: unknown, reply: Reply, bucket: Bucket | null): void {
    this.record(req, path, url, body, reply.status);
    const headers: Record<string, string> = bucket ? this.rateLimitHeaders(bucket) : {};
    if (reply.body === undefined) {
      res.writeHead(reply.status, headers).end();
      return;
    }
    res.writeHead(reply.status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(reply.body));
  }

  private record(req: IncomingMessage, path: string, url: URL, body: unknown, status: number): void {
    const call: RecordedCall = {
      method: req.method ?? 'GET',
      path,
      query: url.search,
      body,
      authorization: req.headers.authorization ?? null,
      status,
      at: Date.now(),
    };
    this.calls.push(call);
    this.emit('call', call);
  }

  // Routes ---------------------------------------------------------------

  private buildRoutes(): Route[] {
    const id = '(\\d+)';
    const r = (method: string, path: string, name: string, auth: boolean, handle: Route['handle']): Route => ({
      method,
      pattern: new RegExp(`^${path}$`),
      name,
      auth,
      handle,
    });
    return [
      r('GET', '/gateway/bot', 'GET /gateway/bot', true, () => ({
        status: 200,
        body: { url: this.gatewayUrl, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } },
      })),
      r('GET', '/gateway', 'GET /gateway', false, () => ({ status: 200, body: { url: this.gatewayUrl } })),
      r('GET', '/users/@me', 'GET /users/@me', true, () => ({ status: 200, body: this.botUser() })),
      r('POST', `/channels/${id}/messages`, 'POST /channels/:id/messages', true, (ctx, ch) => this.createMessage(ch, ctx.body)),
      r('GET', `/channels/${id}/messages/${id}`, 'GET /channels/:id/messages/:id', true, (_ctx, ch, mid) => this.getMessage(ch, mid)),
      r('PATCH', `/channels/${id}/messages/${id}`, 'PATCH /channels/:id/messages/:id', true, (ctx, ch, mid) => this.editMessage(ch, mid, ctx.body)),
      r('POST', `/channels/${id}/messages/${id}/threads`, 'POST /channels/:id/messages/:id/threads', true, (ctx, ch, mid) => this.startThreadFromMessage(ch, mid, ctx.body)),
      r('POST', `/channels/${id}/threads`, 'POST /channels/:id/threads', true, (ctx, ch) => this.startThread(ch, ctx.body)),
      r('GET', `/channels/${id}`, 'GET /channels/:id', true, (_ctx, ch) => this.getChannel(ch)),
      r('PATCH', `/channels/${id}`, 'PATCH /channels/:id', true, (ctx, ch) => this.editChannel(ch, ctx.body)),
      r('GET', `/guilds/${id}/threads/active`, 'GET /guilds/:id/threads/active', true, (_ctx, guild) => this.activeThreads(guild!)),
      r('PUT', `/applications/${id}/commands`, 'PUT /applications/:id/commands', true, (ctx, app) => this.putCommands(app, 'global', ctx.body)),
      r('PUT', `/applications/${id}/guilds/${id}/commands`, 'PUT /applications/:id/guilds/:id/commands', true, (ctx, app, guild) =>
        this.putCommands(app, `guild:${guild}`, ctx.body),
      ),
      r('GET', `/applications/${id}/commands`, 'GET /applications/:id/commands', true, () => ({ status: 200, body: this.commands.get('global') ?? [] })),
      r('POST', `/interactions/${id}/([^/]+)/callback`, 'POST /interactions/:id/:token/callback', false, (ctx, iid, token) => {
        this.interactionCallbacks.push({ interactionId: iid!, token: token!, body: ctx.body });
        if (ctx.body?.type === 4 || ctx.body?.type === 7) this.storeWebhookMessage(token!, ctx.body.data ?? {});
        if (ctx.body?.type === 5) this.storeWebhookMessage(token!, { content: '', flags: ctx.body.data?.flags ?? 0 });
        if (ctx.query.get('with_response') === 'true') {
          return { status: 200, body: { interaction: { id: iid, type: 2, response_message_ephemeral: ((ctx.body?.data?.flags ?? 0) & 64) !== 0 }, resource: { type: ctx.body?.type } } };
        }
        return { status: 204 };
      }),
      r('POST', `/webhooks/${id}/([^/]+)`, 'POST /webhooks/:id/:token', false, (ctx, _app, token) => this.webhookPost(token!, ctx.body)),
      r('PATCH', `/webhooks/${id}/([^/]+)/messages/(@original|\\d+)`, 'PATCH /webhooks/:id/:token/messages/:id', false, (ctx, _app, token, mid) =>
        this.webhookEdit(token!, mid!, ctx.body),
      ),
      r('DELETE', `/webhooks/${id}/([^/]+)/messages/(@original|\\d+)`, 'DELETE /webhooks/:id/:token/messages/:id', false, (_ctx, _app, token, mid) =>
        this.webhookDelete(token!, mid!),
      ),
    ];
  }

  private channel(id: string, type: number, name: string, parentId: string | null): FakeChannel {
    return { id, type, guildId: this.guildId, name, parentId, archived: false, locked: false, deleted: false, starterMessageId: null };
  }

  private mustChannel(id: string): FakeChannel {
    const ch = this.channels.get(id);
    if (!ch) throw new Error(`fake discord: no channel ${id}`);
    return ch;
  }

  private liveChannel(id: string): FakeChannel | Reply {
    if (this.autoChannels && !this.channels.has(id)) this.addTextChannel(id);
    const ch = this.channels.get(id);
    if (!ch || ch.deleted) return error(404, 10003);
    return ch;
  }

  private createMessage(channelId: string | undefined, body: any): Reply {
    const ch = this.liveChannel(channelId!);
    if ('status' in ch) return ch;
    if (ch.type === ChannelType.forum) return error(400, 50008);
    if (ch.archived) return error(400, 50083);
    const invalid = validateMessage(body ?? {});
    if (invalid) return invalid;
    const nonce = body.nonce === undefined || body.nonce === null ? null : String(body.nonce);
    if (nonce !== null && String(nonce).length > 25) return formError('nonce', 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    if (nonce !== null && body.enforce_nonce) {
      const seen = this.nonces.get(nonce);
      if (seen && Date.now() - seen.at < this.nonceWindowMs) {
        const earlier = this.messages.get(seen.messageId);
        if (earlier) return { status: 200, body: this.messageJson(earlier) };
      }
    }
    const message = this.newMessage(ch.id, body, nonce, null);
    if (nonce !== null && body.enforce_nonce) this.nonces.set(nonce, { messageId: message.id, at: Date.now() });
    return { status: 200, body: this.messageJson(message) };
  }

  private newMessage(channelId: string, body: any, nonce: string | null, webhookToken: string | null, id = this.snowflake()): FakeMessage {
    const message: FakeMessage = {
      id,
      channelId,
      content: body.content ?? '',
      embeds: body.embeds ?? [],
      flags: body.flags ?? 0,
      nonce,
      createdAt: Date.now(),
      editedAt: null,
      webhookToken,
      messageReference: body.message_reference ?? null,
    };
    this.messages.set(message.id, message);
    return message;
  }

  private getMessage(channelId: string | undefined, messageId: string | undefined): Reply {
    const ch = this.liveChannel(channelId!);
    if ('status' in ch) return ch;
    const m = this.messages.get(messageId!);
    if (!m || m.channelId !== ch.id) return error(404, 10008);
    return { status: 200, body: this.messageJson(m) };
  }

  private editMessage(channelId: string | undefined, messageId: string | undefined, body: any): Reply {
    const ch = this.liveChannel(channelId!);
    if ('status' in ch) return ch;
    const m = this.messages.get(messageId!);
    if (!m || m.channelId !== ch.id) return error(404, 10008);
    if (ch.archived) return error(400, 50083);
    const next = { content: body?.content ?? m.content, embeds: body?.embeds ?? m.embeds };
    const invalid = validateMessage(next);
    if (invalid) return invalid;
    m.content = next.content;
    m.embeds = next.embeds;
    m.editedAt = Date.now();
    return { status: 200, body: this.messageJson(m) };
  }

  private startThreadFromMessage(channelId: string | undefined, messageId: string | undefined, body: any): Reply {
    const ch = this.liveChannel(channelId!);
    if ('status' in ch) return ch;
    if (ch.type !== ChannelType.text) return error(400, 50024);
    const m = this.messages.get(messageId!);
    if (!m || m.channelId !== ch.id) return error(404, 10008);
    const existing = this.channels.get(m.id);
    if (existing) return error(400, 160004);
    const invalid = validateThreadName(body?.name);
    if (invalid) return invalid;
    const thread = this.channel(m.id, ChannelType.publicThread, body.name, ch.id);
    thread.starterMessageId = m.id;
    this.channels.set(thread.id, thread);
    return { status: 201, body: this.channelJson(thread) };
  }

  private startThread(channelId: string | undefined, body: any): Reply {
    const ch = this.liveChannel(channelId!);
    if ('status' in ch) return ch;
    const invalid = validateThreadName(body?.name);
    if (invalid) return invalid;
    if (ch.type === ChannelType.forum) {
      if (!body.message) return formError('message', 'BASE_TYPE_REQUIRED', 'This field is required');
      const bad = validateMessage(body.message);
      if (bad) return bad;
      const threadId = this.snowflake();
      const thread = this.channel(threadId, ChannelType.publicThread, body.name, ch.id);
      thread.starterMessageId = threadId;
      this.channels.set(threadId, thread);
      // In a forum the starter message has the thread's id.
      const message = this.newMessage(threadId, body.message, null, null, threadId);
      return { status: 201, body: { ...this.channelJson(thread), message: this.messageJson(message) } };
    }
    if (ch.type !== ChannelType.text) return error(400, 50024);
    const thread = this.channel(this.snowflake(), body.type ?? ChannelType.publicThread, body.name, ch.id);
    this.channels.set(thread.id, thread);
    return { status: 201, body: this.channelJson(thread) };
  }

  /** The guild's threads that are neither archived nor deleted, as Discord lists them. */
  private activeThreads(guildId: string): Reply {
    if (guildId !== this.guildId) return error(404, 10004);
    const threads = [...this.channels.values()].filter((c) => c.type === ChannelType.publicThread && !c.archived && !c.deleted);
    return { status: 200, body: { threads: threads.map((t) => this.channelJson(t)), members: [] } };
  }

  private getChannel(channelId: string | undefined): Reply {
    const ch = this.liveChannel(channelId!);
    if ('status' in ch) return ch;
    return { status: 200, body: this.channelJson(ch) };
  }

  private editChannel(channelId: string | undefined, body: any): Reply {
    const ch = this.liveChannel(channelId!);
    if ('status' in ch) return ch;
    if (typeof body?.archived === 'boolean') {
      if (ch.type !== ChannelType.publicThread) return error(400, 50024);
      // A locked thread can only be reopened with Manage Threads, which the bot lacks here.
      if (ch.locked && body.archived === false) return error(403, 50013);
      ch.archived = body.archived;
    }
    if (typeof body?.name === 'string') ch.name = body.name;
    return { status: 200, body: this.channelJson(ch) };
  }

  private putCommands(appId: string | undefined, scope: string, body: any): Reply {
    if (appId !== this.applicationId) return error(403, 50001);
    if (!Array.isArray(body)) return formError('_root', 'MODEL_TYPE_CONVERT', 'Must be an array');
    const problems = body.map((c: any, i: number) => validateCommand(c, String(i))).filter(Boolean);
    if (problems.length) return { status: 400, body: { code: 50035, message: 'Invalid Form Body', errors: Object.assign({}, ...problems) } };
    const stored = body.map((c: any) => ({ ...c, id: this.snowflake(), application_id: this.applicationId, version: this.snowflake() }));
    this.commands.set(scope, stored);
    return { status: 200, body: stored };
  }

  private storeWebhookMessage(token: string, body: any): FakeMessage {
    const existing = this.original(token);
    if (existing) {
      existing.content = body.content ?? existing.content;
      existing.embeds = body.embeds ?? existing.embeds;
      existing.editedAt = Date.now();
      return existing;
    }
    const message = this.newMessage('interaction', body, null, token);
    this.originals.set(token, message.id);
    return message;
  }

  /** The interaction's original response, once answered or deferred. */
  original(token: string): FakeMessage | undefined {
    const id = this.originals.get(token);
    return id ? this.messages.get(id) : undefined;
  }

  private webhookMessage(token: string, messageId: string): FakeMessage | undefined {
    const m = messageId === '@original' ? this.original(token) : this.messages.get(messageId);
    return m && m.webhookToken === token ? m : undefined;
  }

  private webhookPost(token: string, body: any): Reply {
    const invalid = validateMessage(body ?? {});
    if (invalid) return invalid;
    return { status: 200, body: this.messageJson(this.newMessage('interaction', body, null, token)) };
  }

  private webhookEdit(token: string, messageId: string, body: any): Reply {
    const m = this.webhookMessage(token, messageId);
    if (!m) return error(404, 10008);
    const next = { content: body?.content ?? m.content, embeds: body?.embeds ?? m.embeds };
    const invalid = validateMessage(next);
    if (invalid) return invalid;
    m.content = next.content;
    m.embeds = next.embeds;
    m.editedAt = Date.now();
    return { status: 200, body: this.messageJson(m) };
  }

  private webhookDelete(token: string, messageId: string): Reply {
    const m = this.webhookMessage(token, messageId);
    if (!m) return error(404, 10008);
    this.messages.delete(m.id);
    return { status: 204 };
  }

  private botUser(): Record<string, unknown> {
    return { id: this.applicationId, username: 'threadline', discriminator: '0', global_name: 'Threadline', avatar: null, bot: true };
  }

  messageJson(m: FakeMessage): Record<string, unknown> {
    return {
      id: m.id,
      type: 0,
      channel_id: m.channelId,
      guild_id: this.guildId,
      author: this.botUser(),
      content: m.content,
      embeds: m.embeds,
      attachments: [],
      mentions: [],
      mention_roles: [],
      mention_everyone: false,
      pinned: false,
      tts: false,
      flags: m.flags,
      nonce: m.nonce ?? undefined,
      timestamp: new Date(m.createdAt).toISOString(),
      edited_timestamp: m.editedAt ? new Date(m.editedAt).toISOString() : null,
      components: [],
    };
  }

  channelJson(ch: FakeChannel): Record<string, unknown> {
    const base: Record<string, unknown> = { id: ch.id, type: ch.type, guild_id: ch.guildId, name: ch.name, parent_id: ch.parentId };
    if (ch.type === ChannelType.publicThread) {
      base.thread_metadata = { archived: ch.archived, locked: ch.locked, auto_archive_duration: 10080, archive_timestamp: new Date().toISOString() };
      base.owner_id = this.applicationId;
    }
    return base;
  }
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

// Errors and validation, shaped like Discord's ------------------------------

const MESSAGES: Record<number, string> = {
  10003: 'Unknown Channel',
  10004: 'Unknown Guild',
  10008: 'Unknown Message',
  50001: 'Missing Access',
  50006: 'Cannot send an empty message',
  50008: 'Cannot send messages in a non-text channel',
  50013: 'Missing Permissions',
  50024: 'Cannot execute action on this channel type',
  50083: 'Thread is archived',
  160004: 'A thread has already been created for this message',
};

function defaultMessage(code: number): string {
  return MESSAGES[code] ?? 'Error';
}

function error(status: number, code: number): Reply {
  return { status, body: { code, message: defaultMessage(code) } };
}

function formError(field: string, code: string, message: string): Reply {
  return { status: 400, body: { code: 50035, message: 'Invalid Form Body', errors: { [field]: { _errors: [{ code, message }] } } } };
}

function tooLong(field: string, max: number): Reply {
  return formError(field, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
}

function validateThreadName(name: unknown): Reply | null {
  if (typeof name !== 'string' || name.length < 1) return formError('name', 'BASE_TYPE_REQUIRED', 'This field is required');
  if (name.length > 100) return tooLong('name', 100);
  return null;
}

/** Discord's message limits: content 2000, 10 embeds, per-embed field limits, 6000 total. */
export function validateMessage(body: { content?: unknown; embeds?: unknown }): Reply | null {
  const content = typeof body.content === 'string' ? body.content : '';
  const embeds = Array.isArray(body.embeds) ? (body.embeds as FakeEmbed[]) : [];
  if (content.length > 2000) return tooLong('content', 2000);
  if (embeds.length > 10) return tooLong('embeds', 10);
  if (!content && embeds.length === 0) return error(400, 50006);
  let total = 0;
  for (const [i, e] of embeds.entries()) {
    const at = `embeds.${i}`;
    if ((e.title ?? '').length > 256) return tooLong(`${at}.title`, 256);
    if ((e.description ?? '').length > 4096) return tooLong(`${at}.description`, 4096);
    if ((e.footer?.text ?? '').length > 2048) return tooLong(`${at}.footer.text`, 2048);
    if ((e.author?.name ?? '').length > 256) return tooLong(`${at}.author.name`, 256);
    const fields = e.fields ?? [];
    if (fields.length > 25) return tooLong(`${at}.fields`, 25);
    for (const [j, f] of fields.entries()) {
      if (!f.name) return formError(`${at}.fields.${j}.name`, 'BASE_TYPE_REQUIRED', 'This field is required');
      if (!f.value) return formError(`${at}.fields.${j}.value`, 'BASE_TYPE_REQUIRED', 'This field is required');
      if (f.name.length > 256) return tooLong(`${at}.fields.${j}.name`, 256);
      if (f.value.length > 1024) return tooLong(`${at}.fields.${j}.value`, 1024);
      total += f.name.length + f.value.length;
    }
    total += (e.title ?? '').length + (e.description ?? '').length + (e.footer?.text ?? '').length + (e.author?.name ?? '').length;
  }
  if (total > 6000) return formError('embeds', 'MAX_EMBED_SIZE_EXCEEDED', 'Embed size exceeds maximum size of 6000');
  return null;
}

const COMMAND_NAME = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

function validateCommand(c: any, at: string): Record<string, unknown> | null {
  const problem = (field: string, message: string): Record<string, unknown> => ({ [`${at}.${field}`]: { _errors: [{ code: 'INVALID', message }] } });
  if (typeof c?.name !== 'string' || !COMMAND_NAME.test(c.name) || c.name !== c.name.toLowerCase()) return problem('name', 'Invalid command name');
  if ((c.type ?? 1) === 1 && (typeof c.description !== 'string' || c.description.length < 1 || c.description.length > 100)) {
    return problem('description', 'Must be between 1 and 100 in length.');
  }
  const options: any[] = c.options ?? [];
  if (options.length > 25) return problem('options', 'Must be 25 or fewer in length.');
  for (const [i, o] of options.entries()) {
    const bad = validateCommand(o, `${at}.options.${i}`);
    if (bad) return bad;
    if (Array.isArray(o.choices) && o.choices.length > 25) return problem(`options.${i}.choices`, 'Must be 25 or fewer in length.');
  }
  // Required options must come before optional ones.
  const firstOptional = options.findIndex((o) => o.type !== 1 && o.type !== 2 && !o.required);
  if (firstOptional >= 0 && options.slice(firstOptional).some((o) => o.required)) return problem('options', 'Required options must be placed before non-required options');
  return null;
}
