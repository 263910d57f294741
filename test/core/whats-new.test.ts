import { describe, expect, it } from 'vitest';
import { splitRegions } from '../../src/core/regions.js';
import { whatsNew } from '../../src/core/summary.js';
import { newEngine, place } from './engine-setup.js';
import { closedLean, hybridPlan } from './stories.js';

const sentences = (a: { title: string; text: string }) => splitRegions(a.title, a.text).sentences;
const REPEATED = 'Behemoth was delayed earlier this year after internal tests showed weaker results than engineers had hoped.';

describe("what's new in a follow-up", () => {
  it('keeps the sentences earlier articles did not cover: the proprietary top models and Wang leading the plan', () => {
    const fresh = whatsNew(sentences(hybridPlan), [sentences(closedLean)]);
    expect(fresh.length).toBeGreaterThanOrEqual(2);
    expect(fresh.length).toBeLessThanOrEqual(4);
    expect(fresh.some((s) => /most powerful systems will stay proprietary/.test(s))).toBe(true);
    expect(fresh.some((s) => /\bWang\b/.test(s))).toBe(true);
  });

  it('drops a sentence an earlier article already said', () => {
    expect(sentences(hybridPlan)).toContain(REPEATED);
    expect(whatsNew(sentences(hybridPlan), [sentences(closedLean)])).not.toContain(REPEATED);
  });

  it('returns sentences of the new article only, in its own order', () => {
    const own = sentences(hybridPlan);
    const fresh = whatsNew(own, [sentences(closedLean)]);
    const positions = fresh.map((s) => own.indexOf(s));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('is empty when the follow-up repeats what was said, and respects max', () => {
    expect(whatsNew(sentences(closedLean), [sentences(closedLean)])).toEqual([]);
    expect(whatsNew(sentences(hybridPlan), [], { max: 1 })).toHaveLength(1);
  });

  it('the engine fills whatsNew for a follow-up from the storyline\'s earlier articles', () => {
    // The join itself is the engine's call (see storyline-placement.test.ts); a low join
    // threshold makes this test about "what's new" only.
    const engine = newEngine({ storylineThreshold: 0.05 });
    const first = place(engine, closedLean);
    expect(first.article.whatsNew).toEqual([]);
    const follow = engine.analyse(hybridPlan);
    expect(follow.placement.kind).toBe('follow-up');
    expect(follow.article.whatsNew).not.toContain(REPEATED);
    expect(follow.article.whatsNew.some((s) => /proprietary/.test(s))).toBe(true);
    expect(follow.article.whatsNew.some((s) => /Wang/.test(s))).toBe(true);
  });
});

// The postings index Coverage used before it read earlier sentences in one pass: the answers must not change.
function referenceCovered(earlier: number[][], keys: number[]): number {
  if (keys.length === 0) return 1;
  const postings = new Map<number, number[]>();
  earlier.filter((e) => e.length > 0).forEach((e, id) => {
    for (const k of e) {
      const list = postings.get(k);
      if (!list) postings.set(k, [id]);
      else if (list[list.length - 1] !== id) list.push(id);
    }
  });
  const overlap = new Map<number, number>();
  let best = 0;
  for (const k of keys) for (const id of postings.get(k) ?? []) best = Math.max(best, overlap.set(id, (overlap.get(id) ?? 0) + 1).get(id)!);
  return best / keys.length;
}

describe('Coverage', () => {
  it('reads a batch of sentences as the postings index answered each', async () => {
    const { AskedKeys, Coverage } = await import('../../src/core/summary.js');
    /** Asks about the sentences' keys: per sentence its coverage, and whether some earlier sentence used a key. */
    const read = (coverage: InstanceType<typeof Coverage>, sentences: number[][]): { covered: (q: number) => number; used: (k: number) => boolean } => {
      const asked = new AskedKeys();
      asked.ask(sentences);
      coverage.answer(asked);
      return { covered: (q) => asked.covered(q), used: (k) => asked.used[asked.find(k)] === 1 };
    };
    let seed = 11;
    const next = (n: number): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) % n;
    const keys = (): number[] => Array.from({ length: next(8) }, () => next(20));
    for (let round = 0; round < 200; round++) {
      // Every tenth round has enough earlier sentences to outgrow the first key array.
      const earlier = Array.from({ length: round % 10 === 9 ? 200 + next(200) : next(12) }, keys);
      const coverage = new Coverage();
      if (round % 2 === 0) for (const e of earlier) coverage.addKeys(e);
      else {
        // As the engine gives them: ranges of one packed array.
        const packed = Uint32Array.from(earlier.flat());
        let from = 0;
        for (const e of earlier) coverage.addKeys(packed, from, (from += e.length));
      }
      const asked = Array.from({ length: next(6) }, keys);
      const reading = read(coverage, asked);
      asked.forEach((a, q) => expect(reading.covered(q)).toBe(referenceCovered(earlier, a)));
      for (let k = 0; k < 20; k++) expect(read(coverage, [[k]]).used(k)).toBe(earlier.some((e) => e.includes(k)));
      for (const a of asked) for (const k of a) expect(reading.used(k)).toBe(earlier.some((e) => e.includes(k)));
    }
  });
});

describe('AskedKeys', () => {
  it('answers a new question in reused arrays as a fresh instance does', async () => {
    const { AskedKeys, Coverage } = await import('../../src/core/summary.js');
    const coverage = new Coverage();
    for (const e of [[1, 2, 3], [3, 4, 5, 6], [7, 8], [2, 9, 10, 11]]) coverage.addKeys(e);
    const reused = new AskedKeys();
    // A large question first, so the arrays are bigger than the next one needs.
    const questions = [Array.from({ length: 40 }, (_, i) => [i, i + 1, i + 2]), [[1, 2, 3], [4, 5, 99]], [[9, 10, 11, 12]]];
    for (const question of questions) {
      const fresh = new AskedKeys();
      for (const asked of [fresh, reused]) {
        asked.ask(question);
        coverage.answer(asked);
      }
      question.forEach((_, q) => expect(reused.covered(q)).toBe(fresh.covered(q)));
      for (const keys of question) for (const k of keys) expect(reused.used[reused.find(k)]).toBe(fresh.used[fresh.find(k)]);
    }
  });
});

describe("what's new term weights", () => {
  it('are the same counted from the sentences\' keys as from the term frequencies', async () => {
    const { ArticleStream } = await import('../../bench/generate-articles.js');
    const { articleFeatures } = await import('../../src/core/article-features.js');
    const { Coverage, whatsNewFromCoverage } = await import('../../src/core/summary.js');
    const { EntityMatcher } = await import('../../src/core/entities.js');
    const { TopicTagger } = await import('../../src/core/topics.js');
    const m = { entities: new EntityMatcher([]), topics: new TopicTagger([]) };
    const stream = new ArticleStream({ seed: 5, perDay: 200 });
    const read = Array.from({ length: 120 }, () => {
      const a = stream.next();
      return articleFeatures(a.title, a.text, m);
    });
    let compared = 0;
    for (let i = 1; i < read.length; i++) {
      const f = read[i]!;
      const coverage = new Coverage();
      for (const k of read[i - 1]!.sentenceKeys) coverage.addKeys(k);
      const byKeys = whatsNewFromCoverage(f.regions.sentences, coverage, { sentenceKeys: f.sentenceKeys, termFrequencies: f.termFrequencies });
      const byTerms = whatsNewFromCoverage(f.regions.sentences, coverage, { termFrequencies: f.termFrequencies });
      expect(byKeys).toEqual(byTerms);
      compared += byKeys.length;
    }
    expect(compared).toBeGreaterThan(100);
  });
});

describe("what's new: emphasis phrases", () => {
  const plain = 'The company said the new model was trained on public data over six months.';
  const phrased = 'The company said the new model ships with OPEN Weights under a custom license.';
  const accented = 'The company said the new modèle ships with open weights under a custom license.';

  it('prefers a sentence holding an emphasis phrase, in any case, ASCII or not', () => {
    for (const other of [phrased, accented]) {
      expect(whatsNew([plain, other], [], { max: 1 })).toEqual([plain]);
      expect(whatsNew([plain, other], [], { max: 1, emphasis: ['open weights'] })).toEqual([other]);
    }
  });

  it('needs the whole phrase as words, not its first word or a part of a word', () => {
    const opening = 'The company said the new model ships with open data under a custom license.';
    const inside = 'The company said the new model ships with reopen weights under a custom license.';
    for (const other of [opening, inside]) expect(whatsNew([plain, other], [], { max: 1, emphasis: ['open weights'] })).toEqual([plain]);
  });
});
