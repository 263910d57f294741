import type { ChannelFilters } from '../config/schema.js';
import type { Article } from '../core/types.js';
import { BoundedRegexSet } from './bounded-regex.js';

/** Regexes see at most this much text, so even an accepted pattern has a bounded cost. */
export const MAX_FILTER_TEXT = 4_000;

export type FilterVerdict = { pass: true } | { pass: false; rule: string };

interface CompiledRules {
  topics: Set<string>;
  entities: Set<string>;
  outlets: Set<string>;
  keywords: RegExp[];
  regex: BoundedRegexSet;
}

/** Told when a user pattern ran past its time limit and was disabled ("exclude", /pattern/). */
export type SlowPatternHook = (side: 'include' | 'exclude', pattern: string) => void;

const lower = (xs: string[] | undefined) => new Set((xs ?? []).map((x) => x.toLowerCase()));
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function compile(rules: NonNullable<ChannelFilters['include']> | undefined): CompiledRules | null {
  if (!rules) return null;
  return {
    topics: lower(rules.topics),
    entities: lower(rules.entities),
    outlets: lower(rules.outlets),
    keywords: (rules.keywords ?? []).map((k) => new RegExp(`(?<![\\p{L}\\p{N}])${escape(k)}(?![\\p{L}\\p{N}])`, 'iu')),
    // Patterns were checked for catastrophic shapes when the config was loaded; matching is time-bounded too.
    regex: new BoundedRegexSet((rules.regex ?? []).map((r) => new RegExp(r, 'iu'))),
  };
}

/** First rule of the set that matches the article, described for `explain`. */
function firstMatch(rules: CompiledRules, a: Article, text: string, onSlow: (pattern: string) => void): string | null {
  const topic = a.topics.find((t) => rules.topics.has(t.toLowerCase()));
  if (topic) return `topic ${topic}`;
  const entity = a.entities.find((e) => rules.entities.has(e.toLowerCase()));
  if (entity) return `entity ${entity}`;
  if (rules.outlets.has(a.source.toLowerCase())) return `outlet ${a.source}`;
  const keyword = rules.keywords.find((k) => k.test(text));
  if (keyword) return `keyword ${keyword.source.replace(/\(\?<?!\[\\p\{L\}\\p\{N\}\]\)/g, '').replace(/\\(.)/g, '$1')}`;
  if (!rules.regex.size) return null;
  const { match, timedOut } = rules.regex.firstMatch(text);
  for (const r of timedOut) onSlow(r.source);
  if (match) return `regex /${match.source}/`;
  return null;
}

function isEmpty(rules: CompiledRules): boolean {
  return !rules.topics.size && !rules.entities.size && !rules.outlets.size && !rules.keywords.length && !rules.regex.size;
}

/**
 * A channel's include/exclude rules. Exclude wins; when include rules exist, at least one
 * must match. Compiled once per channel, applied per article.
 */
export class ChannelFilter {
  private readonly include: CompiledRules | null;
  private readonly exclude: CompiledRules | null;

  constructor(
    filters: ChannelFilters | undefined,
    private readonly onSlowPattern: SlowPatternHook = () => undefined,
  ) {
    this.include = compile(filters?.include);
    this.exclude = compile(filters?.exclude);
  }

  check(article: Article): FilterVerdict {
    const text = `${article.title}\n${article.text}`.slice(0, MAX_FILTER_TEXT);
    if (this.exclude) {
      const hit = firstMatch(this.exclude, article, text, (p) => this.onSlowPattern('exclude', p));
      if (hit) return { pass: false, rule: `exclude ${hit}` };
    }
    if (this.include && !isEmpty(this.include) && !firstMatch(this.include, article, text, (p) => this.onSlowPattern('include', p))) {
      return { pass: false, rule: 'include (no include rule matched)' };
    }
    return { pass: true };
  }
}
