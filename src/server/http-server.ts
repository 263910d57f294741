import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { closeNow, listen } from './listen.js';
import type { Logger } from '../util/logger.js';

export type RouteHandler = (req: IncomingMessage, res: ServerResponse) => void | Promise<void>;

/**
 * The bot's one HTTP server: adapters and health/metrics mount routes on it, so a
 * deployment exposes one port (/slack/events, /discord/interactions, /healthz, /metrics).
 */
export class HttpServer {
  private readonly routes = new Map<string, RouteHandler>();
  private server: Server | null = null;

  constructor(private readonly log: Logger) {}

  /** method "*" matches any method. */
  route(method: string, path: string, handler: RouteHandler): void {
    this.routes.set(`${method.toUpperCase()} ${path}`, handler);
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0]!;
    const handler = this.routes.get(`${req.method} ${path}`) ?? this.routes.get(`* ${path}`);
    if (!handler) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      return;
    }
    try {
      await handler(req, res);
    } catch (err) {
      this.log.error({ err, path }, 'route handler failed');
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end();
    }
  }

  async listen(port: number, host = '0.0.0.0'): Promise<number> {
    const server = createServer((req, res) => void this.dispatch(req, res));
    this.server = server;
    return listen(server, port, host);
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = null;
    await closeNow(server);
  }
}

/** Reads a request body up to `limit` bytes; rejects when it is larger. */
export async function readBody(req: IncomingMessage, limit = 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new Error(`request body larger than ${limit} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
