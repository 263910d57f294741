import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedServer, type FeedRoute } from './feed-server.js';
import { MINUTE, makePoller } from './poller-harness.js';

const server = new FeedServer();
beforeAll(() => server.start());
afterAll(() => server.close());

const page = `<html><head><title>Lab news</title></head><body>
  <div class="card"><a class="t" href="/blog/safety-report">Our safety report for the new model</a><time datetime="2025-09-10T09:00:00Z"></time></div>
  <div class="card"><a class="t" href="/blog/launch">Launching the new model</a><time datetime="2025-09-08T09:00:00Z"></time></div>
</body></html>`;

describe('FeedPoller: HTML list-page sources', () => {
  it('polls a page with CSS selectors, politely (conditional GET), and skips html feeds without selectors', async () => {
    server.route('/news', (req): FeedRoute =>
      req.headers['if-none-match'] === '"p1"' ? { status: 304, headers: {} } : { headers: { 'content-type': 'text/html; charset=utf-8', etag: '"p1"' }, body: page },
    );
    const selectors = { item: '.card', link: 'a.t', title: 'a.t', date: 'time' };
    const h = makePoller({}, { htmlSelectors: (f) => (f.url.endsWith('/news') ? selectors : undefined) });
    const feed = h.store.upsertFeed({ url: server.url('/news'), name: 'Lab', kind: 'html' });
    h.store.upsertFeed({ url: server.url('/unconfigured'), name: 'No selectors', kind: 'html' });

    const first = await h.poller.pollAll();
    expect(first.map((r) => r.status)).toEqual(['ok']);
    expect(h.received[0]!.items.map((i) => [i.title, i.url, i.published])).toEqual([
      ['Our safety report for the new model', server.url('/blog/safety-report'), '2025-09-10T09:00:00.000Z'],
      ['Launching the new model', server.url('/blog/launch'), '2025-09-08T09:00:00.000Z'],
    ]);

    h.clock.advance(10 * MINUTE);
    const second = await h.poller.pollOnce(h.reload(feed.id));
    expect(second.status).toBe('not-modified');
    expect(server.requestsTo('/news').at(-1)!.headers['if-none-match']).toBe('"p1"');
    expect(server.requestsTo('/unconfigured')).toHaveLength(0);
  });
});
