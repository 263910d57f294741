/**
 * Topic tagging and angle detection from the config's topics. A mention in the headline or
 * lead tags an article; the body alone must mention a topic repeatedly, so a roundup's
 * passing mention of OpenAI does not put it in the OpenAI channel.
 */
import type { TopicConfig } from '../config/schema.js';
import { PhraseMatcher, casedTokens, type CasedTokens } from './phrase-matcher.js';

/** Region weights: headline, lead, body. */
const TITLE_WEIGHT = 3;
const LEAD_WEIGHT = 2;
const TAG_SCORE = 2;
/** Body keyword hits within this many tokens of a counted one belong to the same mention. */
const MENTION_SPAN = 20;

export interface RegionTokens {
  title: CasedTokens;
  lead: CasedTokens;
  body: CasedTokens;
}

/** Entity names found per region, as computed by the EntityMatcher. */
export interface RegionEntities {
  title: ReadonlyMap<string, number>;
  lead: ReadonlyMap<string, number>;
  body: ReadonlyMap<string, number>;
}

/** Context words that turn "open-source" into a statement about leaving it ("moving away from open source"). */
const REVERSAL_BEFORE = new Set([
  'away', 'retreat', 'retreats', 'retreating', 'abandon', 'abandons', 'abandoning', 'abandoned', 'ditch',
  'ditches', 'ditching', 'drop', 'drops', 'dropping', 'end', 'ends', 'ending', 'halt', 'halts', 'halting',
  'quit', 'quits', 'against', 'departure', 'departing', 'depart', 'beyond', 'longer', 'abandonment', 'scrap',
  'scraps', 'scrapping', 'shelve', 'shelves', 'shelving', 'backtrack', 'backtracks', 'backtracking',
]);
const REVERSAL_AFTER = new Set(['end', 'ends', 'ending', 'over', 'stumbling', 'retreat', 'fades', 'wanes']);
/** Words announcing a move towards the phrase ("pivoting towards a more guarded, closed-source approach"). */
const DIRECTION_BEFORE = new Set([
  'toward', 'towards', 'embrace', 'embraces', 'embracing', 'prioritize', 'prioritizes', 'prioritizing',
  'prioritise', 'prioritises', 'prioritising', 'favor', 'favors', 'favoring', 'favour', 'favours', 'favouring',
  'keep', 'keeps', 'keeping', 'release', 'releases', 'releasing', 'adopt', 'adopts', 'adopting', 'doubles',
]);
const CONTEXT = 4;

/** Words this short are never folded. */
const UNFOLDED_LENGTH = 4;

/**
 * Light inflection folding for angle phrases, so "open-source" also finds "open-sourcing",
 * "open-sourced" and "open-sources" (the way outlets write it), and "open weights" finds
 * "open weight". Crude on purpose: both the phrases and the text go through it.
 */
function foldWord(word: string): string {
  let folded = foldedWords.get(word);
  if (folded === undefined) {
    folded = word.length <= UNFOLDED_LENGTH || /\d/.test(word) ? word : foldOnce(word);
    if (foldedWords.size >= FOLD_MEMO_LIMIT) foldedWords.clear();
    foldedWords.set(word, folded);
  }
  return folded;
}

function foldOnce(word: string): string {
  const base = word.replace(/(?:ing|ed|es|s)$/, '');
  return (base.length >= 3 ? base : word).replace(/e$/, '');
}

/** Word -> foldWord(word): the words of every article recur, and folding takes two regex replaces. */
const foldedWords = new Map<string, string>();
const FOLD_MEMO_LIMIT = 50_000;

function foldInflections(phrase: string): string {
  return casedTokens(phrase).lower.map(foldWord).join(' ');
}

/**
 * The opening two characters of the (folded) words of angle phrases. A word's fold is a
 * prefix of it, at least two characters long when the word is longer than UNFOLDED_LENGTH:
 * a word whose opening pair no phrase word has can be neither a phrase word nor fold to
 * one, so it need not be folded, which saves most of the memo lookups folding costs.
 */
class PhrasePairs {
  /** 1 at `c0 * 128 + c1` for an ASCII opening pair. */
  private readonly ascii = new Uint8Array(128 * 128);

