/**
 * Quality gates for the story engine, measured the way `threadline eval` measures them:
 * the labeled fixture set the thresholds were tuned on, and a holdout set written
 * separately and never tuned on, so a change that only fits the first set shows up here.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { projectRoot } from '../../src/config/load-config.js';
import { bcubed, evaluate, formatEvalReport, type LabeledArticle } from '../../src/core/eval.js';
import { config, gazetteer } from './engine-setup.js';

function fixture(name: string): LabeledArticle[] {
  return readFileSync(join(projectRoot(), 'test/fixtures', name), 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as LabeledArticle);
}

const options = {
  topics: config.topics,
  entities: gazetteer,
  duplicateThreshold: config.story.duplicateThreshold,
  storylineThreshold: config.story.storylineThreshold,
  windowDays: config.story.windowDays,
};

describe.each([
  { name: 'labeled.jsonl', minArticles: 70, minStories: 12 },
  { name: 'holdout.jsonl', minArticles: 25, minStories: 6 },
])('story engine on test/fixtures/$name', ({ name, minArticles, minStories }) => {
  const articles = fixture(name);
  const report = evaluate(articles, options);

  it('is a fixture of the promised size, every article labeled', () => {
    expect(articles.length).toBeGreaterThanOrEqual(minArticles);
    expect(new Set(articles.map((a) => a.story)).size).toBeGreaterThanOrEqual(minStories);
    expect(articles.every((a) => typeof a.story === 'string' && a.story.length > 0)).toBe(true);
    const ids = new Set(articles.map((a) => a.id));
    expect(ids.size).toBe(articles.length);
    for (const a of articles) if (a.duplicateOf) expect(ids.has(a.duplicateOf)).toBe(true);
    expect(report.duplicates.gold).toBeGreaterThan(0);
  });

  it('groups storylines with B-cubed F1 >= 0.95', () => {
    expect(report.storylines.f1, formatEvalReport(report)).toBeGreaterThanOrEqual(0.95);
  });

  it('finds duplicates with precision 1.0 and recall >= 0.95', () => {
    expect(report.duplicates.precision, formatEvalReport(report)).toBe(1);
    expect(report.duplicates.recall, formatEvalReport(report)).toBeGreaterThanOrEqual(0.95);
  });
});

describe('bcubed', () => {
  it('scores a perfect clustering 1 and penalises merges and splits', () => {
    const gold = new Map([['a', 'x'], ['b', 'x'], ['c', 'y']]);
    expect(bcubed(new Map([['a', '1'], ['b', '1'], ['c', '2']]), gold)).toEqual({ precision: 1, recall: 1, f1: 1 });
    const merged = bcubed(new Map([['a', '1'], ['b', '1'], ['c', '1']]), gold);
    expect(merged.recall).toBe(1);
    expect(merged.precision).toBeCloseTo((2 / 3 + 2 / 3 + 1 / 3) / 3, 10);
    const split = bcubed(new Map([['a', '1'], ['b', '2'], ['c', '3']]), gold);
    expect(split.precision).toBe(1);
    expect(split.recall).toBeCloseTo((1 / 2 + 1 / 2 + 1) / 3, 10);
  });
});

describe('evaluate', () => {
  it('counts a missed copy against recall and a wrong copy against precision', () => {
    const text = 'Northwind Robotics has raised $40 million to build warehouse robots that pick groceries, the company said on Monday. The round was led by Harbor Lane Capital. Northwind will use the money to hire engineers in Ohio and to open a second factory next year, chief executive Ada Reyes said in an interview.';
    const other = 'Glacier Health said on Tuesday it has started a trial of an AI triage nurse in three Danish hospitals. Patients describe symptoms to a chatbot that recommends a level of care; nurses review every case. The company expects results in the spring and hopes to expand to Sweden if the trial succeeds.';
    const articles: LabeledArticle[] = [
      { id: 'a', title: 'Northwind Robotics raises $40 million', url: 'https://one.example/a', source: 'One', published: '2025-05-01T10:00:00Z', text, story: 'northwind' },
      { id: 'b', title: 'Northwind lands $40M for grocery robots', url: 'https://two.example/b', source: 'Two', published: '2025-05-01T12:00:00Z', text, story: 'northwind', duplicateOf: 'a' },
      { id: 'c', title: 'Glacier Health trials an AI triage nurse', url: 'https://three.example/c', source: 'Three', published: '2025-05-02T09:00:00Z', text: other, story: 'glacier' },
    ];
    const report = evaluate(articles, options);
    expect(report.duplicates).toMatchObject({ gold: 1, predicted: 1, correct: 1, precision: 1, recall: 1 });
    expect(report.storylines).toMatchObject({ gold: 2, predicted: 2, f1: 1 });

    // The same copy labeled as an original: the engine's (correct) fold now counts as a false duplicate.
    const relabeled = evaluate(articles.map((a) => (a.id === 'b' ? { ...a, duplicateOf: null, story: 'other' } : a)), options);
    expect(relabeled.duplicates.precision).toBe(0);
    expect(relabeled.mistakes.some((m) => m.startsWith('false duplicate: b'))).toBe(true);
  });
});

describe('threadline eval', () => {
  it('prints B-cubed and duplicate figures and the speed for a labeled file', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const env = { DATABASE_URL: ':memory:', LOG_LEVEL: 'silent' };
    const code = await main(['eval', join(projectRoot(), 'test/fixtures/holdout.jsonl')], env, (l) => out.push(l), (l) => err.push(l));
    expect(err).toEqual([]);
    expect(code).toBe(0);
    const text = out.join('\n');
    expect(text).toContain(`articles: ${fixture('holdout.jsonl').length}`);
    expect(text).toMatch(/storylines \(B-cubed\): precision \d\.\d{3} {2}recall \d\.\d{3} {2}F1 \d\.\d{3} {2}\(gold \d+, predicted \d+\)/);
    expect(text).toMatch(/duplicates: precision \d\.\d{3} {2}recall \d\.\d{3}/);
    expect(text).toMatch(/speed: \d+ articles in [\d.]+ s \(\d+ articles\/s\)/);
  });

  it('refuses a file whose articles carry no story label', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-eval-'));
    const file = join(dir, 'unlabeled.jsonl');
    writeFileSync(file, JSON.stringify({ id: 'x', title: 'A headline', url: 'https://a.example/x', source: 'A', published: '2025-01-01T00:00:00Z' }) + '\n');
    const err: string[] = [];
    const code = await main(['eval', file], { DATABASE_URL: ':memory:', LOG_LEVEL: 'silent' }, () => {}, (l) => err.push(l));
    expect(code).toBe(2);
    expect(err.join('\n')).toContain('have no "story" label');
  });
});
