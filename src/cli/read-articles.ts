import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { IncomingItem } from '../core/types.js';
import { decodeFeedBytes } from '../feeds/decode.js';
import { parseFeed } from '../feeds/parse-feed.js';
import { UsageError } from '../util/errors.js';

/** A replayed article, with the gold labels an eval file may carry. */
export interface ReplayArticle extends IncomingItem {
  id: string;
  story?: string;
  duplicateOf?: string;
}

function fromJsonLine(line: string, where: string): ReplayArticle {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(line) as Record<string, unknown>;
  } catch (err) {
    throw new UsageError(`${where}: not valid JSON (${(err as Error).message})`);
  }
  for (const key of ['id', 'title', 'url', 'source'] as const) {
    if (typeof raw[key] !== 'string' || !raw[key]) throw new UsageError(`${where}: "${key}" must be a non-empty string`);
  }
  const published = typeof raw.published === 'string' && !Number.isNaN(Date.parse(raw.published)) ? new Date(raw.published).toISOString() : null;
  return {
    id: String(raw.id),
    feedId: null,
    source: String(raw.source),
    guid: typeof raw.guid === 'string' ? raw.guid : null,
    url: String(raw.url),
    title: String(raw.title),
    text: typeof raw.text === 'string' ? raw.text : '',
    published,
    firstSeen: published ?? new Date(0).toISOString(),
    story: typeof raw.story === 'string' ? raw.story : undefined,
    duplicateOf: typeof raw.duplicateOf === 'string' ? raw.duplicateOf : undefined,
  };
}

/** JSONL files (one article per line) or RSS/Atom/JSON Feed files, in date order. */
export async function readArticles(files: string[]): Promise<ReplayArticle[]> {
  const out: ReplayArticle[] = [];
  for (const file of files) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(file);
    } catch (err) {
      throw new UsageError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
    const head = bytes.subarray(0, 200).toString('latin1').trimStart();
    if (file.endsWith('.jsonl') || (head.startsWith('{') && !/"version"\s*:\s*"https:\/\/jsonfeed/.test(head))) {
      bytes
        .toString('utf8')
        .split('\n')
        .forEach((line, i) => {
          if (line.trim()) out.push(fromJsonLine(line, `${file}:${i + 1}`));
        });
      continue;
    }
    const feed = await parseFeed(decodeFeedBytes(bytes).text, { url: file });
    const source = feed.title ?? basename(file);
    feed.items.forEach((item, i) => {
      const url = item.link ?? `file://${file}#${i}`;
      out.push({
        id: `${basename(file)}#${item.guid ?? url}`,
        feedId: null,
        source,
        guid: item.guid,
        url,
        title: item.title,
        text: item.text,
        published: item.published,
        firstSeen: item.published ?? new Date(0).toISOString(),
      });
    });
  }
  return out.sort((a, b) => (a.published ?? a.firstSeen).localeCompare(b.published ?? b.firstSeen) || a.id.localeCompare(b.id));
}
