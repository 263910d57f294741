import { ArticleStream, type SyntheticArticle } from './generate-articles.js';
import { Rng } from './lib/prng.js';

/**
 * Realistic generated feeds: RSS 2.0 and Atom documents whose items carry HTML bodies
 * the way publishers write them (paragraphs, links, emphasis, entities, an image,
 * CDATA in RSS, escaped HTML in Atom). Deterministic for a given seed.
 */

export interface GeneratedFeed {
  name: string;
  format: 'rss' | 'atom';
  xml: string;
  bytes: Buffer;
  items: number;
}

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Article text -> publisher-style HTML: paragraphs, a link or two, emphasis, typographic entities. */
export function toHtml(a: SyntheticArticle, rng: Rng): string {
  const paras = a.text.split('\n').map((p) => {
    let html = escapeXml(p).replace(/'/g, '&#8217;');
    if (rng.chance(0.5)) html = html.replace(/\b(said|says|according to)\b/, '<em>$1</em>');
    if (rng.chance(0.4)) html = html.replace(/\b([A-Z][a-z]+ [A-Z][a-z]+)\b/, `<a href="https://example.org/people/${rng.int(999)}" rel="noopener">$1</a>`);
    if (rng.chance(0.3)) html = html.replace(/\b(\d+)\b/, '<strong>$1</strong>');
    return `<p>${html}</p>`;
  });
  const img = `<figure><img src="https://cdn.example.org/img/${a.id}.jpg" alt="${escapeXml(a.title)}" width="1200" height="675" /><figcaption>Image: ${escapeXml(a.source)}</figcaption></figure>`;
  return `${img}\n${paras.join('\n')}\n<p>The post <a href="${escapeXml(a.url)}">${escapeXml(a.title)}</a> appeared first on ${escapeXml(a.source)}.</p>`;
}

export function rssFeed(opts: { title: string; link: string; items: SyntheticArticle[]; seed?: number; contentEncoded?: boolean }): string {
  const rng = new Rng(opts.seed ?? 1);
  const items = opts.items.map((a) => {
    const html = toHtml(a, rng);
    const body = opts.contentEncoded
      ? `<description><![CDATA[${a.text.slice(0, 300)}…]]></description>\n      <content:encoded><![CDATA[${html}]]></content:encoded>`
      : `<description><![CDATA[${html}]]></description>`;
    return `    <item>
      <title>${escapeXml(a.title)}</title>
      <link>${escapeXml(a.url)}</link>
      <guid isPermaLink="false">${escapeXml(a.guid ?? a.url)}</guid>
      <pubDate>${new Date(a.published ?? a.firstSeen).toUTCString()}</pubDate>
      <dc:creator><![CDATA[${a.source} Staff]]></dc:creator>
      <category><![CDATA[AI]]></category>
      ${body}
    </item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${escapeXml(opts.title)}</title>
    <link>${escapeXml(opts.link)}</link>
    <atom:link href="${escapeXml(opts.link)}/feed/" rel="self" type="application/rss+xml" />
    <description>Artificial intelligence news</description>
    <language>en-US</language>
    <lastBuildDate>${new Date(opts.items.at(-1)?.published ?? 0).toUTCString()}</lastBuildDate>
${items.join('\n')}
  </channel>
</rss>
`;
}

export function atomFeed(opts: { title: string; link: string; items: SyntheticArticle[]; seed?: number }): string {
  const rng = new Rng(opts.seed ?? 2);
  const entries = opts.items.map(
    (a) => `  <entry>
    <title type="html">${escapeXml(a.title)}</title>
    <link rel="alternate" type="text/html" href="${escapeXml(a.url)}" />
    <id>${escapeXml(a.guid ?? a.url)}</id>
    <published>${a.published}</published>
    <updated>${a.published}</updated>
    <author><name>${escapeXml(a.source)} Staff</name></author>
    <summary type="html">${escapeXml(a.text.slice(0, 280))}…</summary>
    <content type="html">${escapeXml(toHtml(a, rng))}</content>
  </entry>`,
  );
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="en">
  <title>${escapeXml(opts.title)}</title>
  <link rel="alternate" type="text/html" href="${escapeXml(opts.link)}" />
  <link rel="self" type="application/atom+xml" href="${escapeXml(opts.link)}/atom.xml" />
  <id>${escapeXml(opts.link)}/</id>
  <updated>${opts.items.at(-1)?.published ?? new Date(0).toISOString()}</updated>
${entries.join('\n')}
</feed>
`;
}

function feed(name: string, format: 'rss' | 'atom', xml: string, items: number): GeneratedFeed {
  return { name, format, xml, bytes: Buffer.from(xml, 'utf8'), items };
}

/** The parsing benchmark's corpus: 50-item RSS and Atom feeds (~2 KB HTML per item) and one ~2 MB RSS feed. */
export function parsingCorpus(seed = 7): { rss: GeneratedFeed; atom: GeneratedFeed; large: GeneratedFeed } {
  const short = new ArticleStream({ seed, perDay: 200, minSentences: 9, maxSentences: 12 });
  const rssItems = short.take(50);
  const atomItems = short.take(50);
  const long = new ArticleStream({ seed: seed + 1, perDay: 200, minSentences: 44, maxSentences: 52 });
  // Full-content feeds (content:encoded) are the large ones in practice.
  const largeItems: SyntheticArticle[] = [];
  let xml = '';
  do {
    largeItems.push(...long.take(10));
    xml = rssFeed({ title: 'Large full-content feed', link: 'https://large.example', items: largeItems, contentEncoded: true, seed });
  } while (Buffer.byteLength(xml) < 2 * 1024 * 1024);
  return {
    rss: feed('RSS 2.0, 50 items', 'rss', rssFeed({ title: 'Synthetic AI News', link: 'https://rss.example', items: rssItems, seed }), 50),
    atom: feed('Atom, 50 items', 'atom', atomFeed({ title: 'Synthetic AI Blog', link: 'https://atom.example', items: atomItems, seed }), 50),
    large: feed(`RSS 2.0, ${(Buffer.byteLength(xml) / 1024 / 1024).toFixed(1)} MB (${largeItems.length} items)`, 'rss', xml, largeItems.length),
  };
}
