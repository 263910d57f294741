import type { Logger } from '../util/logger.js';
import { FeedError, errorMessage } from '../util/errors.js';
import { DEFAULT_PARSE_LIMITS, type ParseLimits, type ParsedFeed } from './feed-types.js';
import { parseWithFeedsmith } from './parse-with-feedsmith.js';
import { parseWithRssParser } from './parse-with-rss-parser.js';
import { unsafeXmlReason } from './xml-guard.js';

export type { ParsedFeed, ParsedItem, ParseLimits } from './feed-types.js';

export interface ParseOptions {
  /** For error context and logs. */
  url: string;
  limits?: Partial<ParseLimits>;
  log?: Logger;
}

/**
 * Feed text -> items. rss-parser first (RSS 0.9x/1.0/2.0, Atom); when it throws (one bad
 * Atom date, a stray "&") or the document is JSON Feed, feedsmith. Entity declarations are
 * refused before either parser runs. Anything unreadable is a FeedError('parse'), never a crash.
 */
export async function parseFeed(text: string, opts: ParseOptions): Promise<ParsedFeed> {
  const limits: ParseLimits = { ...DEFAULT_PARSE_LIMITS, ...opts.limits };
  const unsafe = unsafeXmlReason(text);
  if (unsafe) {
    opts.log?.warn({ feedUrl: opts.url }, `feed refused: ${unsafe}`);
    throw new FeedError(`${opts.url}: ${unsafe}`, opts.url, 'refused');
  }

  if (text.trimStart().startsWith('{')) return viaFeedsmith(text, limits, opts, null);
  try {
    return await parseWithRssParser(text, limits);
  } catch (err) {
    opts.log?.debug({ feedUrl: opts.url, err: errorMessage(err) }, 'rss-parser failed; trying feedsmith');
    return viaFeedsmith(text, limits, opts, err);
  }
}

function viaFeedsmith(text: string, limits: ParseLimits, opts: ParseOptions, firstError: unknown): ParsedFeed {
  try {
    return parseWithFeedsmith(text, limits);
  } catch (err) {
    const detail = firstError ? `${errorMessage(firstError)}; ${errorMessage(err)}` : errorMessage(err);
    throw new FeedError(`${opts.url}: not a readable feed (${oneLine(detail)})`, opts.url, 'parse', null, { cause: err });
  }
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim().slice(0, 300);
}
