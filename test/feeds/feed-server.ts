import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { closeNow, listen } from '../../src/server/listen.js';

/** What the fake answers on one path. */
export interface FeedRoute {
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Never answer at all (headers never sent). */
  hang?: boolean;
  /** Send the headers and this much of the body, then stall forever. */
  stallAfter?: Buffer | string;
  /** Answer after this many milliseconds (to observe concurrency, not to time anything). */
  delayMs?: number;
}

export type RouteFn = (req: IncomingMessage, hit: number) => FeedRoute;

export interface RecordedRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

/**
 * A feed server on 127.0.0.1 for tests: each path answers what the test configured
 * (a fixed response or a function of the request and hit count), and every request's
 * headers are recorded so tests can check conditional GET and the User-Agent.
 */
export class FeedServer {
  readonly requests: RecordedRequest[] = [];
  /** Requests being answered right now, and the most there ever were at once. */
  active = 0;
  maxActive = 0;
  private readonly routes = new Map<string, RouteFn>();
  private readonly hits = new Map<string, number>();
  private server: Server | null = null;
  private port = 0;

  route(path: string, route: FeedRoute | RouteFn): this {
    this.routes.set(path, typeof route === 'function' ? route : () => route);
    return this;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => this.handle(req, res));
    this.port = await listen(this.server, 0, '127.0.0.1');
    return this;
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await closeNow(server);
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    this.requests.push({ path, headers: req.headers });
    const hit = (this.hits.get(path) ?? 0) + 1;
    this.hits.set(path, hit);
    const fn = this.routes.get(path);
    if (!fn) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    const route = fn(req, hit);
    if (route.hang) return;
    this.active++;
    this.maxActive = Math.max(this.maxActive, this.active);
    res.on('close', () => this.active--);
    if (route.delayMs) setTimeout(() => this.respond(res, route), route.delayMs);
    else this.respond(res, route);
  }

  private respond(res: ServerResponse, route: FeedRoute): void {
    if (res.destroyed) return;
    res.writeHead(route.status ?? 200, route.headers ?? { 'content-type': 'application/rss+xml; charset=utf-8' });
    if (route.stallAfter !== undefined) {
      res.write(route.stallAfter);
      return;
    }
    res.end(route.body ?? '');
  }
}
