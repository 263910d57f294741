import { gzipSync, brotliCompressSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FeedServer } from './feed-server.js';
import { AI_ITEMS, atom, billionLaughs, rss } from './feed-fixtures.js';
import { MINUTE, START, makePoller } from './poller-harness.js';

const server = new FeedServer();
beforeAll(() => server.start());
afterAll(() => server.close());

const RSS_TYPE = { 'content-type': 'application/rss+xml; charset=utf-8' };

describe('FeedPoller: a 200 response', () => {
  it('hands clean items to onItems, marks the feed initialised and schedules the next poll', async () => {
    server.route('/ok', { headers: { ...RSS_TYPE, etag: '"abc"', 'last-modified': 'Tue, 15 Jul 2025 11:00:00 GMT' }, body: rss() });
    const h = makePoller();
    const feed = h.feed(server.url('/ok'), 'Gradient Ledger');

    const result = await h.poller.pollOnce(feed);

    expect(result).toMatchObject({ status: 'ok', items: 3, error: null, nextPollAt: h.at(10 * MINUTE) });
    expect(h.received).toHaveLength(1);
    expect(h.received[0]!.initialPoll).toBe(true);
    expect(h.received[0]!.items[0]).toEqual({
      feedId: feed.id,
      source: 'Gradient Ledger',
      guid: 'nw-1001',
      url: AI_ITEMS[0]!.link,
      title: AI_ITEMS[0]!.title,
      text: 'Northwind Labs released the weights of its 40-billion-parameter model under a permissive licence.',
      published: '2025-07-15T09:00:00.000Z',
      firstSeen: START,
    });
    expect(h.reload(feed.id)).toMatchObject({
      initialised: true,
      etag: '"abc"',
      lastModified: 'Tue, 15 Jul 2025 11:00:00 GMT',
      lastSuccessAt: START,
      lastPolledAt: START,
      consecutiveFailures: 0,
      itemCount: 3,
      nextPollAt: h.at(10 * MINUTE),
    });

    await h.poller.pollOnce(h.reload(feed.id));
    expect(h.received[1]!.initialPoll).toBe(false);
  });

  it('uses first-seen later: items without a date have published null', async () => {
    server.route('/nodate', { headers: RSS_TYPE, body: rss([{ title: 'Undated', link: 'https://u.example/1' }]) });
    const h = makePoller();
    await h.poller.pollOnce(h.feed(server.url('/nodate')));
    expect(h.received[0]!.items[0]).toMatchObject({ published: null, firstSeen: START });
  });

  it('resolves relative links against the feed URL and drops items without any link', async () => {
    server.route('/relative', { headers: RSS_TYPE, body: rss([{ title: 'Relative', link: '/posts/1' }, { title: 'Nowhere', link: '' }]) });
    const h = makePoller();
    await h.poller.pollOnce(h.feed(server.url('/relative')));
    expect(h.received[0]!.items.map((i) => i.url)).toEqual([server.url('/posts/1')]);
  });
});

describe('FeedPoller: conditional GET', () => {
  it('sends the validators of the last response and handles 304 without parsing', async () => {
    server.route('/cond', (req) =>
      req.headers['if-none-match'] === '"v1"'
        ? { status: 304, headers: {} }
        : { headers: { ...RSS_TYPE, etag: '"v1"', 'last-modified': 'Mon, 14 Jul 2025 10:00:00 GMT' }, body: rss() },
    );
    const h = makePoller();
    const feed = h.feed(server.url('/cond'));
    await h.poller.pollOnce(feed);
    h.clock.advance(10 * MINUTE);

    const second = await h.poller.pollOnce(h.reload(feed.id));

    const headers = server.requestsTo('/cond').at(-1)!.headers;
    expect(headers['if-none-match']).toBe('"v1"');
    expect(headers['if-modified-since']).toBe('Mon, 14 Jul 2025 10:00:00 GMT');
    expect(second.status).toBe('not-modified');
    expect(h.received).toHaveLength(1);
    expect(h.reload(feed.id)).toMatchObject({ etag: '"v1"', lastSuccessAt: h.at(10 * MINUTE), consecutiveFailures: 0, itemCount: 3 });
  });

  it('forgets validators when a 200 comes without them', async () => {
    let round = 0;
    server.route('/validators', () => (++round === 1 ? { headers: { ...RSS_TYPE, etag: '"old"' }, body: rss() } : { headers: RSS_TYPE, body: rss() }));
    const h = makePoller();
    const feed = h.feed(server.url('/validators'));
    await h.poller.pollOnce(feed);
    await h.poller.pollOnce(h.reload(feed.id));
    expect(h.reload(feed.id).etag).toBeNull();
  });
});

