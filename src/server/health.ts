import type { HttpServer } from './http-server.js';
import type { Metrics } from './metrics.js';
import type { Store } from '../store/store.js';
import type { Clock } from '../util/clock.js';

export interface HealthDeps {
  store: Pick<Store, 'ping'>;
  metrics: Metrics;
  clock: Clock;
  /** When the poller last finished a round; null before the first one. */
  lastPollAt: () => Date | null;
  /** Connection state per adapter ("slack": true); only configured adapters appear. */
  adapters: () => Record<string, boolean>;
  /** A last poll older than this makes /healthz unhealthy; pass ~3 poll intervals. Default 30 min. */
  maxPollAgeMs?: number;
}

export const DEFAULT_MAX_POLL_AGE_MS = 30 * 60_000;

export interface HealthReport {
  status: 'ok' | 'unhealthy';
  store: boolean;
  lastPollAgeSeconds: number | null;
  pollStale: boolean;
  adapters: Record<string, boolean>;
  problems: string[];
}

/** The /healthz verdict, separate from HTTP so it is easy to test and to log. */
export function checkHealth(deps: HealthDeps): HealthReport {
  const problems: string[] = [];
  let storeOk: boolean;
  try {
    storeOk = deps.store.ping();
  } catch {
    storeOk = false;
  }
  if (!storeOk) problems.push('store unreachable');

  const last = deps.lastPollAt();
  const ageMs = last ? deps.clock.now().getTime() - last.getTime() : null;
  const pollStale = ageMs !== null && ageMs > (deps.maxPollAgeMs ?? DEFAULT_MAX_POLL_AGE_MS);
  if (pollStale) problems.push(`last poll ${Math.round(ageMs! / 1000)} s ago`);

  let adapters: Record<string, boolean>;
  try {
    adapters = deps.adapters();
  } catch {
    adapters = {};
    problems.push('adapter state unavailable');
  }
  for (const [name, connected] of Object.entries(adapters)) if (!connected) problems.push(`${name} not connected`);

  return {
    status: problems.length === 0 ? 'ok' : 'unhealthy',
    store: storeOk,
    lastPollAgeSeconds: ageMs === null ? null : Math.round(ageMs / 1000),
    pollStale,
    adapters,
    problems,
  };
}

/** Mounts GET /healthz (JSON, 200 or 503) and GET /metrics (Prometheus text) on the shared server. */
export function mountHealth(server: HttpServer, deps: HealthDeps): void {
  server.route('GET', '/healthz', (_req, res) => {
    const report = checkHealth(deps);
    res
      .writeHead(report.status === 'ok' ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' })
      .end(JSON.stringify(report));
  });
  server.route('GET', '/metrics', async (_req, res) => {
    const body = await deps.metrics.render();
    res.writeHead(200, { 'content-type': deps.metrics.contentType }).end(body);
  });
}
