import { isIP } from 'node:net';
import { Agent, request, type Dispatcher } from 'undici';
import type { Logger } from '../util/logger.js';
import { FeedError, errorMessage } from '../util/errors.js';
import { forbiddenAddress, guardedLookup } from '../util/url-guard.js';
import { codingsToUndo, decompress } from './decompress.js';
import { defaultUserAgent } from './user-agent.js';

/** The HTTP boundary of the poller. One real implementation below; tests run it against 127.0.0.1. */
export interface HttpClient {
  get(url: string, opts?: HttpGetOptions): Promise<HttpResponse>;
}

export interface HttpGetOptions {
  headers?: Record<string, string>;
  /** Deadline for the whole exchange, redirects and body included. Default 15 s. */
  timeoutMs?: number;
  /** Cap on the (decompressed) body; the rest is cut off and `truncated` set. Default 5 MB. */
  maxBytes?: number;
  signal?: AbortSignal;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Already decompressed. */
  body: Buffer;
  /** URL of the last request made, after redirects. */
  finalUrl: string;
  /** Each redirect followed: its status and the URL it pointed to. */
  redirects: Array<{ status: number; url: string }>;
  truncated: boolean;
}

export interface HttpClientOptions {
  log?: Logger;
  userAgent?: string;
  /** Default 5. */
  maxRedirects?: number;
  /**
   * false: refuse loopback/private/link-local/metadata addresses at connect time (also after
   * redirects and DNS rebinding). Default true; the app passes config `allowPrivateFeeds`.
   */
  allowPrivate?: boolean;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5';

export function createHttpClient(options: HttpClientOptions = {}): HttpClient {
  const userAgent = options.userAgent ?? defaultUserAgent();
  const maxRedirects = options.maxRedirects ?? 5;
  const log = options.log;
  const allowPrivate = options.allowPrivate ?? true;
  const dispatcher: Dispatcher | undefined = allowPrivate ? undefined : new Agent({ connect: { lookup: guardedLookup({ allowPrivate }) } });

  return {
    async get(url, opts = {}) {
      const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
      const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
      // One deadline for everything; aborting makes undici destroy the socket, so a server
      // that never answers (or stalls mid-body) cannot hold the poller.
      const deadline = new AbortController();
      const timer = setTimeout(() => deadline.abort(new Error('timeout')), timeoutMs);
      const signal = opts.signal ? AbortSignal.any([deadline.signal, opts.signal]) : deadline.signal;
      const headers: Record<string, string> = { 'user-agent': userAgent, accept: ACCEPT, 'accept-encoding': 'gzip, deflate, br' };
      for (const [k, v] of Object.entries(opts.headers ?? {})) headers[k.toLowerCase()] = v;

      const redirects: HttpResponse['redirects'] = [];
      let current = checkTarget(url, url, allowPrivate);
      try {
        for (;;) {
          const res = await request(current, { method: 'GET', headers, signal, ...(dispatcher ? { dispatcher } : {}) });
          const location = headerValue(res.headers.location);
          if (REDIRECT_STATUSES.has(res.statusCode) && location) {
            await res.body.dump().catch(() => undefined);
            if (redirects.length >= maxRedirects) {
              throw new FeedError(`${url}: more than ${maxRedirects} redirects`, url, 'http', null, { status: res.statusCode });
            }
            const next = checkTarget(resolveLocation(location, current, url), url, allowPrivate);
            redirects.push({ status: res.statusCode, url: next });
            current = next;
            continue;
          }
          const raw = await readCapped(res.body, maxBytes);
          const responseHeaders = flattenHeaders(res.headers);
          let body = raw.body;
          let truncated = raw.truncated;
          for (const coding of codingsToUndo(responseHeaders['content-encoding'])) {
            const out = await decompress(body, coding, maxBytes).catch((err: unknown) => {
              throw new FeedError(`${url}: could not decode ${coding} body: ${errorMessage(err)}`, url, 'http', null, { cause: err, status: res.statusCode });
            });
            body = out.body;
            truncated ||= out.truncated;
          }
          if (truncated) log?.warn({ url: current, maxBytes }, 'response body larger than the limit; cut off');
          return { status: res.statusCode, headers: responseHeaders, body, finalUrl: current, redirects, truncated };
        }
      } catch (err) {
        if (err instanceof FeedError) throw err;
        if (deadline.signal.aborted) throw new FeedError(`${url}: timed out after ${timeoutMs} ms`, url, 'timeout', null, { cause: err });
        if (opts.signal?.aborted) throw new FeedError(`${url}: request aborted`, url, 'network', null, { cause: err });
        const kind = errorCode(err) === 'EADDRNOTAVAIL_GUARD' ? 'refused' : 'network';
        throw new FeedError(`${url}: ${networkMessage(err)}`, url, kind, null, { cause: err });
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Reads at most maxBytes of the wire body; the rest is not downloaded (the socket is closed). */
async function readCapped(body: AsyncIterable<Buffer> & { destroy(): void }, maxBytes: number): Promise<{ body: Buffer; truncated: boolean }> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    if (size + chunk.length > maxBytes) {
      chunks.push(chunk.subarray(0, maxBytes - size));
      body.destroy();
      return { body: Buffer.concat(chunks), truncated: true };
    }
    chunks.push(chunk);
    size += chunk.length;
  }
  return { body: Buffer.concat(chunks, size), truncated: false };
}

function resolveLocation(location: string, base: string, original: string): string {
  try {
    return new URL(location, base).toString();
  } catch {
    throw new FeedError(`${original}: redirect to an invalid location "${location.slice(0, 200)}"`, original, 'http');
  }
}

/**
 * Only http(s): a redirect to file:, data: or gopher: is refused, not followed. A literal
 * IP host never reaches the DNS lookup, so it is judged here when private hosts are refused.
 */
function checkTarget(target: string, original: string, allowPrivate: boolean): string {
  let parsed: URL;
  try {
    parsed = new URL(target);
  } catch {
    throw new FeedError(`${original}: invalid URL "${target.slice(0, 200)}"`, original, 'refused');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new FeedError(`${original}: scheme ${parsed.protocol} refused (http and https only)`, original, 'refused');
  }
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && isIP(host)) {
    const why = forbiddenAddress(host);
    if (why) throw new FeedError(`${original}: ${host} is ${why}; refused`, original, 'refused');
  }
  return parsed.toString();
}

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function flattenHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

function errorCode(err: unknown): string | null {
  const code = (err as { code?: unknown })?.code;
  const cause = (err as { cause?: { code?: unknown } })?.cause?.code;
  return typeof code === 'string' ? code : typeof cause === 'string' ? cause : null;
}

function networkMessage(err: unknown): string {
  const tag = errorCode(err);
  return tag ? `network error ${tag}: ${errorMessage(err)}` : `network error: ${errorMessage(err)}`;
}
