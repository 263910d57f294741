import type { IncomingItem } from '../src/core/types.js';
import { coinedOrgs, coinedWords } from './lib/coined.js';
import { Rng } from './lib/prng.js';
import { EVENTS, FACT_TEMPLATES, FOLLOW_UP_HEADLINES, HEADLINES, ORGS, OUTLETS, PLACES, STORY_WORDS, WEEKDAYS, WORDS, type EventKind, type Org } from './lib/vocabulary.js';

/**
 * A deterministic stream of synthetic AI-industry articles, in publication order:
 * storylines that open with a first report and gather follow-ups over days, other
 * outlets' near-copies of earlier reports, and one-off items. Same seed, same stream.
 */

/** The long tail of the prose's vocabulary, and words only a few stories use (their subject matter). */
const TAIL_WORDS = coinedWords(3_000, 0x7a11);
const RARE_STORY_WORDS = coinedWords(2_000, 0x5e1d).map((w) => `${w}ion`);
/**
 * A stream of 1,000 articles a day is a deployment that follows hundreds of companies: with
 * the gazetteer's twenty alone, each had ~8 new stories a day, sharing its few people and
 * products, a harder case than any newsroom sees (see the README's measured weaknesses).
 */
const STARTUPS = coinedOrgs(400, 0x0c0);
/** Share of stories about a company the gazetteer knows (~5 new stories a day each); the rest are about made-up ones. */
const KNOWN_ORG_SHARE = 0.4;

export type ArticleKind = 'first' | 'follow-up' | 'copy' | 'singleton';

export interface SyntheticArticle extends IncomingItem {
  id: string;
  /** Ground truth, for sanity checks; the engine never sees it. */
  story: string;
  kind: ArticleKind;
  copyOf: string | null;
}

export interface StreamOptions {
  seed?: number;
  /** Articles per simulated day; the stream starts at `start`. Default 1,000 (a large deployment). */
  perDay?: number;
  start?: string;
  /** Sentences per article body. Default 9-14 (~1.5-2 KB of text). */
  minSentences?: number;
  maxSentences?: number;
}

interface Story {
  id: string;
  org: Org;
  other: Org;
  event: EventKind;
  model: string;
  person: string;
  amount: string;
  place: string;
  keywords: string[];
  facts: string[];
  articles: SyntheticArticle[];
  /** Simulated day it opened; follow-ups come within two weeks. */
  day: number;
}

const WEIGHTS: Array<[ArticleKind, number]> = [
  ['first', 0.25],
  ['follow-up', 0.42],
  ['copy', 0.15],
  ['singleton', 0.18],
];

export class ArticleStream {
  private readonly rng: Rng;
  private readonly perDay: number;
  private readonly startMs: number;
  private readonly minS: number;
  private readonly maxS: number;
  private readonly active: Story[] = [];
  private count = 0;
  private storyCount = 0;

  constructor(opts: StreamOptions = {}) {
    this.rng = new Rng(opts.seed ?? 20250715);
    this.perDay = opts.perDay ?? 1000;
    this.startMs = Date.parse(opts.start ?? '2025-01-01T00:00:00Z');
    this.minS = opts.minSentences ?? 9;
    this.maxS = opts.maxSentences ?? 14;
  }

  /** The next n articles of the stream. */
  take(n: number): SyntheticArticle[] {
    const out: SyntheticArticle[] = [];
    for (let i = 0; i < n; i++) out.push(this.next());
    return out;
  }

  next(): SyntheticArticle {
    const i = this.count++;
    const day = Math.floor(i / this.perDay);
    // Evenly spread within the day, so the stream is strictly in date order.
    const published = new Date(this.startMs + (i / this.perDay) * 86_400_000).toISOString();
    this.expire(day);
    let kind = this.pickKind();
    if ((kind === 'follow-up' || kind === 'copy') && this.active.length === 0) kind = 'first';
    if (kind === 'copy' && !this.active.some((s) => s.articles.length > 0)) kind = 'first';

    let article: SyntheticArticle;
    if (kind === 'first' || kind === 'singleton') {
      const story = this.newStory(day);
      article = this.firstReport(story, i, published, kind);
      if (kind === 'first') this.active.push(story);
    } else if (kind === 'follow-up') {
      const story = this.recentStory();
      article = this.followUp(story, i, published);
    } else {
      const story = this.recentStory();
      article = this.copy(story, i, published);
    }
    return article;
  }

  private pickKind(): ArticleKind {
    let r = this.rng.next();
    for (const [kind, w] of WEIGHTS) {
      if (r < w) return kind;
      r -= w;
    }
    return 'singleton';
  }

  /** Stories stop getting follow-ups two weeks after they open; at most 400 are live. */
  private expire(day: number): void {
    while (this.active.length > 400 || (this.active[0] && day - this.active[0].day > 14)) this.active.shift();
  }

  /** Recent stories get more follow-ups than old ones. */
  private recentStory(): Story {
    const n = this.active.length;
    const back = Math.min(n - 1, Math.floor(Math.pow(this.rng.next(), 2.5) * n));
    return this.active[n - 1 - back]!;
  }

