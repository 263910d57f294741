import { parseFeed as feedsmithParse } from 'feedsmith';
import type { ParseLimits, ParsedFeed, ParsedItem } from './feed-types.js';
import { textOf, toParsedItem } from './parsed-item.js';

type Link = { href?: string; rel?: string };

/** Atom's alternate link (a link without rel means alternate), else the first one. */
function atomLink(links: Link[] | undefined): string | undefined {
  if (!links?.length) return undefined;
  return (links.find((l) => !l.rel || l.rel === 'alternate') ?? links[0])?.href;
}

/**
 * The lenient fallback (feedsmith, pinned): survives bad dates and stray "&", reads RSS,
 * Atom, RDF and JSON Feed. Dates come back as the feed wrote them; we parse them ourselves.
 */
export function parseWithFeedsmith(text: string, limits: ParseLimits): ParsedFeed {
  const result = feedsmithParse(text, { maxItems: limits.maxItems });
  const items: ParsedItem[] = [];
  switch (result.format) {
    case 'rss':
      for (const it of result.feed.items ?? []) {
        items.push(
          toParsedItem(
            {
              guid: it.guid?.value,
              link: it.link ?? (it.guid?.isPermaLink !== false ? it.guid?.value : undefined),
              title: it.title,
              bodies: [it.content?.encoded, it.description],
              dates: [it.pubDate, ...(it.dc?.dates ?? []), it.atom?.published, it.atom?.updated],
            },
            limits,
          ),
        );
      }
      return { format: 'rss', parser: 'feedsmith', title: textOf(result.feed.title).trim() || null, items };
    case 'atom':
      for (const e of result.feed.entries ?? []) {
        items.push(
          toParsedItem(
            {
              guid: e.id,
              link: atomLink(e.links),
              title: e.title,
              bodies: [e.content, e.summary],
              dates: [e.published, e.updated, ...(e.dc?.dates ?? [])],
            },
            limits,
          ),
        );
      }
      return { format: 'atom', parser: 'feedsmith', title: textOf(result.feed.title).trim() || null, items };
    case 'rdf':
      for (const it of result.feed.items ?? []) {
        items.push(
          toParsedItem(
            {
              guid: it.rdf?.about ?? it.link,
              link: it.link,
              title: it.title,
              bodies: [it.content?.encoded, it.description],
              dates: [...(it.dc?.dates ?? []), ...(it.dcterms?.modified ?? [])],
            },
            limits,
          ),
        );
      }
      return { format: 'rdf', parser: 'feedsmith', title: textOf(result.feed.title).trim() || null, items };
    case 'json':
      for (const it of result.feed.items ?? []) {
        const html = it.content_html;
        items.push(
          toParsedItem(
            {
              guid: it.id,
              link: it.url ?? it.external_url,
              title: it.title,
              bodies: html ? [html] : [it.content_text, it.summary],
              bodyIsText: !html,
              dates: [it.date_published, it.date_modified],
            },
            limits,
          ),
        );
      }
      return { format: 'json', parser: 'feedsmith', title: textOf(result.feed.title).trim() || null, items };
  }
}
