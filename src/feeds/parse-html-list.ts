import { load } from 'cheerio';
import { FeedError } from '../util/errors.js';
import { DEFAULT_PARSE_LIMITS, type ParseLimits, type ParsedFeed, type ParsedItem } from './feed-types.js';
import { parseFeedDate } from './feed-date.js';

export interface HtmlListSelectors {
  /** One element per item, e.g. "article.post". */
  item: string;
  /** Inside the item: the element carrying href (an <a>, or an element containing one). */
  link: string;
  title: string;
  /** Optional: the date element; its datetime attribute is preferred over its text. */
  date?: string;
}

/**
 * A news page of an AI lab with no feed: items found with CSS selectors (cheerio), links
 * resolved against the page URL. Same result shape as a feed, so the rest of the pipeline
 * does not know the difference.
 */
export function parseHtmlList(html: string, pageUrl: string, selectors: HtmlListSelectors, limits: Partial<ParseLimits> = {}): ParsedFeed {
  const max = { ...DEFAULT_PARSE_LIMITS, ...limits };
  let $: ReturnType<typeof load>;
  try {
    $ = load(html);
  } catch (err) {
    throw new FeedError(`${pageUrl}: not readable HTML`, pageUrl, 'parse', null, { cause: err });
  }
  const items: ParsedItem[] = [];
  for (const el of $(selectors.item).toArray()) {
    if (items.length >= max.maxItems) break;
    const node = $(el);
    const linkEl = node.find(selectors.link).first();
    const href = linkEl.attr('href') ?? linkEl.find('a[href]').first().attr('href') ?? (node.is('a') ? node.attr('href') : undefined);
    const title = node.find(selectors.title).first().text().replace(/\s+/g, ' ').trim().slice(0, max.maxTitleLength);
    if (!href || !title) continue;
    let link: string;
    try {
      link = new URL(href, pageUrl).toString();
    } catch {
      continue;
    }
    const dateEl = selectors.date ? node.find(selectors.date).first() : null;
    const published = dateEl ? parseFeedDate(dateEl.attr('datetime') ?? dateEl.text().trim()) : null;
    items.push({ guid: link, link, title, text: '', published });
  }
  if (items.length === 0 && $(selectors.item).length === 0) {
    throw new FeedError(`${pageUrl}: no element matches the item selector "${selectors.item}"`, pageUrl, 'parse');
  }
  const pageTitle = $('title').first().text().trim();
  return { format: 'html', parser: 'html-list', title: pageTitle || null, items };
}
