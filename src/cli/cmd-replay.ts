import type { ThreadlineConfig } from '../config/schema.js';
import { createEngine } from '../app/engine-factory.js';
import { IngestPipeline } from '../pipeline/ingest.js';
import { openStore, type SqliteStore } from '../store/sqlite-store.js';
import { systemClock } from '../util/clock.js';
import type { Logger } from '../util/logger.js';
import type { ReplayArticle } from './read-articles.js';

export interface ReplayLine {
  id: string;
  storyline: string;
  duplicateOf: string | null;
  topics: string[];
}

/**
 * Runs articles through the real pipeline into a fresh in-memory store (no channels, so
 * nothing is queued) and returns one line per article in input order.
 */
export function replayArticles(config: ThreadlineConfig, articles: ReplayArticle[], log: Logger): { lines: ReplayLine[]; store: SqliteStore } {
  const store = openStore(':memory:');
  const quiet: ThreadlineConfig = { ...config, channels: [] };
  const pipeline = new IngestPipeline({ store, engine: createEngine(quiet), config: quiet, clock: systemClock, log });
  const lines: ReplayLine[] = [];
  for (const item of articles) {
    const outcome = pipeline.ingestOne(item);
    const a = outcome.analysis?.article;
    if (!a) continue;
    lines.push({ id: a.id, storyline: a.storylineId, duplicateOf: a.duplicateOf, topics: a.topics });
  }
  return { lines, store };
}
