import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readArticles } from '../src/cli/read-articles.js';
import { loadConfig, loadGazetteer, resolveConfigPath } from '../src/config/load-config.js';
import { bcubed, evaluate, goldRootOf, replayOrder, type EvalReport, type LabeledArticle } from '../src/core/eval.js';
import type { StoryEngineOptions } from '../src/core/engine.js';
import { bestMatch, shingles } from './lib/all-pairs.js';
import { runIfMain, type BenchOptions } from './lib/child.js';
import { timeLoop } from './lib/measure.js';
import { notAvailable, type Row } from './lib/result.js';

/**
 * Replay of the labeled fixture sets (test/fixtures/labeled.jsonl, the one the thresholds
 * were tuned on, and holdout.jsonl, which they were not) through a fresh StoryEngine with
 * src/core/eval.ts: speed and quality side by side. The sets are small, so the replay is
 * repeated for a stable time; every repetition starts from an empty engine.
 * Baseline, same articles: no storylines (each article its own) and duplicates by
 * all-pairs exact Jaccard of word 5-shingles at the configured duplicate threshold.
 */

const BENCH = 'Replay';

const fixture = (name: string): string => fileURLToPath(new URL(`../../test/fixtures/${name}`, import.meta.url));

/** The naive editor: every article a storyline of its own, a copy when Jaccard >= threshold with an earlier one. */
function naive(articles: readonly LabeledArticle[], threshold: number): { f1: number; precision: number; recall: number; dupPrecision: number; dupRecall: number } {
  const byId = new Map(articles.map((a) => [a.id, a]));
  const root = goldRootOf(articles);
  // The same order the engine is replayed in, so both see the same "earlier" articles.
  const ordered = replayOrder(articles);
  const sets: Set<number>[] = [];
  const predicted = new Map<string, string>();
  const gold = new Map<string, string>();
  const seen = new Set<string>();
  let goldDups = 0;
  let predictedDups = 0;
  let correct = 0;
  for (const a of ordered) {
    const s = shingles(`${a.title}\n${a.text ?? ''}`);
    const m = bestMatch(s, sets);
    const r = root(a.id);
    if (seen.has(r)) goldDups++;
    seen.add(r);
    const match = m.similarity >= threshold ? ordered[m.index]! : null;
    predicted.set(a.id, match ? (predicted.get(match.id) ?? match.id) : a.id);
    gold.set(a.id, byId.get(r)?.story ?? a.story ?? a.id);
    if (match) {
      predictedDups++;
      if (root(match.id) === r) correct++;
    }
    sets.push(s);
  }
  const b = bcubed(predicted, gold);
  return { ...b, dupPrecision: predictedDups ? correct / predictedDups : 1, dupRecall: goldDups ? correct / goldDups : 1 };
}

async function replayRows(name: string, opts: StoryEngineOptions, quick: boolean): Promise<{ rows: Row[]; data: Record<string, unknown> }> {
  const path = fixture(name);
  const label = `test/fixtures/${name}`;
  if (!existsSync(path)) {
    return {
      rows: [notAvailable(BENCH, `${label}: articles/s`, 'skipped: fixture missing'), notAvailable(BENCH, `${label}: storyline B-cubed F1`, 'skipped: fixture missing')],
      data: { [name]: 'skipped: fixture missing' },
    };
  }
  const articles = (await readArticles([path])) as unknown as LabeledArticle[];
  let report: EvalReport | null = null;
  const t = await timeLoop(() => (report = evaluate(articles, opts)), quick ? 1000 : 3000, 2);
  const r = report!;
  const base = naive(articles, opts.duplicateThreshold);
  const perSecond = (articles.length / t.msPerCall) * 1000;
  const s = r.storylines;
  const d = r.duplicates;
  const f = (x: number): string => x.toFixed(3);
  return {
    rows: [
      {
        bench: BENCH,
        measure: `${label} (${articles.length} articles): speed`,
        ours: { value: perSecond, unit: 'articles/s', extra: `${t.msPerCall.toFixed(1)} ms per replay, ${t.calls} replays` },
        baseline: null,
        ratio: null,
        target: null,
      },
      {
        bench: BENCH,
        measure: `${label}: storylines, B-cubed`,
        ours: { value: s.f1, unit: 'F1', extra: `P ${f(s.precision)}, R ${f(s.recall)}; ${s.predicted} predicted for ${s.gold} gold` },
        baseline: { what: 'each article its own', value: base.f1, unit: 'F1', extra: `P ${f(base.precision)}, R ${f(base.recall)}` },
        ratio: { value: s.f1 / base.f1, meaning: 'F1, ours/baseline' },
        target: null,
      },
      {
        bench: BENCH,
        measure: `${label}: duplicates`,
        ours: { value: d.precision, unit: 'precision', extra: `recall ${f(d.recall)}; ${d.correct} of ${d.predicted} predicted correct, ${d.gold} gold` },
        baseline: { what: `all-pairs Jaccard >= ${opts.duplicateThreshold}`, value: base.dupPrecision, unit: 'precision', extra: `recall ${f(base.dupRecall)}` },
        ratio: null,
        target: null,
      },
    ],
    data: { [name]: { articles: articles.length, msPerReplay: t.msPerCall, replays: t.calls, articlesPerSecond: perSecond, storylines: s, duplicates: d, naive: base, mistakes: r.mistakes.length } },
  };
}

export async function run({ quick }: BenchOptions) {
  const config = loadConfig(resolveConfigPath(undefined, {}));
  const opts: StoryEngineOptions = {
    topics: config.topics,
    entities: loadGazetteer(config),
    duplicateThreshold: config.story.duplicateThreshold,
    storylineThreshold: config.story.storylineThreshold,
    windowDays: config.story.windowDays,
  };
  const rows: Row[] = [];
  const data: Record<string, unknown> = {};
  for (const name of ['labeled.jsonl', 'holdout.jsonl']) {
    // The holdout set is optional; only the tuning set's absence is worth a row.
    if (name === 'holdout.jsonl' && !existsSync(fixture(name))) continue;
    const r = await replayRows(name, opts, quick);
    rows.push(...r.rows);
    Object.assign(data, r.data);
  }
  return {
    rows,
    data,
    notes: [
      `${BENCH}: src/core/eval.ts evaluate() on a fresh engine per replay, time includes every analysis step; the thresholds were tuned on labeled.jsonl, holdout.jsonl was not used for tuning. Baseline quality: no storyline grouping, copies by exact all-pairs Jaccard.`,
    ],
  };
}

runIfMain(import.meta.url, 'replay', run);
