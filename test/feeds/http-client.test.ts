import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpClient } from '../../src/feeds/http-client.js';
import { packageVersion } from '../../src/feeds/user-agent.js';
import { FeedError } from '../../src/util/errors.js';
import { FeedServer } from './feed-server.js';

const server = new FeedServer();
const http = createHttpClient();
const BODY = '<rss><channel><title>Compressed ünïcode feed</title></channel></rss>'.repeat(20);

beforeAll(async () => {
  await server.start();
  const enc = (coding: string, body: Buffer) => ({ headers: { 'content-type': 'application/xml', 'content-encoding': coding }, body });
  server
    .route('/plain', { body: 'hello' })
    .route('/gzip', enc('gzip', gzipSync(BODY)))
    .route('/br', enc('br', brotliCompressSync(BODY)))
    .route('/deflate', enc('deflate', deflateSync(BODY)))
    .route('/deflate-raw', enc('deflate', deflateRawSync(BODY)))
    .route('/corrupt-gzip', enc('gzip', Buffer.from('definitely not gzip')))
    .route('/big', { body: 'x'.repeat(50_000) })
    .route('/gzip-bomb', enc('gzip', gzipSync(Buffer.alloc(20_000_000))))
    .route('/hang', { hang: true })
    .route('/stall', { stallAfter: '<rss><channel>' })
    .route('/r301', { status: 301, headers: { location: '/r302' } })
    .route('/r302', { status: 302, headers: { location: server.url('/plain') } })
    .route('/loop', { status: 307, headers: { location: '/loop' } })
    .route('/to-file', { status: 302, headers: { location: 'file:///etc/passwd' } });
});
afterAll(() => server.close());

describe('HttpClient', () => {
  it('sends a User-Agent naming the bot and its version, and accepts compression', async () => {
    const res = await http.get(server.url('/plain'), { headers: { 'If-None-Match': '"v1"' } });
    expect(res).toMatchObject({ status: 200, finalUrl: server.url('/plain'), redirects: [], truncated: false });
    expect(res.body.toString()).toBe('hello');
    const sent = server.requestsTo('/plain').at(-1)!.headers;
    expect(sent['user-agent']).toBe(`Threadline/${packageVersion()} (+https://github.com/threadline-bot/threadline)`);
    expect(packageVersion()).toMatch(/^\d+\.\d+\.\d+/);
    expect(sent['accept-encoding']).toBe('gzip, deflate, br');
    expect(sent['if-none-match']).toBe('"v1"');
  });

  it.each(['/gzip', '/br', '/deflate', '/deflate-raw'])('decompresses %s', async (path) => {
    const res = await http.get(server.url(path));
    expect(res.body.toString('utf8')).toBe(BODY);
    expect(res.truncated).toBe(false);
  });

  it('reports a corrupt compressed body as a typed error', async () => {
    await expect(http.get(server.url('/corrupt-gzip'))).rejects.toMatchObject({ kind: 'http' });
  });

  it('cuts an oversized body at maxBytes and flags it', async () => {
    const res = await http.get(server.url('/big'), { maxBytes: 10_000 });
    expect(res.truncated).toBe(true);
    expect(res.body.length).toBe(10_000);
  });

  it('caps the decompressed size of a gzip bomb', async () => {
    const res = await http.get(server.url('/gzip-bomb'), { maxBytes: 100_000 });
    expect(res.truncated).toBe(true);
    expect(res.body.length).toBe(100_000);
  });

  it('times out a server that never answers, with a timeout error', async () => {
    const err = await http.get(server.url('/hang'), { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FeedError);
    expect((err as FeedError).kind).toBe('timeout');
  });

  it('times out a server that stalls in the middle of the body', async () => {
    await expect(http.get(server.url('/stall'), { timeoutMs: 200 })).rejects.toMatchObject({ kind: 'timeout' });
  });

  it('follows redirects and reports each one', async () => {
    const res = await http.get(server.url('/r301'));
    expect(res.status).toBe(200);
    expect(res.finalUrl).toBe(server.url('/plain'));
    expect(res.redirects).toEqual([
      { status: 301, url: server.url('/r302') },
      { status: 302, url: server.url('/plain') },
    ]);
  });

  it('gives up after 5 redirects', async () => {
    await expect(http.get(server.url('/loop'))).rejects.toMatchObject({ kind: 'http', message: expect.stringMatching(/more than 5 redirects/) });
    expect(server.requestsTo('/loop')).toHaveLength(6);
  });

  it('refuses redirects to other schemes', async () => {
    await expect(http.get(server.url('/to-file'))).rejects.toMatchObject({ kind: 'refused' });
  });

  it('reports a refused connection as a network error', async () => {
    const closed = new FeedServer();
    await closed.start();
    const url = closed.url('/x');
    await closed.close();
    await expect(http.get(url)).rejects.toMatchObject({ kind: 'network' });
  });

  it('refuses loopback and metadata addresses when private hosts are not allowed', async () => {
    const guarded = createHttpClient({ allowPrivate: false });
    await expect(guarded.get(server.url('/plain'))).rejects.toMatchObject({ kind: 'refused' });
    await expect(guarded.get('http://169.254.169.254/latest/meta-data/')).rejects.toMatchObject({ kind: 'refused' });
    await expect(guarded.get(`http://localhost:${new URL(server.url('/')).port}/plain`)).rejects.toMatchObject({ kind: 'refused' });
  });
});
