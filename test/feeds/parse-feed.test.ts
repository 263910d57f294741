import { describe, expect, it } from 'vitest';
import { parseFeedDate } from '../../src/feeds/feed-date.js';
import { parseFeed } from '../../src/feeds/parse-feed.js';
import { FeedError } from '../../src/util/errors.js';
import { AI_ITEMS, atom, billionLaughs, rss } from './feed-fixtures.js';

const url = 'https://feeds.example/ai.xml';

describe('parseFeed: formats', () => {
  it('reads RSS 2.0 with rss-parser: guid, link, clean text, ISO dates', async () => {
    const feed = await parseFeed(rss(), { url });
    expect(feed).toMatchObject({ format: 'rss', parser: 'rss-parser', title: 'The Gradient Ledger' });
    expect(feed.items).toHaveLength(AI_ITEMS.length);
    expect(feed.items[0]).toEqual({
      guid: 'nw-1001',
      link: 'https://northwind.example/news/open-weights-40b',
      title: AI_ITEMS[0]!.title,
      text: 'Northwind Labs released the weights of its 40-billion-parameter model under a permissive licence.',
      published: '2025-07-15T09:00:00.000Z',
    });
    expect(feed.items[1]!.published).toBe('2025-07-14T14:30:00.000Z');
    expect(feed.items[1]!.text).toBe('The round values the start-up at $2.1B & will fund a second fab partnership.');
  });

  it('prefers content:encoded over the description', async () => {
    const doc = `<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>T</title><link>https://t.example/</link><description>d</description>
      <item><title>Full text</title><link>https://t.example/1</link><description>Short teaser</description><content:encoded><![CDATA[<p>The long body.</p><script>track()</script>]]></content:encoded></item></channel></rss>`;
    const feed = await parseFeed(doc, { url });
    expect(feed.items[0]!.text).toBe('The long body.');
  });

  it('reads Atom: the alternate link, published before updated, HTML title and content as text', async () => {
    const feed = await parseFeed(
      atom([
        {
          title: 'Gemini <i>update</i> ships',
          id: 'tag:tensor,2025:1',
          link: 'https://tensor.example/gemini',
          published: '2025-07-10T08:00:00Z',
          updated: '2025-07-12T08:00:00Z',
          content: '<p>Google shipped an <em>update</em>.</p>',
        },
      ]),
      { url },
    );
    expect(feed.format).toBe('atom');
    expect(feed.items[0]).toEqual({
      guid: 'tag:tensor,2025:1',
      link: 'https://tensor.example/gemini',
      title: 'Gemini update ships',
      text: 'Google shipped an update.',
      published: '2025-07-10T08:00:00.000Z',
    });
  });

  it('reads RSS 1.0 (RDF) with dc:date', async () => {
    const doc = `<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
      <channel rdf:about="https://r.example/"><title>R</title><link>https://r.example/</link><description>d</description></channel>
      <item rdf:about="https://r.example/1"><title>RDF item</title><link>https://r.example/1</link><description>Body</description><dc:date>2025-07-01T12:00:00+00:00</dc:date></item></rdf:RDF>`;
    const feed = await parseFeed(doc, { url });
    expect(feed.items).toEqual([{ guid: null, link: 'https://r.example/1', title: 'RDF item', text: 'Body', published: '2025-07-01T12:00:00.000Z' }]);
  });

  it('reads JSON Feed 1.1 with feedsmith (content_html cleaned, content_text kept literal)', async () => {
    const doc = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Prompt Post',
      items: [
        { id: 'pp-1', url: 'https://pp.example/1', title: 'Agents everywhere', content_html: '<p>An <b>agent</b> &amp; a tool.</p>', date_published: '2025-07-15T07:00:00Z' },
        { id: 'pp-2', url: 'https://pp.example/2', title: 'Plain', content_text: 'x < y & z', date_modified: '2025-07-14T07:00:00Z' },
      ],
    });
    const feed = await parseFeed(doc, { url });
    expect(feed).toMatchObject({ format: 'json', parser: 'feedsmith', title: 'Prompt Post' });
    expect(feed.items.map((i) => [i.guid, i.text, i.published])).toEqual([
      ['pp-1', 'An agent & a tool.', '2025-07-15T07:00:00.000Z'],
      ['pp-2', 'x < y & z', '2025-07-14T07:00:00.000Z'],
    ]);
  });
});

