import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { describe, expect, it } from 'vitest';
import { checkFeedUrl, forbiddenAddress, guardedLookup, type LookupAll } from '../../src/util/url-guard.js';

/** A DNS answer table instead of the real resolver: tests never leave the machine. */
function fakeDns(table: Record<string, string[]>): LookupAll {
  return async (host) => {
    const addresses = table[host];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

const dns = fakeDns({
  'news.example': ['93.184.216.34'],
  'v6news.example': ['2606:4700::6810:85e5'],
  'intranet.example': ['10.0.0.7'],
  'split.example': ['93.184.216.34', '192.168.1.10'],
  'metadata.example': ['169.254.169.254'],
  'mapped.example': ['::ffff:127.0.0.1'],
  'localhost': ['127.0.0.1', '::1'],
});

const check = (url: string, allowPrivate = false) => checkFeedUrl(url, { allowPrivate, lookup: dns });

describe('checkFeedUrl', () => {
  it('accepts http and https feeds on public addresses', async () => {
    expect(await check('https://news.example/feed.xml')).toEqual({ ok: true });
    expect(await check('http://v6news.example/rss')).toEqual({ ok: true });
    expect(await check('https://93.184.216.34/rss')).toEqual({ ok: true });
  });

  it.each(['file:///etc/passwd', 'ftp://news.example/feed', 'gopher://news.example/', 'data:text/xml,<rss/>', 'javascript:alert(1)'])(
    'refuses the scheme of %s',
    async (url) => {
      const r = await check(url, true);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.reason).toMatch(/scheme .* not allowed/);
    },
  );

  it('refuses what is not a URL', async () => {
    expect(await check('not a url')).toEqual({ ok: false, reason: 'not a valid URL' });
  });

  it.each([
    ['http://127.0.0.1/feed', /loopback/],
    ['http://localhost:8080/feed', /localhost resolves to 127\.0\.0\.1 \(loopback\)/],
    ['http://[::1]/feed', /loopback/],
    ['http://10.1.2.3/', /private/],
    ['http://172.16.5.4/', /private/],
    ['http://172.31.255.255/', /private/],
    ['http://192.168.0.1/', /private/],
    ['http://[fd12:3456::1]/', /unique local/],
    ['http://169.254.10.10/', /link-local/],
    ['http://[fe80::1]/', /link-local/],
    ['http://169.254.169.254/latest/meta-data/', /cloud metadata/],
    ['http://[fd00:ec2::254]/', /cloud metadata/],
    ['http://0.0.0.0/', /unspecified/],
    ['http://[::]/', /unspecified/],
    ['http://100.64.1.1/', /carrier-grade NAT/],
    ['http://[::ffff:10.0.0.1]/', /private, embedded in IPv6/],
    ['http://[::ffff:169.254.169.254]/', /cloud metadata, embedded/],
    ['http://2130706433/', /loopback/], // decimal form of 127.0.0.1, normalised by the URL parser
    ['http://0x7f.1/', /loopback/],
    ['http://intranet.example/feed', /resolves to 10\.0\.0\.7 \(private\)/],
    ['http://metadata.example/', /cloud metadata/],
    ['http://mapped.example/', /loopback, embedded in IPv6/],
  ])('refuses %s', async (url, reason) => {
    const r = await check(url);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(reason);
  });

  it('refuses a host when any of its addresses is internal', async () => {
    const r = await check('https://split.example/feed');
    expect(r).toEqual({ ok: false, reason: 'split.example resolves to 192.168.1.10 (private)' });
  });

  it('refuses a host that does not resolve, saying so', async () => {
    const r = await check('https://nowhere.example/feed');
    expect(r).toEqual({ ok: false, reason: 'cannot resolve nowhere.example: ENOTFOUND' });
  });

  it('lets everything through when allowPrivate is set (tests, private deployments)', async () => {
    expect(await check('http://127.0.0.1:8080/feed', true)).toEqual({ ok: true });
    expect(await check('http://intranet.example/feed', true)).toEqual({ ok: true });
  });

  it('does not refuse ordinary public addresses', () => {
    for (const a of ['8.8.8.8', '1.1.1.1', '172.32.0.1', '100.128.0.1', '2606:4700::1111', '2a00:1450:4001::200e']) expect(forbiddenAddress(a)).toBeNull();
  });

  it('judges NAT64 and 6to4 addresses by the IPv4 address inside them', () => {
    expect(forbiddenAddress('64:ff9b::a00:1')).toMatch(/private/);
    expect(forbiddenAddress('2002:c0a8:0101::1')).toMatch(/private/);
    expect(forbiddenAddress('64:ff9b::808:808')).toBeNull();
  });
});

describe('guardedLookup (checked again when connecting, against DNS rebinding)', () => {
  it('refuses to connect when the name now resolves to an internal address', async () => {
    // The host passed checkFeedUrl with a public answer; at connect time DNS says loopback.
    const server = createServer((_req, res) => res.end('secret'));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as AddressInfo).port;
    const rebinding = fakeDns({ 'feed.example': ['127.0.0.1'] });
    const agent = new Agent({ connect: { lookup: guardedLookup({ allowPrivate: false, lookup: rebinding }) } });
    try {
      await expect(request(`http://feed.example:${port}/`, { dispatcher: agent })).rejects.toThrow(/refusing to connect to feed\.example \(127\.0\.0\.1\): loopback/);
      const allowed = new Agent({ connect: { lookup: guardedLookup({ allowPrivate: true, lookup: rebinding }) } });
      const res = await request(`http://feed.example:${port}/`, { dispatcher: allowed });
      expect(await res.body.text()).toBe('secret');
      await allowed.close();
    } finally {
      await agent.close();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
