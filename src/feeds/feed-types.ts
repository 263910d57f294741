/** What a feed document yields before it becomes an IncomingItem: raw-ish, but already plain text. */
export interface ParsedItem {
  guid: string | null;
  /** As written in the feed; may be relative (resolved against the feed URL later). */
  link: string | null;
  /** One line of plain text; may be empty when the feed gave none. */
  title: string;
  /** Plain text of the fullest body the item has (content:encoded, content, summary). */
  text: string;
  /** ISO-8601, or null when missing or invalid. */
  published: string | null;
}

export type FeedFormat = 'rss' | 'atom' | 'rdf' | 'json' | 'html';

export interface ParsedFeed {
  format: FeedFormat;
  parser: 'rss-parser' | 'feedsmith' | 'html-list';
  title: string | null;
  items: ParsedItem[];
}

export interface ParseLimits {
  maxItems: number;
  maxTitleLength: number;
  maxTextLength: number;
}

export const DEFAULT_PARSE_LIMITS: ParseLimits = { maxItems: 500, maxTitleLength: 500, maxTextLength: 20_000 };
