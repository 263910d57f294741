import { loadGazetteer } from '../config/load-config.js';
import type { ThreadlineConfig } from '../config/schema.js';
import { StoryEngine } from '../core/engine.js';
import type { Store } from '../store/store.js';

/** A story engine configured from config + gazetteer, rebuilt from the store's recent articles. */
export function createEngine(config: ThreadlineConfig, store?: Store, now = new Date()): StoryEngine {
  const engine = new StoryEngine({
    topics: config.topics,
    entities: loadGazetteer(config),
    duplicateThreshold: config.story.duplicateThreshold,
    storylineThreshold: config.story.storylineThreshold,
    windowDays: config.story.windowDays,
  });
  if (store) {
    const since = new Date(now.getTime() - config.story.windowDays * 86_400_000).toISOString();
    const articles = store.listArticlesSince(since);
    const ids = new Set(articles.map((a) => a.storylineId));
    const storylines = [...ids].map((id) => store.getStoryline(id)).filter((s) => s !== undefined);
    engine.restore(articles, storylines);
  }
  return engine;
}