describe('FeedPoller: failures', () => {
  it('backs off exponentially on 500, records health, caps the delay and recovers on success', async () => {
    let failing = true;
    server.route('/flaky', () => (failing ? { status: 500, headers: { 'content-type': 'text/plain' }, body: 'oops' } : { headers: RSS_TYPE, body: rss() }));
    const h = makePoller({ interval: 10 * MINUTE, maxBackoff: 60 * MINUTE });
    const feed = h.feed(server.url('/flaky'));

    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await h.poller.pollOnce(h.reload(feed.id));
      expect(r.status).toBe('failed');
      delays.push(Date.parse(r.nextPollAt!) - h.clock.now().getTime());
      h.clock.advance(MINUTE);
    }
    expect(delays).toEqual([20 * MINUTE, 40 * MINUTE, 60 * MINUTE, 60 * MINUTE]);
    expect(h.reload(feed.id)).toMatchObject({ consecutiveFailures: 4, lastErrorAt: h.at(3 * MINUTE), lastSuccessAt: null, initialised: false });
    expect(h.reload(feed.id).lastError).toMatch(/HTTP 500/);

    failing = false;
    const ok = await h.poller.pollOnce(h.reload(feed.id));
    expect(ok.status).toBe('ok');
    expect(h.reload(feed.id)).toMatchObject({ consecutiveFailures: 0, lastSuccessAt: h.at(4 * MINUTE), nextPollAt: h.at(14 * MINUTE), initialised: true });
    expect(h.received[0]!.initialPoll).toBe(true);
  });

  it('honours Retry-After in seconds on 429', async () => {
    server.route('/limited', { status: 429, headers: { 'retry-after': '1800' } });
    const h = makePoller();
    const feed = h.feed(server.url('/limited'));
    const r = await h.poller.pollOnce(feed);
    expect(r).toMatchObject({ status: 'failed', nextPollAt: h.at(30 * MINUTE) });
    expect(r.error?.retryAfterMs).toBe(1_800_000);
    expect(h.reload(feed.id)).toMatchObject({ consecutiveFailures: 1, nextPollAt: h.at(30 * MINUTE) });
  });

  it('honours Retry-After as an HTTP date on 503, within maxBackoff', async () => {
    server.route('/maintenance', { status: 503, headers: { 'retry-after': 'Tue, 15 Jul 2025 14:00:00 GMT' } });
    server.route('/gone-for-a-week', { status: 503, headers: { 'retry-after': String(7 * 24 * 3600) } });
    const h = makePoller({ maxBackoff: 6 * 60 * MINUTE });
    expect((await h.poller.pollOnce(h.feed(server.url('/maintenance')))).nextPollAt).toBe('2025-07-15T14:00:00.000Z');
    expect((await h.poller.pollOnce(h.feed(server.url('/gone-for-a-week')))).nextPollAt).toBe(h.at(6 * 60 * MINUTE));
  });

  it('times out a hanging server and records it', async () => {
    server.route('/hang', { hang: true });
    const h = makePoller({ timeout: 200 });
    const feed = h.feed(server.url('/hang'));
    const r = await h.poller.pollOnce(feed);
    expect(r.status).toBe('failed');
    expect(r.error?.kind).toBe('timeout');
    expect(h.reload(feed.id).lastError).toMatch(/timed out after 200 ms/);
  });

  it('gives malformed XML a typed parse error, keeps earlier state, and carries on with other feeds', async () => {
    let broken = false;
    server.route('/malformed', () => ({ headers: { ...RSS_TYPE, etag: broken ? '"new"' : '"good"' }, body: broken ? '<rss><channel><item><title>cut' : rss() }));
    server.route('/fine', { headers: RSS_TYPE, body: rss() });
    const h = makePoller();
    const bad = h.feed(server.url('/malformed'), 'Bad');
    h.feed(server.url('/fine'), 'Fine');
    await h.poller.pollOnce(bad);
    broken = true;

    const results = await h.poller.pollAll();

    expect(results.map((r) => [r.status, r.error?.kind ?? null])).toEqual([
      ['failed', 'parse'],
      ['ok', null],
    ]);
    expect(h.reload(bad.id)).toMatchObject({ consecutiveFailures: 1, etag: '"good"', initialised: true, itemCount: 3 });
    expect(h.reload(bad.id).lastError).toMatch(/not a readable feed/);
  });

  it('refuses a billion-laughs feed and records why', async () => {
    server.route('/lol', { headers: RSS_TYPE, body: billionLaughs() });
    const h = makePoller();
    const feed = h.feed(server.url('/lol'));
    const r = await h.poller.pollOnce(feed);
    expect(r.error?.kind).toBe('refused');
    expect(h.received).toHaveLength(0);
    expect(h.reload(feed.id).lastError).toMatch(/entit/);
  });

  it('cuts an oversized body off, logs it, and reports an unreadable remainder as too-large', async () => {
    const many = Array.from({ length: 200 }, (_, i) => ({ title: `Story number ${i}`, link: `https://big.example/${i}`, description: 'words '.repeat(50) }));
    server.route('/huge', { headers: RSS_TYPE, body: rss(many) });
    const h = makePoller({ maxBodyBytes: 4096 });
    const feed = h.feed(server.url('/huge'));
    const r = await h.poller.pollOnce(feed);
    expect(h.logs.some((l) => l.level === 40 && /larger than/.test(String(l.msg)))).toBe(true);
    // Neither parser salvages a document cut in the middle: the error says why, not just "parse".
    expect(r.status).toBe('failed');
    expect(r.error?.kind).toBe('too-large');
    expect(h.received).toHaveLength(0);
    expect(h.reload(feed.id).lastError).toMatch(/cut off/);
  });

  it('a failing onItems fails the poll without keeping validators, so the items come again', async () => {
    server.route('/pipeline', { headers: { ...RSS_TYPE, etag: '"p1"' }, body: rss() });
    let calls = 0;
    const h = makePoller({}, {
      onItems: () => {
        calls++;
        throw new Error('database is locked');
      },
    });
    const feed = h.feed(server.url('/pipeline'));
    const r = await h.poller.pollOnce(feed);
    expect(r.error?.kind).toBe('pipeline');
    expect(calls).toBe(1);
    expect(h.reload(feed.id)).toMatchObject({ etag: null, initialised: false, consecutiveFailures: 1 });
  });

  it('pauses a feed after poll.pauseAfterFailures failures and reports its recovery', async () => {
    let down = true;
    server.route('/pausable', () => (down ? { status: 404 } : { headers: RSS_TYPE, body: rss() }));
    const changes: string[] = [];
    const h = makePoller({ pauseAfterFailures: 2 }, { onHealthChange: (_f, change) => changes.push(change) });
    const feed = h.feed(server.url('/pausable'));
    await h.poller.pollOnce(h.reload(feed.id));
    expect(h.reload(feed.id).paused).toBe(false);
    await h.poller.pollOnce(h.reload(feed.id));
    expect(h.reload(feed.id).paused).toBe(true);
    await h.poller.pollOnce(h.reload(feed.id));
    expect(changes).toEqual(['paused']);
    down = false;
    await h.poller.pollOnce(h.reload(feed.id));
    expect(h.reload(feed.id).paused).toBe(false);
    expect(changes).toEqual(['paused', 'recovered']);
  });
});

