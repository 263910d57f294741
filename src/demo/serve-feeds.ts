import { createServer, type Server } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import { closeNow, listen } from '../server/listen.js';
import { extname, join } from 'node:path';
import { decodeFeedBytes } from '../feeds/decode.js';
import { parseFeed } from '../feeds/parse-feed.js';
import { ThreadlineError } from '../util/errors.js';

/** One bundled sample feed, as served. */
export interface SampleFeed {
  file: string;
  url: string;
  /** The outlet's own title (the feed's <title>), used as the source name in posts. */
  title: string;
}

export interface SampleFeedServer {
  base: string;
  feeds: SampleFeed[];
  close(): Promise<void>;
}

/** Content-Type without a charset on purpose: each file declares its own (one is ISO-8859-1). */
const CONTENT_TYPES: Record<string, string> = {
  '.xml': 'application/rss+xml',
  '.atom': 'application/atom+xml',
  '.json': 'application/feed+json',
};

/** The sample feed files in `dir`, sorted so the demo is the same on every machine. */
export function listSampleFeeds(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => CONTENT_TYPES[extname(f)] !== undefined)
    .sort();
}

/**
 * Serves the sample feeds in `dir` on 127.0.0.1 (an ephemeral port), like any outlet would:
 * the bytes as stored, so the poller's decoding and parsing are exercised for real.
 */
export async function serveSampleFeeds(dir: string): Promise<SampleFeedServer> {
  const files = listSampleFeeds(dir);
  if (files.length === 0) throw new ThreadlineError(`no sample feeds (*.xml, *.atom, *.json) in ${dir}`, { dir });
  const bodies = new Map(files.map((f) => [f, readFileSync(join(dir, f))]));
  // The outlet name comes from the feed itself; a file that does not parse fails here, with its name.
  const titles = new Map<string, string>();
  for (const [file, bytes] of bodies) {
    const parsed = await parseFeed(decodeFeedBytes(bytes).text, { url: file });
    titles.set(file, parsed.title ?? file);
  }

  const server: Server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').slice(1).split('?')[0] ?? '');
    const body = bodies.get(name);
    if (!body) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(name)]! }).end(body);
  });
  const base = `http://127.0.0.1:${await listen(server, 0, '127.0.0.1')}`;
  return {
    base,
    feeds: files.map((file) => ({ file, url: `${base}/${encodeURIComponent(file)}`, title: titles.get(file)! })),
    close: () => closeNow(server),
  };
}