  private newStory(day: number): Story {
    const rng = this.rng;
    const org = rng.chance(KNOWN_ORG_SHARE) ? rng.pick(ORGS) : rng.pick(STARTUPS);
    let other = rng.pick(ORGS);
    if (other === org) other = ORGS[(ORGS.indexOf(org) + 1) % ORGS.length]!;
    // A story's subject: words from a shared list of AI topics, and a few of its own.
    const keywords = Array.from({ length: 8 }, (_, i) => rng.pick(i < 5 ? STORY_WORDS : RARE_STORY_WORDS));
    const story: Story = {
      id: `s${++this.storyCount}`,
      org,
      other,
      event: rng.pick(EVENTS),
      model: rng.pick(org.models),
      person: rng.pick(org.people),
      amount: `$${1 + rng.int(40)}${rng.chance(0.5) ? '0 million' : '.5 billion'}`,
      place: rng.pick(PLACES),
      keywords,
      facts: [],
      articles: [],
      day,
    };
    story.facts = Array.from({ length: 4 }, () => this.fill(rng.pick(FACT_TEMPLATES), story));
    return story;
  }

  private fill(template: string, s: Story): string {
    const rng = this.rng;
    return template.replace(/\{(\w+)\}/g, (_, key: string) => {
      switch (key) {
        case 'org':
          return s.org.name;
        case 'other':
          return s.other.name;
        case 'model':
          return s.model;
        case 'person':
          return s.person;
        case 'amount':
          return s.amount;
        case 'place':
          return s.place;
        case 'weekday':
          return rng.pick(WEEKDAYS);
        case 'n':
          return String(2 + rng.int(98));
        default:
          if (key.startsWith('k')) return s.keywords[Number(key.slice(1)) % s.keywords.length]!;
          return key;
      }
    });
  }

  /** A sentence of ordinary prose, optionally carrying one of the story's words. */
  private proseSentence(s: Story): string {
    const rng = this.rng;
    const len = 12 + rng.int(14);
    const words: string[] = [];
    for (let i = 0; i < len; i++) {
      // Zipf-like: common words far more often than rare ones, and a long tail.
      const r = rng.next();
      const w = r < 0.12 ? rng.pick(s.keywords) : r < 0.55 ? WORDS[Math.floor(Math.pow(rng.next(), 1.6) * WORDS.length)]! : TAIL_WORDS[Math.floor(Math.pow(rng.next(), 1.3) * TAIL_WORDS.length)]!;
      words.push(w);
    }
    if (rng.chance(0.4)) words.splice(rng.int(words.length), 0, rng.pick([s.org.name, s.model, s.person, s.other.name]));
    const first = words[0]!;
    words[0] = first.charAt(0).toUpperCase() + first.slice(1);
    return words.join(' ') + '.';
  }

  private body(s: Story, facts: string[]): string {
    const n = this.minS + this.rng.int(this.maxS - this.minS + 1);
    const sentences = [...facts];
    while (sentences.length < n) sentences.splice(1 + this.rng.int(sentences.length), 0, this.proseSentence(s));
    // Paragraphs of three sentences, as feeds' HTML-to-text gives them.
    const paras: string[] = [];
    for (let i = 0; i < sentences.length; i += 3) paras.push(sentences.slice(i, i + 3).join(' '));
    return paras.join('\n');
  }

  private make(s: Story, i: number, published: string, kind: ArticleKind, title: string, text: string, copyOf: string | null): SyntheticArticle {
    const outlet = this.rng.pick(OUTLETS);
    const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
    const url = `https://${outlet.host}/${published.slice(0, 10).replace(/-/g, '/')}/${slug}-${i}`;
    const a: SyntheticArticle = {
      id: `a${i}`,
      feedId: null,
      source: outlet.name,
      guid: url,
      url,
      title,
      text,
      published,
      firstSeen: published,
      story: s.id,
      kind,
      copyOf,
    };
    s.articles.push(a);
    return a;
  }

  private firstReport(s: Story, i: number, published: string, kind: ArticleKind): SyntheticArticle {
    const title = this.fill(this.rng.pick(HEADLINES[s.event]), s);
    return this.make(s, i, published, kind, title, this.body(s, s.facts.slice(0, 3)), null);
  }

  private followUp(s: Story, i: number, published: string): SyntheticArticle {
    const rng = this.rng;
    const fresh = Array.from({ length: 2 + rng.int(2) }, () => this.fill(rng.pick(FACT_TEMPLATES), s));
    s.facts.push(...fresh);
    const context = [rng.pick(s.facts.slice(0, 4))];
    const title = this.fill(rng.pick(FOLLOW_UP_HEADLINES), s);
    return this.make(s, i, published, 'follow-up', title, this.body(s, [...context, ...fresh]), null);
  }

  /** Another outlet's copy: same text with a few words changed, a reworded headline. */
  private copy(s: Story, i: number, published: string): SyntheticArticle {
    const rng = this.rng;
    const originals = s.articles.filter((a) => a.kind !== 'copy');
    const original = originals.length ? rng.pick(originals) : s.articles[0]!;
    const words = original.text.split(' ');
    const edits = Math.max(1, Math.floor(words.length * 0.03));
    for (let e = 0; e < edits; e++) words[rng.int(words.length)] = rng.pick(WORDS);
    const title = rng.chance(0.5) ? original.title : `${original.title} - report`;
    return this.make(s, i, published, 'copy', title, words.join(' '), original.id);
  }
}