describe('parseFeed: bad input', () => {
  it('falls back to feedsmith when one Atom date is invalid, keeping the other entries', async () => {
    const doc = atom([
      { title: 'Good', id: 'a1', link: 'https://t.example/a1', updated: '2025-07-15T10:00:00Z' },
      { title: 'Bad date', id: 'a2', link: 'https://t.example/a2', updated: 'sometime last week' },
    ]);
    const feed = await parseFeed(doc, { url });
    expect(feed.parser).toBe('feedsmith');
    expect(feed.items.map((i) => [i.title, i.published])).toEqual([
      ['Good', '2025-07-15T10:00:00.000Z'],
      ['Bad date', null],
    ]);
  });

  it('falls back to feedsmith on an unescaped ampersand', async () => {
    const doc = rss().replace('The Gradient Ledger', 'Bits & Bytes');
    const feed = await parseFeed(doc, { url });
    expect(feed.parser).toBe('feedsmith');
    expect(feed.items).toHaveLength(AI_ITEMS.length);
  });

  it('gives a typed parse error for malformed XML and for a web page', async () => {
    for (const doc of ['<rss><channel><item><title>unclosed', '<!doctype html><html><body><p>Not a feed</p></body></html>', '']) {
      const err = await parseFeed(doc, { url }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(FeedError);
      expect((err as FeedError).kind).toBe('parse');
      expect((err as FeedError).feedUrl).toBe(url);
    }
  });

  it('refuses a billion-laughs document before parsing', async () => {
    const err = await parseFeed(billionLaughs(), { url }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FeedError);
    expect((err as FeedError).kind).toBe('refused');
    expect((err as FeedError).message).toMatch(/entit/i);
  });

  it('refuses external entities (XXE) too, but accepts a plain RSS 0.91 DOCTYPE', async () => {
    const xxe = rss().replace('<rss', '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<rss');
    await expect(parseFeed(xxe, { url })).rejects.toMatchObject({ kind: 'refused' });
    const rss091 = rss([AI_ITEMS[0]!]).replace('<rss version="2.0">', '<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">\n<rss version="0.91">');
    const feed = await parseFeed(rss091, { url });
    expect(feed.items.map((i) => i.title)).toEqual([AI_ITEMS[0]!.title]);
  });
});

describe('parseFeed: limits', () => {
  const many = Array.from({ length: 30 }, (_, i) => ({ title: `Item ${i}`, link: `https://m.example/${i}`, guid: `g${i}` }));

  it('keeps at most maxItems items, first ones first', async () => {
    const feed = await parseFeed(rss(many), { url, limits: { maxItems: 5 } });
    expect(feed.items.map((i) => i.guid)).toEqual(['g0', 'g1', 'g2', 'g3', 'g4']);
  });

  it('bounds titles and texts', async () => {
    const long = [{ title: 'word '.repeat(300), link: 'https://m.example/long', description: 'sentence '.repeat(5000) }];
    const feed = await parseFeed(rss(long), { url, limits: { maxTitleLength: 100, maxTextLength: 1000 } });
    expect(feed.items[0]!.title.length).toBeLessThanOrEqual(100);
    expect(feed.items[0]!.title.endsWith('…')).toBe(true);
    expect(feed.items[0]!.text.length).toBeLessThanOrEqual(1000);
  });

  it('bounds items in the feedsmith fallback too', async () => {
    const feed = await parseFeed(rss(many).replace('The Gradient Ledger', 'A & B'), { url, limits: { maxItems: 3 } });
    expect(feed.parser).toBe('feedsmith');
    expect(feed.items).toHaveLength(3);
  });
});

describe('parseFeedDate', () => {
  it.each([
    ['Tue, 15 Jul 2025 10:00:00 GMT', '2025-07-15T10:00:00.000Z'],
    ['Tue, 15 Jul 2025 10:00:00 CEST', '2025-07-15T08:00:00.000Z'],
    ['Tue, 15 Jul 2025 10:00:00', '2025-07-15T10:00:00.000Z'],
    ['2025-07-15 10:00:00', '2025-07-15T10:00:00.000Z'],
    ['2025-07-15T10:00:00+02:00', '2025-07-15T08:00:00.000Z'],
  ])('%s -> %s', (raw, iso) => {
    expect(parseFeedDate(raw)).toBe(iso);
  });

  it.each(['garbage', '', '12345', '0001-01-01T00:00:00Z', '3025-01-01T00:00:00Z'])('rejects %j', (raw) => {
    expect(parseFeedDate(raw)).toBeNull();
  });
});