  /** `folded`: a phrase as the angle matchers hold it. */
  addPhrase(folded: string): void {
    for (const w of casedTokens(folded).lower) if (w.length >= 2 && w.charCodeAt(0) < 128 && w.charCodeAt(1) < 128) this.ascii[w.charCodeAt(0) * 128 + w.charCodeAt(1)] = 1;
  }

  /** False only when no phrase word opens with the word's first two characters (both ASCII). */
  mayFoldToPhraseWord(word: string): boolean {
    const c0 = word.charCodeAt(0);
    const c1 = word.charCodeAt(1);
    return c0 >= 128 || c1 >= 128 || this.ascii[c0 * 128 + c1] === 1;
  }
}

/**
 * The words as the angle matchers read them: folded where that can matter, as they are
 * where neither the word nor its fold is a phrase word (the matches are the same).
 */
function foldForPhrases(words: readonly string[], pairs: PhrasePairs): string[] {
  const out = new Array<string>(words.length);
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    out[i] = w.length <= UNFOLDED_LENGTH || !pairs.mayFoldToPhraseWord(w) ? w : foldWord(w);
  }
  return out;
}

interface AngleTopic {
  id: string;
  names: string[];
  matcher: PhraseMatcher;
}

export class TopicTagger {
  private readonly keywords = new PhraseMatcher();
  private readonly entityTopics = new Map<string, number[]>();
  private readonly angleTopics = new Map<string, AngleTopic>();
  private readonly anglePairs = new PhrasePairs();
  /** Scratch for `tag`, one entry per topic, reused from one article to the next. */
  private readonly regionHits: Record<Region, Float64Array>;
  private readonly entityHits: Float64Array;
  private readonly keywordScratch: Float64Array;
  private readonly lastMention: Float64Array;

  constructor(private readonly topics: readonly TopicConfig[]) {
    const n = topics.length;
    this.regionHits = { title: new Float64Array(n), lead: new Float64Array(n), body: new Float64Array(n) };
    this.entityHits = new Float64Array(n);
    this.keywordScratch = new Float64Array(n);
    this.lastMention = new Float64Array(n);
    topics.forEach((t, i) => {
      // A keyword that names one of the topic's entities ("meta" for Meta) is matched as the
      // entity is written, so "meta-analysis" or "a behemoth of a chip" does not tag the topic.
      const entityCase = new Map((t.entities ?? []).map((e) => [e.toLowerCase(), e]));
      for (const k of t.keywords) {
        const cased = entityCase.get(k.toLowerCase());
        this.keywords.add(i, cased ?? k, cased !== undefined);
      }
      for (const e of t.entities ?? []) {
        const list = this.entityTopics.get(e) ?? [];
        list.push(i);
        this.entityTopics.set(e, list);
      }
      if (t.angles) {
        const names = Object.keys(t.angles).sort();
        const matcher = new PhraseMatcher();
        names.forEach((name, a) => {
          for (const phrase of t.angles![name]!) {
            const folded = foldInflections(phrase);
            matcher.add(a, folded, false);
            this.anglePairs.addPhrase(folded);
          }
        });
        if (names.length >= 2) this.angleTopics.set(t.id, { id: t.id, names, matcher });
      }
    });
  }

  /** Topic ids in config order. */
  tag(tokens: RegionTokens, entities: RegionEntities): string[] {
    const n = this.topics.length;
    const hits = this.regionHits;
    const en = this.entityHits;
    for (const region of REGIONS) {
      const kw = region === 'body' ? this.bodyMentions(tokens.body) : this.keywordHits(tokens[region]);
      en.fill(0);
      for (const [name, count] of entities[region]) {
        const topics = this.entityTopics.get(name);
        if (topics) for (const i of topics) en[i]! += count;
      }
      // A keyword and an entity often name the same mention ("meta" / Meta): count it once.
      for (let i = 0; i < n; i++) hits[region][i] = Math.max(kw[i]!, en[i]!);
    }
    const out: string[] = [];
    for (let i = 0; i < n; i++) {
      const score = TITLE_WEIGHT * Math.min(1, hits.title[i]!) + LEAD_WEIGHT * Math.min(1, hits.lead[i]!) + Math.floor(hits.body[i]! / 2);
      if (score >= TAG_SCORE) out.push(this.topics[i]!.id);
    }
    return out;
  }

