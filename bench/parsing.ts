import Parser from 'rss-parser';
import { decodeFeedBytes } from '../src/feeds/decode.js';
import { htmlToText } from '../src/feeds/html-to-text.js';
import { parseFeed } from '../src/feeds/parse-feed.js';
import { toIncomingItems } from '../src/feeds/to-incoming.js';
import { parsingCorpus, type GeneratedFeed } from './generate-feeds.js';
import { runIfMain, type BenchOptions } from './lib/child.js';
import { timeAlternating, timeLoop } from './lib/measure.js';
import type { Row } from './lib/result.js';

/**
 * Parsing: our full ingest of a feed document (fetch excluded: bytes -> charset decode ->
 * parse -> HTML to text -> IncomingItem) against rss-parser's parseString alone on the
 * same text. Timed in alternating slices so both see the same machine state.
 */

const BENCH = 'Parsing';

async function ingestDocument(feed: GeneratedFeed): Promise<number> {
  const decoded = decodeFeedBytes(feed.bytes, 'application/rss+xml; charset=utf-8');
  const parsed = await parseFeed(decoded.text, { url: 'https://bench.example/feed' });
  const items = toIncomingItems(parsed, { feedId: 'bench', source: 'Bench', baseUrl: 'https://bench.example/feed', firstSeen: new Date().toISOString() });
  return items.length;
}

export async function run({ quick }: BenchOptions) {
  const corpus = parsingCorpus();
  const parser = new Parser();
  const rows: Row[] = [];
  const data: Record<string, unknown> = {};
  const notes: string[] = [];
  const sliceMs = quick ? 1500 : 4000;
  for (const feed of [corpus.rss, corpus.atom, corpus.large]) {
    // Same answer from both, or the comparison means nothing.
    const ours = await ingestDocument(feed);
    const theirs = (await parser.parseString(feed.xml)).items.length;
    if (ours !== feed.items || theirs !== feed.items) throw new Error(`${feed.name}: expected ${feed.items} items, got ours=${ours} rss-parser=${theirs}`);

    const t = await timeAlternating(
      () => ingestDocument(feed),
      () => parser.parseString(feed.xml),
      sliceMs,
    );
    // Where the difference goes: the steps ours adds around the same rss-parser call.
    const parsedOnce = await parser.parseString(feed.xml);
    const bodies = parsedOnce.items.map((it) => String((it as Record<string, unknown>)['content:encoded'] ?? it.content ?? ''));
    const decodeMs = (await timeLoop(() => decodeFeedBytes(feed.bytes, 'application/rss+xml; charset=utf-8'), sliceMs / 8)).msPerCall;
    const htmlMs = (await timeLoop(() => bodies.forEach((b) => htmlToText(b)), sliceMs / 8)).msPerCall;
    notes.push(`${BENCH}, ${feed.name}: of ours ${t.a.toFixed(2)} ms, charset decode ${decodeMs.toFixed(2)} ms and html-to-text of the bodies ${htmlMs.toFixed(2)} ms; rss-parser itself ${t.b.toFixed(2)} ms.`);
    const mb = feed.bytes.length / 1024 / 1024;
    const oursFps = 1000 / t.a;
    const baseFps = 1000 / t.b;
    data[feed.name] = { decodeMs, htmlToTextMs: htmlMs, bytes: feed.bytes.length, items: feed.items, oursMsPerFeed: t.a, baselineMsPerFeed: t.b, oursCalls: t.callsA, baselineCalls: t.callsB };
    rows.push({
      bench: BENCH,
      measure: `${feed.name}: full ingest (decode+parse+text+items)`,
      ours: { value: oursFps, unit: 'feeds/s', extra: `${(oursFps * mb).toFixed(1)} MB/s, ${t.a.toFixed(2)} ms/feed` },
      baseline: { what: 'rss-parser parseString', value: baseFps, unit: 'feeds/s', extra: `${(baseFps * mb).toFixed(1)} MB/s, ${t.b.toFixed(2)} ms/feed` },
      ratio: { value: t.a / t.b, meaning: 'cost, ours/bare parse' },
      target: { text: 'cost <= 1.5x', met: t.a / t.b <= 1.5 },
    });
  }
  notes.unshift(`${BENCH}: one core, single-threaded; each pair timed for ${sliceMs / 1000} s in alternating slices; fetch excluded, ours starts from bytes, rss-parser from the decoded string.`);
  return { rows, data, notes };
}

runIfMain(import.meta.url, 'parsing', run);
