import Parser from 'rss-parser';
import type { FeedFormat, ParseLimits, ParsedFeed } from './feed-types.js';
import { textOf, toParsedItem } from './parsed-item.js';

type RssParserItem = Record<string, unknown>;
/** An element as xml2js hands it over: one array entry per occurrence. */
type XmlNode = Record<string, unknown[] | undefined>;
/** rss-parser's per-item builders: not in its typings, but its documented extension points are its class's methods. */
interface ItemBuilders {
  parseItemRss(this: Parser, xmlItem: XmlNode, itemFields: unknown[]): RssParserItem;
  parseItemAtom(this: Parser, entry: XmlNode): RssParserItem;
}
const builders = Parser.prototype as unknown as ItemBuilders;

/** A text node (or one with attributes): taken as is. An element with children needs rss-parser's XML rebuild. */
function plainText(node: unknown[] | undefined): string | null {
  const first = node?.[0];
  if (typeof first === 'string') return first;
  if (first && typeof first === 'object' && typeof (first as { _?: unknown })._ === 'string') return (first as { _: string })._;
  return null;
}

/**
 * rss-parser without the `contentSnippet` it derives from every body (two regex passes and
 * a full HTML-entity decode per item): we make our own text from the same HTML, so that
 * work was thrown away. Bodies that are plain text nodes are lifted out before rss-parser
 * sees the item and put back verbatim under the key rss-parser uses; anything unusual
 * (a body with child elements) takes rss-parser's own path unchanged.
 */
class BodiesOnlyParser extends Parser<Record<string, unknown>, RssParserItem> {
  parseItemRss(xmlItem: XmlNode, itemFields: unknown[]): RssParserItem {
    const encoded = xmlItem['content:encoded'];
    const description = xmlItem.description;
    const encodedText = encoded ? plainText(encoded) : null;
    const descriptionText = description ? plainText(description) : null;
    if ((encoded && encodedText === null) || (description && descriptionText === null)) return builders.parseItemRss.call(this, xmlItem, itemFields);
    const item = builders.parseItemRss.call(this, { ...xmlItem, 'content:encoded': undefined, description: undefined }, itemFields);
    if (encodedText !== null) item['content:encoded'] = encodedText;
    if (descriptionText !== null) item.content = descriptionText;
    return item;
  }

  parseItemAtom(entry: XmlNode): RssParserItem {
    const content = entry.content;
    const contentText = content ? plainText(content) : null;
    if (content && contentText === null) return builders.parseItemAtom.call(this, entry);
    const item = builders.parseItemAtom.call(this, { ...entry, content: undefined });
    if (contentText !== null) item.content = contentText;
    return item;
  }
}

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
  const parser = new BodiesOnlyParser({ customFields: { item: ['dc:date', 'published', 'updated'] } });
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