  /** Keyword hits per topic, in scratch valid until the next call. */
  private keywordHits(tokens: CasedTokens): Float64Array {
    const kw = this.keywordScratch.fill(0);
    for (const m of this.keywords.match(tokens)) for (const i of m.ids) kw[i]!++;
    return kw;
  }

  /**
   * Body keyword mentions, with keywords close together counted once: a roundup line
   * ("X raised $125M in a Series B ... X raises $125M Series B") is one passing mention,
   * not the repeated mentions that show the article is about the topic. In scratch valid
   * until the next call.
   */
  private bodyMentions(tokens: CasedTokens): Float64Array {
    const kw = this.keywordScratch.fill(0);
    const last = this.lastMention.fill(-Infinity);
    for (const m of this.keywords.match(tokens)) {
      for (const i of m.ids) {
        if (m.start - last[i]! < MENTION_SPAN) continue;
        last[i] = m.start;
        kw[i]!++;
      }
    }
    return kw;
  }

  /**
   * The angle each (tagged) topic's text leans to. Phrases weigh more in the headline and
   * lead; a phrase in a reversal context ("retreat from open source") counts for the other
   * side of a two-sided topic; a clear majority is needed, a tie means no angle.
   */
  angles(tokens: RegionTokens, topicIds: readonly string[]): Record<string, string> {
    const out: Record<string, string> = {};
    // Each region's words folded once, and scored once per topic: the three readings below share them.
    const folded: Partial<Record<Region, string[]>> = {};
    const scores = (topic: AngleTopic, region: Region): Float64Array =>
      this.angleScores(topic, tokens[region].lower, (folded[region] ??= foldForPhrases(tokens[region].lower, this.anglePairs)), REGION_WEIGHTS[region]);
    for (const id of topicIds) {
      const topic = this.angleTopics.get(id);
      if (!topic) continue;
      // The news is in the headline, then the lead; the body often recaps the past ("Meta
      // has long championed open source") and decides only when the top of the article is
      // silent or split. Scores are sums of small integers, so adding per region is exact.
      const title = scores(topic, 'title');
      let winner = clearWinner(title);
      if (winner === null) {
        const top = plus(title, scores(topic, 'lead'));
        winner = clearWinner(top) ?? clearWinner(plus(top, scores(topic, 'body')));
      }
      if (winner !== null) out[id] = topic.names[winner]!;
    }
    return out;
  }

  /** One region's angle scores: `words` as written (lower-cased), `folded` through foldWord. */
  private angleScores(topic: AngleTopic, words: readonly string[], folded: string[], weight: number): Float64Array {
    const scores = new Float64Array(topic.names.length);
    for (const m of topic.matcher.match({ tokens: folded, lower: folded })) {
      const before = words.slice(Math.max(0, m.start - CONTEXT), m.start);
      const after = words.slice(m.end, m.end + 2);
      const reversed = before.some((w) => REVERSAL_BEFORE.has(w)) || after.some((w) => REVERSAL_AFTER.has(w));
      const directed = !reversed && before.some((w) => DIRECTION_BEFORE.has(w));
      const w = weight * (directed ? 2 : 1);
      for (const a of m.ids) {
        if (!reversed) scores[a]! += w;
        else if (topic.names.length === 2) scores[1 - a]! += w;
      }
    }
    return scores;
  }
}

type Region = 'title' | 'lead' | 'body';
const REGIONS: readonly Region[] = ['title', 'lead', 'body'];
const REGION_WEIGHTS: Record<Region, number> = { title: TITLE_WEIGHT, lead: LEAD_WEIGHT, body: 1 };

function plus(a: Float64Array, b: Float64Array): Float64Array {
  return a.map((x, i) => x + b[i]!);
}

/** The index of the angle with a clear majority (a tie or a narrow lead means none). */
function clearWinner(scores: Float64Array): number | null {
  const order = [...scores.keys()].sort((x, y) => scores[y]! - scores[x]! || x - y);
  const top = scores[order[0]!]!;
  const second = scores[order[1]!] ?? 0;
  return top >= 2 && top >= second * 1.25 && top - second >= 2 ? order[0]! : null;
}


export { casedTokens };
