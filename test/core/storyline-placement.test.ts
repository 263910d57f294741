/**
 * Storyline joins and splits: the spec for where the engine puts an article that is not a
 * copy. Kept apart from the other core tests because the engine's thresholds are tuned
 * elsewhere (test/fixtures/labeled.jsonl); a failure here is a placement decision to review.
 */
import { describe, expect, it } from 'vitest';
import { newEngine, place } from './engine-setup.js';
import {
  closedLean,
  hybridPlan,
  lumenfoldFunding,
  metaNuclear,
  openPortions,
  openPortionsWithRoundup,
  terravistaFollowUp,
  terravistaFunding,
} from './stories.js';

describe('storyline joins', () => {
  it('a development of the same story five weeks later, in other words, joins its storyline', () => {
    const engine = newEngine();
    const first = place(engine, closedLean);
    const follow = engine.analyse(hybridPlan);
    expect(follow.placement.kind).toBe('follow-up');
    expect(follow.placement.storylineId).toBe(first.placement.storylineId);
    expect(follow.storyline.articleCount).toBe(2);
    expect(follow.storyline.startedAt).toBe(closedLean.published);
    expect(follow.storyline.updatedAt).toBe(hybridPlan.published);
  });

  it('the three Meta open/closed reports and the roundup copy are one storyline', () => {
    const engine = newEngine();
    const ids = [closedLean, hybridPlan, openPortions, openPortionsWithRoundup].map((x) => place(engine, x).placement.storylineId);
    expect(new Set(ids).size).toBe(1);
  });

  it('eight weeks later, without the report in between, open-sourcing parts still continues the Behemoth story', () => {
    const engine = newEngine();
    const first = place(engine, closedLean);
    const later = engine.analyse(openPortions);
    expect(later.placement.kind).toBe('follow-up');
    expect(later.placement.storylineId).toBe(first.placement.storylineId);
  });

  it('a funding round extended ten days later joins the round\'s storyline', () => {
    const engine = newEngine();
    const funding = place(engine, terravistaFunding);
    const deal = engine.analyse(terravistaFollowUp);
    expect(deal.placement).toMatchObject({ kind: 'follow-up', storylineId: funding.placement.storylineId });
  });
});

describe('storyline splits', () => {
  it('a different Meta story in the same week starts its own storyline', () => {
    const engine = newEngine();
    const plan = place(engine, hybridPlan);
    const nuclear = engine.analyse(metaNuclear);
    expect(nuclear.placement.kind).toBe('story');
    expect(nuclear.placement.storylineId).not.toBe(plan.placement.storylineId);
  });

  it('a different Meta story stays apart from a grown Meta storyline too', () => {
    const engine = newEngine();
    const ids = [closedLean, hybridPlan, openPortions].map((x) => place(engine, x).placement.storylineId);
    const nuclear = engine.analyse({ ...metaNuclear, published: '2025-09-11T15:00:00.000Z' });
    expect(nuclear.placement.kind).toBe('story');
    expect(ids).not.toContain(nuclear.placement.storylineId);
  });

  it('two funding rounds of different companies in the same week are two storylines', () => {
    const engine = newEngine();
    const terravista = place(engine, terravistaFunding);
    const lumenfold = engine.analyse(lumenfoldFunding);
    expect(lumenfold.placement.kind).toBe('story');
    expect(lumenfold.placement.storylineId).not.toBe(terravista.placement.storylineId);
  });

  it('a roundup that mentions a funding round does not join that round\'s storyline', () => {
    const engine = newEngine();
    const terravista = place(engine, terravistaFunding);
    const roundup = engine.analyse(openPortionsWithRoundup);
    expect(roundup.placement.storylineId).not.toBe(terravista.placement.storylineId);
    expect(roundup.placement.kind).toBe('story');
  });

  it('after a roundup, the stories it mentioned keep their own storyline, away from Meta\'s', () => {
    const engine = newEngine();
    const funding = place(engine, terravistaFunding);
    const meta = place(engine, openPortionsWithRoundup);
    const deal = place(engine, terravistaFollowUp);
    expect(deal.placement.storylineId).not.toBe(meta.placement.storylineId);
    expect(deal.placement.storylineId).toBe(funding.placement.storylineId);
  });
});
