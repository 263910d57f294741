/** Small feed documents for the feed tests: fictional outlets, invented AI news. */

export interface FixtureItem {
  title: string;
  link: string;
  guid?: string;
  date?: string;
  description?: string;
}

export const AI_ITEMS: FixtureItem[] = [
  {
    title: 'Northwind Labs opens weights of its 40B reasoning model',
    link: 'https://northwind.example/news/open-weights-40b',
    guid: 'nw-1001',
    date: 'Tue, 15 Jul 2025 09:00:00 GMT',
    description: '<p>Northwind Labs released the <b>weights</b> of its 40-billion-parameter model under a permissive licence.</p>',
  },
  {
    title: 'Cobalt AI raises $300M Series C for inference chips',
    link: 'https://cobalt.example/press/series-c',
    guid: 'cb-77',
    date: 'Mon, 14 Jul 2025 16:30:00 +0200',
    description: 'The round values the start-up at $2.1B &amp; will fund a second fab partnership.',
  },
  {
    title: 'Regulators question data practices of chatbot makers',
    link: 'https://ledger.example/policy/chatbots',
    guid: 'ledger-5',
    date: 'Sun, 13 Jul 2025 08:15:00 GMT',
    description: 'A consultation asks how training data is collected and how users can opt out.',
  },
];

export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function rss(items: FixtureItem[] = AI_ITEMS, opts: { encoding?: string; title?: string } = {}): string {
  const prolog = opts.encoding ? `<?xml version="1.0" encoding="${opts.encoding}"?>` : '<?xml version="1.0"?>';
  const body = items
    .map(
      (i) => `  <item>
    <title>${escapeXml(i.title)}</title>
    <link>${escapeXml(i.link)}</link>
    ${i.guid ? `<guid isPermaLink="false">${escapeXml(i.guid)}</guid>` : ''}
    ${i.date ? `<pubDate>${i.date}</pubDate>` : ''}
    ${i.description !== undefined ? `<description>${escapeXml(i.description)}</description>` : ''}
  </item>`,
    )
    .join('\n');
  return `${prolog}
<rss version="2.0"><channel>
  <title>${escapeXml(opts.title ?? 'The Gradient Ledger')}</title>
  <link>https://ledger.example/</link>
  <description>AI news</description>
${body}
</channel></rss>`;
}

export function atom(entries: Array<{ title: string; id: string; link: string; published?: string; updated: string; summary?: string; content?: string }>): string {
  return `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Tensor Weekly</title>
  <id>urn:tensor-weekly</id>
  <updated>2025-07-15T10:00:00Z</updated>
${entries
  .map(
    (e) => `  <entry>
    <title type="html">${escapeXml(e.title)}</title>
    <id>${e.id}</id>
    <link rel="alternate" type="text/html" href="${e.link}"/>
    <link rel="enclosure" href="https://cdn.example/audio.mp3"/>
    ${e.published ? `<published>${e.published}</published>` : ''}
    <updated>${e.updated}</updated>
    ${e.summary ? `<summary type="html">${escapeXml(e.summary)}</summary>` : ''}
    ${e.content ? `<content type="html">${escapeXml(e.content)}</content>` : ''}
  </entry>`,
  )
  .join('\n')}
</feed>`;
}

/** The classic exponential entity bomb: ten levels of ten references, ~3 GB if expanded. */
export function billionLaughs(): string {
  const lines = ['<!ENTITY lol "lol">'];
  for (let i = 1; i <= 9; i++) {
    const prev = i === 1 ? 'lol' : `lol${i - 1}`;
    lines.push(`<!ENTITY lol${i} "${Array(10).fill(`&${prev};`).join('')}">`);
  }
  return `<?xml version="1.0"?>
<!DOCTYPE rss [
  ${lines.join('\n  ')}
]>
<rss version="2.0"><channel><title>lol</title><link>https://lol.example/</link><description>x</description>
<item><title>&lol9;</title><link>https://lol.example/1</link></item>
</channel></rss>`;
}
