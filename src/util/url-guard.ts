import { lookup as dnsLookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Resolves a host name to every address it has (dns.lookup with all: true). */
export type LookupAll = (hostname: string) => Promise<Array<{ address: string; family: number }>>;

export interface UrlGuardOptions {
  /** Tests and private deployments set this (config `allowPrivateFeeds`). */
  allowPrivate: boolean;
  lookup?: LookupAll;
}

export type UrlCheck = { ok: true } | { ok: false; reason: string };

const defaultLookup: LookupAll = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/** Cloud metadata endpoints, named apart so the refusal says what was at stake. */
const METADATA = new Set(['169.254.169.254', 'fd00:ec2::254'].map((a) => ipaddr.parse(a).toNormalizedString()));

const FORBIDDEN_V4 = new Set(['unspecified', 'broadcast', 'multicast', 'linkLocal', 'loopback', 'carrierGradeNat', 'private', 'reserved']);
const FORBIDDEN_V6 = new Set(['unspecified', 'linkLocal', 'multicast', 'loopback', 'uniqueLocal', 'deprecatedSiteLocal', 'discard', 'teredo']);

/**
 * Refuses a feed URL a user adds at run time when it is not http(s) or when any address
 * its host resolves to is internal (loopback, private, link-local, metadata, CGNAT...),
 * so `/threadline feeds add` cannot be used to read the bot's own network.
 * Checking at add time does not stop DNS rebinding; the fetcher should also connect
 * through `guardedLookup` so the address actually dialled is checked too.
 */
export async function checkFeedUrl(url: string, opts: UrlGuardOptions): Promise<UrlCheck> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'not a valid URL' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { ok: false, reason: `scheme ${parsed.protocol.replace(/:$/, '')} is not allowed (only http and https)` };
  }
  if (opts.allowPrivate) return { ok: true };
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  if (!host) return { ok: false, reason: 'URL has no host' };

  let addresses: string[];
  if (isIP(host)) {
    addresses = [host];
  } else {
    try {
      addresses = (await (opts.lookup ?? defaultLookup)(host)).map((a) => a.address);
    } catch (err) {
      return { ok: false, reason: `cannot resolve ${host}: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
    }
    if (addresses.length === 0) return { ok: false, reason: `cannot resolve ${host}: no addresses` };
  }
  for (const address of addresses) {
    const why = forbiddenAddress(address);
    if (why) return { ok: false, reason: isIP(host) ? `${host} is ${why}` : `${host} resolves to ${address} (${why})` };
  }
  return { ok: true };
}

/**
 * Why an address must not be fetched ("loopback", "private", "cloud metadata", ...),
 * or null when it is an ordinary public address. IPv6 forms that embed an IPv4
 * address (::ffff:10.0.0.1, NAT64 64:ff9b::/96, 6to4 2002::/16) are judged by it.
 */
export function forbiddenAddress(address: string): string | null {
  let ip: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    ip = ipaddr.parse(address.replace(/%.*$/, ''));
  } catch {
    return 'not an IP address';
  }
  if (ip.kind() === 'ipv6') {
    const v6 = ip as ipaddr.IPv6;
    const embedded = embeddedIPv4(v6);
    if (embedded) {
      const inner = forbiddenAddress(embedded.toString());
      return inner ? `${inner}, embedded in IPv6` : null;
    }
    if (METADATA.has(v6.toNormalizedString())) return 'cloud metadata';
    const range = v6.range();
    return FORBIDDEN_V6.has(range) ? label(range) : null;
  }
  const v4 = ip as ipaddr.IPv4;
  if (METADATA.has(v4.toNormalizedString())) return 'cloud metadata';
  const range = v4.range();
  return FORBIDDEN_V4.has(range) ? label(range) : null;
}

function embeddedIPv4(ip: ipaddr.IPv6): ipaddr.IPv4 | null {
  const range = ip.range();
  const p = ip.parts;
  if (range === 'ipv4Mapped' || range === 'rfc6145') return ip.toIPv4Address();
  // NAT64 (64:ff9b::/96): the last 32 bits are the IPv4 destination.
  if (range === 'rfc6052') return new ipaddr.IPv4([p[6]! >> 8, p[6]! & 0xff, p[7]! >> 8, p[7]! & 0xff]);
  // 6to4 (2002:AABB:CCDD::/48): bits 16-47 are the IPv4 gateway.
  if (range === '6to4') return new ipaddr.IPv4([p[1]! >> 8, p[1]! & 0xff, p[2]! >> 8, p[2]! & 0xff]);
  // IPv4-compatible (::a.b.c.d, deprecated) still routes to IPv4 on some stacks.
  if (p.slice(0, 6).every((x) => x === 0) && (p[6]! !== 0 || p[7]! > 1)) {
    return new ipaddr.IPv4([p[6]! >> 8, p[6]! & 0xff, p[7]! >> 8, p[7]! & 0xff]);
  }
  return null;
}

function label(range: string): string {
  switch (range) {
    case 'linkLocal':
      return 'link-local';
    case 'carrierGradeNat':
      return 'carrier-grade NAT (100.64/10)';
    case 'uniqueLocal':
      return 'private (unique local fc00::/7)';
    case 'deprecatedSiteLocal':
      return 'site-local';
    case 'teredo':
      return 'a Teredo tunnel';
    default:
      return range;
  }
}

/**
 * A `lookup` for undici/net `connect` options that refuses internal addresses at the
 * moment of connecting, closing the gap between `checkFeedUrl` and the real fetch
 * (DNS rebinding). Same callback shape as dns.lookup.
 */
export function guardedLookup(opts: { allowPrivate: boolean; lookup?: LookupAll }) {
  const resolve = opts.lookup ?? defaultLookup;
  return (
    hostname: string,
    options: { all?: boolean } | number | undefined,
    callback: (err: NodeJS.ErrnoException | null, address: string | Array<{ address: string; family: number }>, family?: number) => void,
  ): void => {
    const wantAll = typeof options === 'object' && options !== null && options.all === true;
    resolve(hostname).then(
      (addresses) => {
        if (!opts.allowPrivate) {
          for (const a of addresses) {
            const why = forbiddenAddress(a.address);
            if (why) {
              const err: NodeJS.ErrnoException = new Error(`refusing to connect to ${hostname} (${a.address}): ${why}`);
              err.code = 'EADDRNOTAVAIL_GUARD';
              callback(err, wantAll ? [] : '', 0);
              return;
            }
          }
        }
        const first = addresses[0];
        if (!first) {
          const err: NodeJS.ErrnoException = new Error(`cannot resolve ${hostname}`);
          err.code = 'ENOTFOUND';
          callback(err, wantAll ? [] : '', 0);
          return;
        }
        if (wantAll) callback(null, addresses);
        else callback(null, first.address, first.family);
      },
      (err: NodeJS.ErrnoException) => callback(err, wantAll ? [] : '', 0),
    );
  };
}
