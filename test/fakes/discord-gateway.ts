/**
 * A fake Discord gateway on 127.0.0.1 for discord.js: HELLO -> IDENTIFY -> READY, heartbeat
 * ACKs, RESUME, and dispatches pushed by the test. JSON encoding, no compression (discord.js
 * only asks for zlib-stream when zlib-sync is installed). Point FakeDiscordApi.gatewayUrl here.
 */
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface GatewayUser {
  id: string;
  username: string;
}

export class FakeDiscordGateway {
  readonly identifies: { token: string; intents: number }[] = [];
  private wss: WebSocketServer | null = null;
  private readonly sockets = new Set<WebSocket>();
  private sequence = 0;
  private readyWaiters: (() => void)[] = [];
  private port = 0;

  constructor(
    private readonly bot: GatewayUser,
    private readonly applicationId: string,
  ) {}

  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    this.wss = wss;
    await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
    this.port = (wss.address() as AddressInfo).port;
    wss.on('connection', (socket) => this.onConnection(socket));
    return this;
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.terminate();
    const wss = this.wss;
    this.wss = null;
    if (wss) await new Promise<void>((resolve) => wss.close(() => resolve()));
  }

  /** Resolves once a client has identified and been sent READY. */
  ready(): Promise<void> {
    if (this.identifies.length > 0) return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Sends an op-0 dispatch ("INTERACTION_CREATE", "MESSAGE_CREATE", ...) to every client. */
  dispatch(t: string, d: unknown): void {
    const frame = JSON.stringify({ op: 0, t, s: ++this.sequence, d });
    for (const s of this.sockets) s.send(frame);
  }

  private onConnection(socket: WebSocket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.send(JSON.stringify({ op: 10, d: { heartbeat_interval: 41_250 }, s: null, t: null }));
    socket.on('message', (raw) => {
      let frame: { op: number; d: any };
      try {
        frame = JSON.parse(String(raw));
      } catch {
        socket.close(4002, 'Decode error');
        return;
      }
      switch (frame.op) {
        case 1:
          socket.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
          break;
        case 2: {
          this.identifies.push({ token: frame.d?.token, intents: frame.d?.intents });
          const ready = {
            v: 10,
            user: { ...this.bot, discriminator: '0', global_name: null, avatar: null, bot: true, verified: true, flags: 0, mfa_enabled: false },
            guilds: [],
            session_id: 'fake-session',
            resume_gateway_url: this.url,
            shard: [0, 1],
            application: { id: this.applicationId, flags: 0 },
            user_settings: {},
            relationships: [],
            private_channels: [],
            presences: [],
            guild_join_requests: [],
          };
          socket.send(JSON.stringify({ op: 0, t: 'READY', s: ++this.sequence, d: ready }));
          for (const resolve of this.readyWaiters.splice(0)) resolve();
          break;
        }
        case 6:
          socket.send(JSON.stringify({ op: 0, t: 'RESUMED', s: ++this.sequence, d: {} }));
          break;
        default:
          break;
      }
    });
  }
}
