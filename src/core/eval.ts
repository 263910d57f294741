/**
 * Measures the engine against gold labels: replays labeled articles in date order through
 * a fresh StoryEngine and scores storylines with B-cubed precision/recall/F1 and duplicate
 * detection with precision/recall. Pure: timing is the caller's business.
 */
import { StoryEngine, type StoryEngineOptions } from './engine.js';
import type { IncomingItem } from './types.js';

export interface LabeledArticle {
  id: string;
  title: string;
  url: string;
  source: string;
  text?: string;
  published: string | null;
  firstSeen?: string;
  guid?: string | null;
  feedId?: string | null;
  /** Gold storyline label. */
  story?: string;
  /** Gold: id of the article this one copies. */
  duplicateOf?: string | null;
}

export interface EvalReport {
  articles: number;
  storylines: { gold: number; predicted: number; precision: number; recall: number; f1: number };
  duplicates: { gold: number; predicted: number; correct: number; precision: number; recall: number };
  /** Human-readable disagreements, for tuning (at most 30). */
  mistakes: string[];
}

const MAX_MISTAKES = 30;

/** Date order (undated first), ties in file order: the order articles are replayed in. */
export function replayOrder(articles: readonly LabeledArticle[]): LabeledArticle[] {
  const at = (a: LabeledArticle) => {
    const t = Date.parse(a.published ?? a.firstSeen ?? '');
    return Number.isNaN(t) ? 0 : t;
  };
  return articles.map((a, i) => ({ a, i })).sort((x, y) => at(x.a) - at(y.a) || x.i - y.i).map((x) => x.a);
}

function toItem(a: LabeledArticle): IncomingItem {
  const published = a.published ?? null;
  return {
    id: a.id,
    feedId: a.feedId ?? null,
    source: a.source,
    guid: a.guid ?? null,
    url: a.url,
    title: a.title,
    text: a.text ?? '',
    published,
    firstSeen: a.firstSeen ?? published ?? new Date(0).toISOString(),
  };
}

/**
 * B-cubed precision and recall of a predicted clustering against a gold one, averaged over
 * items. Counted by (predicted, gold) cluster pairs: an item of the pair's n items shares
 * its predicted cluster with n gold-mates, so the cost is linear in the items even when a
 * predicted cluster holds thousands (the synthetic benchmark's 100k articles).
 */
export function bcubed(predicted: ReadonlyMap<string, string>, gold: ReadonlyMap<string, string>): { precision: number; recall: number; f1: number } {
  const predictedSize = new Map<string, number>();
  const goldSize = new Map<string, number>();
  /** predicted cluster -> gold cluster -> items in both. */
  const pairs = new Map<string, Map<string, number>>();
  for (const [item, gc] of gold) {
    const pc = predicted.get(item);
    if (pc === undefined) continue;
    predictedSize.set(pc, (predictedSize.get(pc) ?? 0) + 1);
    goldSize.set(gc, (goldSize.get(gc) ?? 0) + 1);
    const byGold = pairs.get(pc) ?? new Map<string, number>();
    byGold.set(gc, (byGold.get(gc) ?? 0) + 1);
    pairs.set(pc, byGold);
  }
  let precision = 0;
  let recall = 0;
  let n = 0;
  for (const [p, byGold] of pairs) {
    for (const [g, both] of byGold) {
      precision += (both * both) / predictedSize.get(p)!;
      recall += (both * both) / goldSize.get(g)!;
      n += both;
    }
  }
  precision = n ? precision / n : 1;
  recall = n ? recall / n : 1;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}

/**
 * The gold original of each article: its `duplicateOf` chain followed to the end (at most
 * 50 hops, so a cycle in a hand-written fixture cannot hang the replay).
 */
export function goldRootOf(articles: readonly LabeledArticle[]): (id: string) => string {
  const byId = new Map(articles.map((a) => [a.id, a]));
  return (id) => {
    let cur = id;
    for (let hops = 0; hops < 50; hops++) {
      const next = byId.get(cur)?.duplicateOf;
      if (!next || !byId.has(next)) return cur;
      cur = next;
    }
    return cur;
  };
}

