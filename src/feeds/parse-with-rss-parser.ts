import Parser from 'rss-parser';
import type { FeedFormat, ParseLimits, ParsedFeed } from './feed-types.js';
import { textOf, toParsedItem } from './parsed-item.js';

type RssParserItem = Record<string, unknown>;

function formatOf(text: string): FeedFormat {
  const head = text.slice(0, 4096);
  if (/<feed[\s>]/.test(head)) return 'atom';
  if (/<rdf:RDF[\s>]/.test(head)) return 'rdf';
  return 'rss';
}

/**
 * rss-parser's parseString only (never parseURL: no conditional GET, no gzip, a timeout
 * that leaves the socket open). Throws on anything it cannot read; the caller falls back.
 */
export async function parseWithRssParser(text: string, limits: ParseLimits): Promise<ParsedFeed> {
  const parser = new Parser<Record<string, unknown>, RssParserItem>({ customFields: { item: ['dc:date', 'published', 'updated'] } });
  const feed = await parser.parseString(text);
  const items = (feed.items ?? []).slice(0, limits.maxItems).map((item) =>
    toParsedItem(
      {
        guid: item.guid ?? item.id,
        link: item.link,
        title: item.title,
        bodies: [item['content:encoded'], item.content, item.summary],
        dates: [item.published, item.pubDate, item['dc:date'], item.date, item.updated, item.isoDate],
      },
      limits,
    ),
  );
  return { format: formatOf(text), parser: 'rss-parser', title: textOf(feed.title).trim() || null, items };
}
