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