export function evaluate(articles: readonly LabeledArticle[], opts: StoryEngineOptions): EvalReport {
  const byId = new Map(articles.map((a) => [a.id, a]));
  const goldRoot = goldRootOf(articles);
  const goldStory = (a: LabeledArticle): string => byId.get(goldRoot(a.id))?.story ?? a.story ?? `(unlabeled ${a.id})`;

  const engine = new StoryEngine(opts);
  const predicted = new Map<string, string>();
  const gold = new Map<string, string>();
  const mistakes: string[] = [];
  const note = (m: string) => mistakes.length < MAX_MISTAKES && mistakes.push(m);
  const seenRoots = new Set<string>();
  let goldDups = 0;
  let predictedDups = 0;
  let correctDups = 0;
  let recalled = 0;
  const storyOfPrediction = new Map<string, string>();

  for (const a of replayOrder(articles)) {
    const analysis = engine.analyse(toItem(a));
    engine.remember(analysis);
    const { placement } = analysis;
    predicted.set(a.id, placement.storylineId);
    gold.set(a.id, goldStory(a));

    const root = goldRoot(a.id);
    const expectDup = seenRoots.has(root);
    seenRoots.add(root);
    if (expectDup) goldDups++;
    if (placement.kind === 'duplicate') {
      predictedDups++;
      const ok = placement.duplicateOf !== null && goldRoot(placement.duplicateOf) === root;
      if (ok) correctDups++;
      else note(`false duplicate: ${a.id} marked a copy of ${placement.duplicateOf} (${placement.duplicateReason}, ${placement.similarity})`);
      if (ok && expectDup) recalled++;
    } else if (expectDup) {
      note(`missed duplicate: ${a.id} (copy of ${root}) placed as ${placement.kind}${placement.similarity !== null ? ` ${placement.similarity}` : ''}`);
    }

    const expected = goldStory(a);
    const firstStory = storyOfPrediction.get(placement.storylineId);
    if (placement.kind === 'follow-up' && firstStory !== undefined && firstStory !== expected) {
      note(`wrong merge: ${a.id} [${expected}] joined a storyline of [${firstStory}] (score ${placement.similarity})`);
    }
    if (placement.kind === 'story') {
      const clash = [...storyOfPrediction].find(([, s]) => s === expected);
      if (clash) note(`split: ${a.id} [${expected}] started a new storyline instead of joining ${clash[0]}`);
      storyOfPrediction.set(placement.storylineId, expected);
    }
  }

  const b = bcubed(predicted, gold);
  return {
    articles: articles.length,
    storylines: { gold: new Set(gold.values()).size, predicted: new Set(predicted.values()).size, ...b },
    duplicates: {
      gold: goldDups,
      predicted: predictedDups,
      correct: correctDups,
      precision: predictedDups ? correctDups / predictedDups : 1,
      recall: goldDups ? recalled / goldDups : 1,
    },
    mistakes,
  };
}

const pct = (x: number) => x.toFixed(3);

export function formatEvalReport(r: EvalReport): string {
  const lines = [
    `articles: ${r.articles}`,
    `storylines (B-cubed): precision ${pct(r.storylines.precision)}  recall ${pct(r.storylines.recall)}  F1 ${pct(r.storylines.f1)}  (gold ${r.storylines.gold}, predicted ${r.storylines.predicted})`,
    `duplicates: precision ${pct(r.duplicates.precision)}  recall ${pct(r.duplicates.recall)}  (gold ${r.duplicates.gold}, predicted ${r.duplicates.predicted}, correct ${r.duplicates.correct})`,
  ];
  if (r.mistakes.length) lines.push('disagreements:', ...r.mistakes.map((m) => `  ${m}`));
  return lines.join('\n');
}
