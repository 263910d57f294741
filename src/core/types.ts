/**
 * Plain data shared by every layer. The core, commands/ and the store speak only these
 * types; adapters translate them to Block Kit / embeds. No platform types here, ever.
 */

export type Platform = 'slack' | 'discord';

/** One item as the poller or `replay` hands it to the core: clean text, no HTML. */
export interface IncomingItem {
  /** Given by `replay` input; otherwise the core derives a stable id from source and GUID/URL. */
  id?: string;
  feedId: string | null;
  /** Outlet name shown to users ("The Decoder", "Axios"). */
  source: string;
  guid: string | null;
  url: string;
  title: string;
  /** Plain text (HTML already stripped); may be empty. */
  text: string;
  /** ISO-8601; null when the feed gave none (the pipeline then uses firstSeen). */
  published: string | null;
  /** ISO-8601 time the poller first saw the item. */
  firstSeen: string;
}

export type DuplicateReason = 'guid' | 'url' | 'title' | 'near-text';

/** An item after the core has placed it. Stored as is. */
export interface Article {
  id: string;
  feedId: string | null;
  source: string;
  guid: string | null;
  url: string;
  canonicalUrl: string;
  title: string;
  text: string;
  published: string;
  firstSeen: string;
  /** 1-2 extractive sentences from the article's own text. */
  summary: string;
  topics: string[];
  /** Canonical gazetteer names ("Meta", "Alexandr Wang", "Behemoth"). */
  entities: string[];
  /** Angle per topic id, only for topics where the text leans one way ({"meta-ai": "open"}). */
  angles: Record<string, string>;
  storylineId: string;
  /** Set when the article is a copy of an earlier one; it never becomes a post of its own. */
  duplicateOf: string | null;
  duplicateReason: DuplicateReason | null;
  /** Similarity behind the placement (Jaccard for duplicates, story score for follow-ups). */
  similarity: number | null;
  /** For follow-ups: sentences not covered by earlier articles of the storyline. */
  whatsNew: string[];
  /** Why nothing was posted for it, if so ("backfill", "filtered:<rule>"). */
  suppressed: string | null;
}

export interface Storyline {
  id: string;
  /** Headline of the article that opened it. */
  title: string;
  topics: string[];
  entities: string[];
  firstArticleId: string;
  /** Published time of the first and of the latest non-duplicate article. */
  startedAt: string;
  updatedAt: string;
  /** Non-duplicate articles in it. */
  articleCount: number;
  /** Angle per topic of its latest article that had one. */
  angles: Record<string, string>;
}

export type PlacementKind = 'story' | 'follow-up' | 'duplicate';

/** What the core decided for one item. */
export interface Placement {
  kind: PlacementKind;
  storylineId: string;
  /** For duplicates: the original article. */
  duplicateOf: string | null;
  duplicateReason: DuplicateReason | null;
  similarity: number | null;
  /** True when a follow-up's angle differs from the storyline's previous angle. */
  angleChanged: boolean;
}

export type PostKind = 'story' | 'follow-up' | 'also-reported' | 'update' | 'notice' | 'digest';

export interface SourceRef {
  outlet: string;
  url: string;
  title: string;
}

/** A platform-neutral post; adapters render it within their platform's limits. */
export interface Post {
  kind: PostKind;
  articleId: string | null;
  storylineId: string | null;
  headline: string;
  summary: string;
  /** Follow-ups: the new sentences. */
  whatsNew: string[];
  outlet: string;
  url: string;
  /** ISO-8601. */
  published: string;
  entities: string[];
  topics: string[];
  /** Angle label to show, e.g. {topic: "meta-ai", label: "open"}. */
  angle: { topic: string; label: string } | null;
  angleChanged: boolean;
  /** Other outlets folded into this story (for 'story' re-renders and 'also-reported'). */
  alsoReportedBy: SourceRef[];
  /** Free text for notices and digests. */
  body: string | null;
}

export interface TimelineEntry {
  articleId: string;
  storylineId: string;
  /** ISO-8601 instant. */
  published: string;
  /** Date formatted in the requested time zone (date-fns), e.g. "15 Jul 2025". */
  dateLabel: string;
  headline: string;
  outlet: string;
  /** Folded duplicates of this entry ("+N more"). */
  moreCount: number;
  summary: string;
  angle: string | null;
  url: string;
}