describe('FeedPoller: redirects', () => {
  it('a 301 updates the stored URL; the next poll goes straight there', async () => {
    server.route('/moved', { status: 301, headers: { location: '/moved-here' } });
    server.route('/moved-here', { headers: RSS_TYPE, body: rss() });
    const h = makePoller();
    const feed = h.feed(server.url('/moved'));
    await h.poller.pollOnce(feed);
    expect(h.reload(feed.id).url).toBe(server.url('/moved-here'));
    expect(h.received[0]!.feed.url).toBe(server.url('/moved-here'));
    const before = server.requestsTo('/moved').length;
    await h.poller.pollOnce(h.reload(feed.id));
    expect(server.requestsTo('/moved')).toHaveLength(before);
  });

  it('a 302 does not change the stored URL, even after a 301 further along', async () => {
    server.route('/temp', { status: 302, headers: { location: '/temp-then-perm' } });
    server.route('/temp-then-perm', { status: 308, headers: { location: '/temp-target' } });
    server.route('/temp-target', { headers: RSS_TYPE, body: rss() });
    const h = makePoller();
    const feed = h.feed(server.url('/temp'));
    const r = await h.poller.pollOnce(feed);
    expect(r.status).toBe('ok');
    expect(h.reload(feed.id).url).toBe(server.url('/temp'));
  });

  it('keeps the URL when the permanent target is already another feed', async () => {
    server.route('/dupe-old', { status: 301, headers: { location: '/dupe-new' } });
    server.route('/dupe-new', { headers: RSS_TYPE, body: rss() });
    const h = makePoller();
    const old = h.feed(server.url('/dupe-old'), 'Old');
    h.feed(server.url('/dupe-new'), 'New');
    const r = await h.poller.pollOnce(old);
    expect(r.status).toBe('ok');
    expect(h.reload(old.id).url).toBe(server.url('/dupe-old'));
  });
});

