import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainArticle } from '../../src/app/explain.js';
import { ManualClock } from '../../src/util/clock.js';
import { FeedServer, type FeedRoute, type RouteFn } from '../feeds/feed-server.js';
import { AppHarness } from './app-harness.js';

/**
 * Sources without RSS, end to end through the app's poller and pipeline: a JSON Feed 1.1
 * and an AI lab's HTML news page read with CSS selectors from the config, both polled
 * politely (conditional GET, Retry-After, backoff) from a server on 127.0.0.1.
 */

// Invented news, written for this test.
const JSON_ITEMS = [
  {
    id: 'pp-41',
    url: 'https://promptpost.example/2025/07/agent-benchmark',
    title: 'A new benchmark measures how long AI agents can work unattended',
    content_html: '<p>The <b>benchmark</b> times coding agents on multi-hour tasks &amp; reports where each model gives up.</p>',
    date_published: '2025-07-15T07:00:00Z',
  },
  {
    id: 'pp-40',
    url: 'https://promptpost.example/2025/07/small-model-licence',
    title: 'Why small model licences matter for open research',
    content_text: 'Licences for small open models decide who may fine-tune them & ship products.',
    date_published: '2025-07-14T07:00:00Z',
  },
];
const LATE_JSON = {
  id: 'pp-42',
  url: 'https://promptpost.example/2025/07/agent-benchmark-results',
  title: 'First results: agents stall after two hours on the long-task benchmark',
  summary: 'Early results show most agent models stall after two hours.',
  date_published: '2025-07-16T07:00:00Z',
};

const card = (slug: string, title: string, date: string) =>
  `<article class="post"><h3 class="post-title"><a href="/news/${slug}">${title}</a></h3><time datetime="${date}">${date.slice(0, 10)}</time></article>`;
const CARDS = [
  card('safety-framework', 'Our updated frontier safety framework for new models', '2025-07-15T09:00:00Z'),
  card('reasoning-model', 'Introducing our open reasoning model for researchers', '2025-07-14T09:00:00Z'),
];
const LATE_CARD = card('model-card', 'The model card for our open reasoning model', '2025-07-16T09:00:00Z');
const page = (cards: string[]) => `<!doctype html><html><head><title>Lab news</title></head><body><nav><a href="/about">About</a></nav><main>${cards.join('\n')}</main></body></html>`;

const server = new FeedServer();
let jsonItems: unknown[] = JSON_ITEMS;
let cards = CARDS;
let throttled = false;
let h: AppHarness;
const clock = new ManualClock('2025-07-15T12:00:00Z');

function conditional(etag: string, body: () => string, type: string): RouteFn {
  return (req): FeedRoute => {
    if (throttled) return { status: 429, headers: { 'retry-after': '1800', 'content-type': 'text/plain' }, body: 'slow down' };
    const tag = `"${etag}-${body().length}"`;
    if (req.headers['if-none-match'] === tag) return { status: 304, headers: { etag: tag } };
    return { headers: { 'content-type': type, etag: tag }, body: body() };
  };
}

beforeAll(async () => {
  await server.start();
  server.route('/feed.json', conditional('j', () => JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Prompt Post', home_page_url: 'https://promptpost.example/', items: jsonItems }), 'application/feed+json'));
  server.route('/news', conditional('h', () => page(cards), 'text/html; charset=utf-8'));
  h = new AppHarness(
    {
      poll: { interval: '10m', backfill: 5, jitter: 0 },
      feeds: [
        { url: server.url('/feed.json'), name: 'Prompt Post' },
        { url: server.url('/news'), name: 'Frontier Lab', kind: 'html', selectors: { item: 'article.post', link: 'h3 a', title: 'h3', date: 'time' } },
      ],
      topics: [{ id: 'ai', title: 'AI', keywords: ['model', 'models', 'agents', 'benchmark'] }],
      channels: [{ platform: 'slack', id: 'CAI', topics: ['ai'] }],
    },
    clock,
  ).open();
});

afterAll(async () => {
  await h.close();
  await h.dispose();
  await server.close();
});

const posted = () => h.store.listDeliveries().map((d) => [d.post.outlet, d.post.headline, d.post.url]);
const feed = (name: string) => h.store.listFeeds().find((f) => f.name === name)!;

describe('JSON Feed and HTML list-page sources', () => {
  it('posts items from both, with links resolved and text cleaned', async () => {
    await h.poll();
    expect(posted()).toEqual(
      expect.arrayContaining([
        ['Prompt Post', JSON_ITEMS[0]!.title, JSON_ITEMS[0]!.url],
        ['Prompt Post', JSON_ITEMS[1]!.title, JSON_ITEMS[1]!.url],
        ['Frontier Lab', 'Our updated frontier safety framework for new models', server.url('/news/safety-framework')],
        ['Frontier Lab', 'Introducing our open reasoning model for researchers', server.url('/news/reasoning-model')],
      ]),
    );
    expect(posted()).toHaveLength(4);
    const fromJson = explainArticle(h.store, JSON_ITEMS[0]!.url);
    expect(fromJson).toContain('(Prompt Post, 2025-07-15)');
    const id = /id (\S+)/.exec(fromJson)![1]!;
    expect(h.store.getArticle(id)!.text).toBe('The benchmark times coding agents on multi-hour tasks & reports where each model gives up.');
    expect(explainArticle(h.store, server.url('/news/reasoning-model'))).toContain('(Frontier Lab, 2025-07-14)');
  });

  it('asks with conditional GET and posts nothing when unchanged', async () => {
    clock.advance(10 * 60_000);
    await h.poll();
    expect(server.requestsTo('/feed.json').at(-1)!.headers['if-none-match']).toMatch(/^"j-/);
    expect(server.requestsTo('/news').at(-1)!.headers['if-none-match']).toMatch(/^"h-/);
    expect(posted()).toHaveLength(4);
    expect(feed('Frontier Lab').lastSuccessAt).toBe(clock.now().toISOString());
  });

  it('posts only what is new when the page or feed changes', async () => {
    jsonItems = [LATE_JSON, ...JSON_ITEMS];
    cards = [LATE_CARD, ...CARDS];
    clock.advance(10 * 60_000);
    await h.poll();
    const added = posted().slice(4);
    expect(added.map((p) => p[2]).sort()).toEqual([LATE_JSON.url, server.url('/news/model-card')].sort());
  });

  it('honours Retry-After and backs off on failures, like any feed', async () => {
    throttled = true;
    clock.advance(10 * 60_000);
    await h.poll();
    const now = clock.now().getTime();
    for (const name of ['Prompt Post', 'Frontier Lab']) {
      const f = feed(name);
      expect(f.consecutiveFailures).toBe(1);
      expect(Date.parse(f.nextPollAt!) - now).toBe(1800_000);
      expect(f.lastError).toContain('HTTP 429');
    }
    throttled = false;
    clock.advance(30 * 60_000);
    await h.poll();
    expect(feed('Frontier Lab').consecutiveFailures).toBe(0);
    expect(posted()).toHaveLength(6);
  });
});
