import { loadConfig, resolveConfigPath } from '../src/config/load-config.js';
import { bcubed } from '../src/core/eval.js';
import { ArticleStream, type SyntheticArticle } from './generate-articles.js';
import { bestMatch, shingles } from './lib/all-pairs.js';
import { runIfMain, type BenchOptions } from './lib/child.js';
import { gc, now, percentile } from './lib/measure.js';
import { optional } from './lib/optional.js';
import { notAvailable, type Row } from './lib/result.js';

/**
 * Story pipeline: the real StoryEngine (analyse = normalise, dedupe, storyline, tag,
 * summarise; remember = index it) fed a synthetic stream in date order. The store is
 * filled through the same analyse+remember to 1k, 10k and 100k articles, and at each
 * level the next articles are timed one by one. 1,000 articles a day, so every stored
 * article is inside the engine's time window (the hard case: nothing ages out).
 * Baseline: all-pairs exact Jaccard of word 5-shingles against everything stored.
 */

const BENCH = 'Story pipeline';

interface Level {
  /** The level aimed at; `stored` is what the fill reached within the budget. */
  target: number;
  stored: number;
  measured: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  perSecond: number;
  fillMs: number;
}

export async function run({ quick, budgetMs }: BenchOptions) {
  const rows: Row[] = [];
  const notes: string[] = [];
  const levels = quick ? [1_000, 10_000, 30_000] : [1_000, 10_000, 100_000];
  const top = levels.at(-1)!;
  const sample = quick ? 500 : 1_000;
  const factory = await optional(() => import('../src/app/engine-factory.js'));
  if (!factory.mod) {
    for (const n of levels) rows.push(notAvailable(BENCH, `per article with ${n.toLocaleString('en-US')} stored`, factory.why));
    rows.push(notAvailable(BENCH, `articles/s at ${top.toLocaleString('en-US')} stored (one core)`, factory.why, '>= 2,000/s'));
    return { rows, notes };
  }

  const config = loadConfig(resolveConfigPath(undefined, {}));
  const engine = factory.mod.createEngine(config);
  const stream = new ArticleStream({ seed: 42, perDay: 1000 });
  const keep: SyntheticArticle[] = []; // first 10k, for the baseline
  const placements = new Map<string, { kind: string; storylineId: string; duplicateOf: string | null }>();
  // Only what the sanity check reads: keeping the articles' text would put 100k texts in the heap being measured.
  const truth = new Map<string, Pick<SyntheticArticle, 'kind' | 'story'>>();
  let stored = 0;

  const step = (a: SyntheticArticle): void => {
    const analysis = engine.analyse(a);
    engine.remember(analysis);
    stored++;
    placements.set(a.id, { kind: analysis.placement.kind, storylineId: analysis.placement.storylineId, duplicateOf: analysis.placement.duplicateOf });
  };

  const results: Level[] = [];
  const deadline = now() + budgetMs;
  for (const level of levels) {
    if (now() >= deadline) break;
    const t0 = now();
    while (stored < level && now() < deadline) {
      const a = stream.next();
      if (keep.length < 10_000) keep.push(a);
      truth.set(a.id, { kind: a.kind, story: a.story });
      step(a);
    }
    const fillMs = now() - t0;
    const before = stored;
    gc();
    const batch = stream.take(sample);
    const times: number[] = [];
    for (const a of batch) {
      truth.set(a.id, { kind: a.kind, story: a.story });
      const s = now();
      step(a);
      times.push(now() - s);
    }
    const meanMs = times.reduce((x, y) => x + y, 0) / times.length;
    times.sort((x, y) => x - y);
    results.push({ target: level, stored: before, measured: sample, meanMs, p50Ms: percentile(times, 50), p99Ms: percentile(times, 99), perSecond: 1000 / meanMs, fillMs });
    process.stderr.write(`  ${before} stored: ${meanMs.toFixed(3)} ms/article (fill ${(fillMs / 1000).toFixed(1)} s)\n`);
    if (before < level) break; // out of budget: the higher levels are not reached either
  }

  // Baseline: all-pairs against the same first 1k and 10k, on the articles that came next.
  const baseline = new Map<number, number>();
  for (const level of levels.filter((l) => l <= 10_000)) {
    const sets = keep.slice(0, level).map((a) => shingles(`${a.title}\n${a.text}`));
    const queries = stream.take(level >= 10_000 ? 40 : 300).map((a) => shingles(`${a.title}\n${a.text}`));
    const t0 = now();
    for (const q of queries) {
      bestMatch(q, sets);
      sets.push(q); // it is stored after, as ours is
    }
    baseline.set(level, (now() - t0) / queries.length);
  }

  const first = results[0]!;
  for (const r of results) {
    const reached = r.stored >= r.target;
    const base = reached ? (baseline.get(r.target) ?? null) : null;
    rows.push({
      bench: BENCH,
      measure: `per article with ${r.stored.toLocaleString('en-US')} stored${reached ? '' : ` (${r.target.toLocaleString('en-US')} not reached in the ${(budgetMs / 1000).toFixed(0)} s budget)`}`,
      ours: { value: r.meanMs, unit: 'ms', extra: `${Math.round(r.perSecond).toLocaleString('en-US')}/s, p50 ${r.p50Ms.toFixed(3)}, p99 ${r.p99Ms.toFixed(2)} ms` },
      baseline: base !== null ? { what: 'all-pairs Jaccard', value: base, unit: 'ms', extra: `${Math.round(1000 / base).toLocaleString('en-US')}/s` } : { what: `ours at ${first.stored.toLocaleString('en-US')} stored`, value: first.meanMs, unit: 'ms' },
      ratio: base !== null ? { value: r.meanMs / base, meaning: 'time, ours/all-pairs' } : { value: r.meanMs / first.meanMs, meaning: `growth vs ${first.stored.toLocaleString('en-US')}` },
      // Growth is judged at the top level; short of it, only a miss already is one.
      target: r === first || base !== null ? null : { text: 'growth <= 1.5x', met: r.meanMs / first.meanMs > 1.5 ? false : reached ? true : null },
    });
  }
  const last = results.at(-1)!;
  rows.push({
    bench: BENCH,
    measure: `throughput with ${last.stored.toLocaleString('en-US')} stored (one core)${last.stored >= top ? '' : `; ${top.toLocaleString('en-US')} not reached`}`,
    ours: { value: last.perSecond, unit: 'articles/s' },
    baseline: baseline.has(10_000) ? { what: 'all-pairs at 10k stored', value: 1000 / baseline.get(10_000)!, unit: 'articles/s' } : null,
    ratio: baseline.has(10_000) ? { value: last.perSecond / (1000 / baseline.get(10_000)!), meaning: 'speed, ours/all-pairs' } : null,
    // Below 2,000/s before the top level is a miss already: no part of the cost shrinks as the store grows.
    target: { text: `>= 2,000/s at ${top.toLocaleString('en-US')}`, met: last.perSecond < 2000 ? false : last.stored >= top ? true : null },
  });

  // Sanity: fast because it works, not because it skips work.
  const byKind = { copy: [0, 0], 'follow-up': [0, 0], fresh: [0, 0] } as Record<string, [number, number]>;
  const storyOf = new Map<string, string>(); // synthetic story -> engine storyline of its first report
  for (const [id, p] of placements) {
    const a = truth.get(id)!;
    if (a.kind === 'first') storyOf.set(a.story, p.storylineId);
    if (a.kind === 'copy') {
      byKind.copy![1]++;
      if (p.kind === 'duplicate') byKind.copy![0]++;
    } else if (a.kind === 'follow-up') {
      byKind['follow-up']![1]++;
      if (p.storylineId === storyOf.get(a.story)) byKind['follow-up']![0]++;
    } else {
      byKind.fresh![1]++;
      if (p.kind === 'story') byKind.fresh![0]++;
    }
  }
  // Storylines against the stream's own stories (copies carry their original's): quality read beside the speed.
  const quality = bcubed(new Map([...placements].map(([id, p]) => [id, p.storylineId])), new Map([...truth].map(([id, a]) => [id, a.story])));
  const pct = (k: string): string => `${((100 * byKind[k]![0]) / Math.max(1, byKind[k]![1])).toFixed(0)}%`;
  notes.push(
    `${BENCH}: synthetic stream, 1,000 articles/day (all within the ${config.story.windowDays}-day window), ~1.7 KB text each; sanity on all ${placements.size.toLocaleString('en-US')} placements: near-copies placed as duplicates ${pct('copy')}, follow-ups in their story's storyline ${pct('follow-up')}, new stories opened ${pct('fresh')}; storylines against the stream's stories, B-cubed precision ${quality.precision.toFixed(3)}, recall ${quality.recall.toFixed(3)}, F1 ${quality.f1.toFixed(3)}.`,
  );
  notes.push(`${BENCH}: filling to ${last.stored.toLocaleString('en-US')} took ${(results.reduce((s, r) => s + r.fillMs, 0) / 1000).toFixed(1)} s through analyse+remember; all-pairs baseline measured on 300 (1k) and 40 (10k) queries.`);
  return { rows, notes, data: { levels: results, allPairsMsPerArticle: Object.fromEntries(baseline), sanity: byKind, bcubed: quality } };
}

runIfMain(import.meta.url, 'story-pipeline', run);
