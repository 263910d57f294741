import { createServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { closeNow, listen } from '../../src/server/listen.js';

/**
 * A reverse proxy on 127.0.0.1 that sits between a real client (Slack WebClient,
 * @discordjs/rest) and a fake platform, and breaks requests the way networks and
 * platforms do. Which fault hits which request is decided by the test (a seeded PRNG),
 * so a run is repeatable.
 *
 * - 'pass'        forward and answer normally
 * - 'status'      answer with the given status, headers and body; the fake never sees it
 * - 'drop-before' close the connection before forwarding: the platform never saw it
 * - 'drop-after'  forward, let the platform act on it, then close the connection instead
 *                 of answering: the client cannot know the message was posted
 * - 'hold'        forward and keep the answer until release() (to kill a process mid-send)
 */
export type Fault =
  | { kind: 'pass' }
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: string }
  | { kind: 'drop-before' }
  | { kind: 'drop-after' }
  | { kind: 'hold' };

export interface ProxiedRequest {
  method: string;
  path: string;
  body: Buffer;
  headers: IncomingHttpHeaders;
}

export class FaultProxy {
  readonly log: Array<{ method: string; path: string; fault: Fault['kind'] }> = [];
  private server: Server | null = null;
  private port = 0;
  private readonly held: Array<() => void> = [];
  private heldWaiters: Array<() => void> = [];

  /** @param target base URL of the fake, e.g. http://127.0.0.1:4321 */
  constructor(
    private readonly target: string,
    private readonly decide: (req: ProxiedRequest) => Fault,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    this.port = await listen(server, 0, '127.0.0.1');
    return this;
  }

  async close(): Promise<void> {
    this.releaseAll();
    const server = this.server;
    if (!server) return;
    this.server = null;
    await closeNow(server);
  }

  /** Resolves once `n` answers are being held. */
  waitForHeld(n = 1): Promise<void> {
    if (this.held.length >= n) return Promise.resolve();
    return new Promise((resolve) => {
      const check = () => {
        if (this.held.length >= n) resolve();
        else this.heldWaiters.push(check);
      };
      this.heldWaiters.push(check);
    });
  }

  releaseAll(): void {
    for (const release of this.held.splice(0)) release();
  }

  count(kind: Fault['kind']): number {
    return this.log.filter((l) => l.fault === kind).length;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const path = req.url ?? '/';
    const fault = this.decide({ method: req.method ?? 'GET', path, body, headers: req.headers });
    this.log.push({ method: req.method ?? 'GET', path, fault: fault.kind });

    if (fault.kind === 'drop-before') {
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'status') {
      res.writeHead(fault.status, { 'content-type': 'application/json', ...fault.headers }).end(fault.body ?? '');
      return;
    }
    let answer: { status: number; headers: IncomingHttpHeaders; body: Buffer };
    try {
      answer = await this.forward(req.method ?? 'GET', path, req.headers, body);
    } catch {
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'drop-after') {
      req.socket.destroy();
      return;
    }
    if (fault.kind === 'hold') {
      await new Promise<void>((resolve) => {
        this.held.push(resolve);
        const waiters = this.heldWaiters;
        this.heldWaiters = [];
        for (const w of waiters) w();
      });
      if (req.socket.destroyed) return;
    }
    const headers = { ...answer.headers };
    delete headers['transfer-encoding'];
    delete headers['connection'];
    headers['content-length'] = String(answer.body.length);
    res.writeHead(answer.status, headers).end(answer.body);
  }

  private forward(method: string, path: string, headers: IncomingHttpHeaders, body: Buffer): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
    const base = new URL(this.target);
    const outHeaders = { ...headers, host: base.host, 'content-length': String(body.length) };
    delete outHeaders['transfer-encoding'];
    delete outHeaders['connection'];
    return new Promise((resolve, reject) => {
      const out = httpRequest(
        { hostname: base.hostname, port: base.port, method, path: base.pathname.replace(/\/$/, '') + path, headers: outHeaders },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
          res.on('error', reject);
        },
      );
      out.on('error', reject);
      out.end(body);
    });
  }
}
