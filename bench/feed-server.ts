import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { ArticleStream, type SyntheticArticle } from './generate-articles.js';
import { atomFeed, rssFeed } from './generate-feeds.js';
import { OUTLETS } from './lib/vocabulary.js';

/**
 * The poll-cycle benchmark's feed server, run in its own process (fork) so its CPU and
 * memory are not counted as ours. Serves N feeds at /feeds/<i>.xml, every document built
 * and gzipped before the first request. Each feed has versions: a request without a
 * matching If-None-Match gets version 0; a conditional request for version v gets 304
 * for even feeds (unchanged) and version v+1 (new items on top) for odd ones.
 *
 * Messages: parent sends {feeds, itemsPerFeed, newPerVersion, versions, seed}; we answer
 * {ready, port}. Parent sends {stats}; we answer {stats: {...}}.
 */

export interface FeedServerSetup {
  feeds: number;
  itemsPerFeed: number;
  newPerVersion: number;
  versions: number;
  seed: number;
}

export interface FeedServerStats {
  requests: number;
  ok: number;
  notModified: number;
  bytesSent: number;
}

interface Version {
  etag: string;
  gzip: Buffer;
  plain: Buffer;
  contentType: string;
}

function build(setup: FeedServerSetup): Version[][] {
  // One stream for all feeds, so outlets copy each other across feeds as they do in life.
  const stream = new ArticleStream({ seed: setup.seed, perDay: 2000, start: new Date(Date.now() - 3 * 86_400_000).toISOString(), minSentences: 8, maxSentences: 12 });
  const itemsOf: SyntheticArticle[][] = [];
  for (let i = 0; i < setup.feeds; i++) itemsOf.push(stream.take(setup.itemsPerFeed).reverse());
  const out: Version[][] = [];
  for (let i = 0; i < setup.feeds; i++) {
    const outlet = OUTLETS[i % OUTLETS.length]!;
    const versions: Version[] = [];
    let items = itemsOf[i]!;
    const changing = i % 2 === 1;
    for (let v = 0; v < (changing ? setup.versions : 1); v++) {
      if (v > 0) items = [...stream.take(setup.newPerVersion).reverse(), ...items].slice(0, setup.itemsPerFeed);
      const title = `${outlet.name} feed ${i}`;
      const link = `https://${outlet.host}/section-${i}`;
      const atom = i % 4 === 3;
      const xml = atom ? atomFeed({ title, link, items, seed: i }) : rssFeed({ title, link, items, seed: i });
      const plain = Buffer.from(xml, 'utf8');
      versions.push({ etag: `"f${i}-v${v}"`, plain, gzip: gzipSync(plain, { level: 6 }), contentType: atom ? 'application/atom+xml; charset=utf-8' : 'application/rss+xml; charset=utf-8' });
    }
    out.push(versions);
  }
  return out;
}

function serve(feeds: Version[][]): Promise<{ port: number; stats: FeedServerStats }> {
  const stats: FeedServerStats = { requests: 0, ok: 0, notModified: 0, bytesSent: 0 };
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    stats.requests++;
    const m = /^\/feeds\/(\d+)\.xml$/.exec(req.url ?? '');
    const versions = m ? feeds[Number(m[1])] : undefined;
    if (!versions) {
      res.writeHead(404).end();
      return;
    }
    const asked = req.headers['if-none-match'];
    const known = asked ? versions.findIndex((v) => v.etag === asked) : -1;
    if (known !== -1 && (versions.length === 1 || known === versions.length - 1)) {
      stats.notModified++;
      res.writeHead(304, { etag: versions[known]!.etag }).end();
      return;
    }
    const v = versions[known + 1]!;
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const body = gzip ? v.gzip : v.plain;
    stats.ok++;
    stats.bytesSent += body.length;
    res.writeHead(200, { 'content-type': v.contentType, etag: v.etag, 'content-length': body.length, ...(gzip ? { 'content-encoding': 'gzip' } : {}) });
    res.end(body);
  };
  const server = createServer(handler);
  server.keepAliveTimeout = 30_000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as { port: number }).port, stats })));
}

if (process.send) {
  let stats: FeedServerStats | null = null;
  process.on('message', (msg: { setup?: FeedServerSetup; stats?: boolean }) => {
    if (msg.setup) {
      const feeds = build(msg.setup);
      const bytes = feeds.reduce((n, vs) => n + vs.reduce((m, v) => m + v.plain.length, 0), 0);
      void serve(feeds).then((s) => {
        stats = s.stats;
        process.send!({ ready: true, port: s.port, documentBytes: bytes });
      });
    } else if (msg.stats) {
      process.send!({ stats: { ...stats!, maxRssMB: process.resourceUsage().maxRSS / 1024, cpuMs: (process.cpuUsage().user + process.cpuUsage().system) / 1000 } });
    }
  });
  process.on('disconnect', () => process.exit(0));
}
