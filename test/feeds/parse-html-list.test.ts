import { describe, expect, it } from 'vitest';
import { parseHtmlList } from '../../src/feeds/parse-html-list.js';
import { FeedError } from '../../src/util/errors.js';

const page = `<!doctype html><html><head><title>Lab News</title></head><body>
<main>
  <article class="post"><h2><a href="/news/model-card">New model card published</a></h2><time datetime="2025-09-01T10:00:00Z">Sep 1</time></article>
  <article class="post"><h2><a href="https://other.example/x?y=1">Partnership   with a
    university</a></h2><time>2 September 2025</time></article>
  <article class="post"><h2>No link here</h2></article>
</main></body></html>`;

const selectors = { item: 'article.post', link: 'h2 a', title: 'h2', date: 'time' };

describe('parseHtmlList', () => {
  it('reads items with CSS selectors, resolves links, prefers datetime attributes', () => {
    const feed = parseHtmlList(page, 'https://lab.example/news/', selectors);
    expect(feed.title).toBe('Lab News');
    expect(feed.items).toEqual([
      { guid: 'https://lab.example/news/model-card', link: 'https://lab.example/news/model-card', title: 'New model card published', text: '', published: '2025-09-01T10:00:00.000Z' },
      { guid: 'https://other.example/x?y=1', link: 'https://other.example/x?y=1', title: 'Partnership with a university', text: '', published: expect.stringMatching(/^2025-09-0[12]T/) as unknown as string },
    ]);
  });

  it('caps the number of items', () => {
    const many = `<ul>${Array.from({ length: 20 }, (_, i) => `<li><a href="/p/${i}">Post ${i}</a></li>`).join('')}</ul>`;
    expect(parseHtmlList(many, 'https://lab.example/', { item: 'li', link: 'a', title: 'a' }, { maxItems: 5 }).items).toHaveLength(5);
  });

  it('says clearly when the item selector matches nothing (the page changed)', () => {
    expect(() => parseHtmlList(page, 'https://lab.example/', { item: '.gone', link: 'a', title: 'a' })).toThrow(FeedError);
    expect(() => parseHtmlList(page, 'https://lab.example/', { item: '.gone', link: 'a', title: 'a' })).toThrow(/no element matches the item selector ".gone"/);
  });
});