describe('FeedPoller: encodings and formats', () => {
  it.each([
    ['gzip', gzipSync],
    ['br', brotliCompressSync],
  ] as const)('reads a %s-compressed feed', async (coding, compress) => {
    server.route(`/${coding}`, { headers: { ...RSS_TYPE, 'content-encoding': coding }, body: compress(Buffer.from(rss())) });
    const h = makePoller();
    await h.poller.pollOnce(h.feed(server.url(`/${coding}`)));
    expect(h.received[0]!.items.map((i) => i.title)).toEqual(AI_ITEMS.map((i) => i.title));
  });

  it('decodes an ISO-8859-1 feed declared in the XML prolog', async () => {
    const doc = rss([{ title: 'Zürich lab’s naïve façade', link: 'https://z.example/1', description: 'Über große Modelle' }], { encoding: 'ISO-8859-1' }).replace('’', "'");
    server.route('/latin1', { headers: { 'content-type': 'application/xml' }, body: iconv.encode(doc, 'latin1') });
    const h = makePoller();
    await h.poller.pollOnce(h.feed(server.url('/latin1')));
    expect(h.received[0]!.items[0]).toMatchObject({ title: "Zürich lab's naïve façade", text: 'Über große Modelle' });
  });

  it('decodes a windows-1252 feed declared in Content-Type, curly quotes and euro sign intact', async () => {
    const title = '“Open” model costs €0 — for now';
    server.route('/cp1252', { headers: { 'content-type': 'text/xml; charset=windows-1252' }, body: iconv.encode(rss([{ title, link: 'https://w.example/1', description: 'It’s “free”.' }]), 'windows-1252') });
    const h = makePoller();
    await h.poller.pollOnce(h.feed(server.url('/cp1252')));
    expect(h.received[0]!.items[0]).toMatchObject({ title, text: 'It’s “free”.' });
  });

  it('reads Atom and JSON Feed', async () => {
    server.route('/atom', {
      headers: { 'content-type': 'application/atom+xml' },
      body: atom([{ title: 'Atom story', id: 'urn:a:1', link: 'https://a.example/1', updated: '2025-07-15T08:00:00Z', summary: '<p>Sum &amp; more</p>' }]),
    });
    server.route('/json', {
      headers: { 'content-type': 'application/feed+json' },
      body: JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'J', items: [{ id: 'j1', url: 'https://j.example/1', title: 'JSON story', content_html: '<p>Body</p>' }] }),
    });
    const h = makePoller();
    h.feed(server.url('/atom'));
    h.feed(server.url('/json'));
    await h.poller.pollAll();
    const items = h.received.flatMap((r) => r.items).map((i) => [i.title, i.text, i.published]);
    expect(items).toEqual([
      ['Atom story', 'Sum & more', '2025-07-15T08:00:00.000Z'],
      ['JSON story', 'Body', null],
    ]);
  });
});

describe('FeedPoller: scheduling', () => {
  it('pollAll keeps at most poll.concurrency requests in flight', async () => {
    const s = new FeedServer();
    await s.start();
    try {
      const h = makePoller({ concurrency: 2 });
      for (let i = 0; i < 6; i++) {
        s.route(`/c${i}`, { headers: RSS_TYPE, body: rss(), delayMs: 30 });
        h.feed(s.url(`/c${i}`), `Feed ${i}`);
      }
      const results = await h.poller.pollAll();
      expect(results.every((r) => r.status === 'ok')).toBe(true);
      expect(s.maxActive).toBe(2);
    } finally {
      await s.close();
    }
  });

  it('pollDue polls only feeds whose time has come', async () => {
    server.route('/due-a', { headers: RSS_TYPE, body: rss() });
    server.route('/due-b', { headers: RSS_TYPE, body: rss() });
    const h = makePoller({ interval: 10 * MINUTE });
    const a = h.feed(server.url('/due-a'), 'A');
    await h.poller.pollOnce(a); // next at +10m
    h.clock.advance(5 * MINUTE);
    h.feed(server.url('/due-b'), 'B'); // never polled: due now

    expect((await h.poller.pollDue()).map((r) => r.feedId)).toEqual([h.store.getFeedByUrl(server.url('/due-b'))!.id]);
    h.clock.advance(5 * MINUTE);
    expect((await h.poller.pollDue()).map((r) => r.feedId)).toEqual([a.id]);
  });

  it('skips html list sources (not a feed)', async () => {
    const h = makePoller();
    h.store.upsertFeed({ url: server.url('/list-page'), name: 'Lab blog', kind: 'html' });
    expect(await h.poller.pollAll()).toEqual([]);
  });

  it('start() polls due feeds; stop() aborts a hanging request without counting it as a failure', async () => {
    server.route('/loop-ok', { headers: RSS_TYPE, body: rss() });
    server.route('/loop-hang', { hang: true });
    const h = makePoller({ timeout: 60_000 });
    h.feed(server.url('/loop-ok'), 'OK');
    const hanging = h.feed(server.url('/loop-hang'), 'Hanging');

    h.poller.start();
    await vi.waitFor(() => {
      expect(h.received).toHaveLength(1);
      expect(server.requestsTo('/loop-hang').length).toBeGreaterThan(0);
    });
    await h.poller.stop();

    expect(h.reload(hanging.id)).toMatchObject({ consecutiveFailures: 0, lastError: null });
    expect(h.store.getFeedByUrl(server.url('/loop-ok'))!.lastSuccessAt).toBe(START);
  });
});
