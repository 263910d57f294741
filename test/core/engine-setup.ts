/**
 * A story engine built the way the app builds it (shipped config + bundled gazetteer),
 * and small builders for incoming items, so each core test states only what it varies.
 */
import { join } from 'node:path';
import { loadConfig, loadGazetteer, projectRoot } from '../../src/config/load-config.js';
import type { EntityConfig } from '../../src/config/schema.js';
import { StoryEngine, type Analysis, type StoryEngineOptions } from '../../src/core/engine.js';
import type { IncomingItem } from '../../src/core/types.js';

export const config = loadConfig(join(projectRoot(), 'config/threadline.yaml'));
export const gazetteer: EntityConfig[] = loadGazetteer(config);

export function newEngine(over: Partial<StoryEngineOptions> = {}): StoryEngine {
  return new StoryEngine({
    topics: config.topics,
    entities: gazetteer,
    duplicateThreshold: config.story.duplicateThreshold,
    storylineThreshold: config.story.storylineThreshold,
    windowDays: config.story.windowDays,
    ...over,
  });
}

/** An incoming item; `url` defaults to one derived from the title so unrelated items never share it. */
export function item(over: Partial<IncomingItem> & Pick<IncomingItem, 'title' | 'text' | 'published'>): IncomingItem {
  const slug = over.title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
  const source = over.source ?? 'Neural Dispatch';
  const host = source.toLowerCase().replace(/[^a-z0-9]+/g, '') + '.example';
  return {
    feedId: null,
    source,
    guid: null,
    url: `https://${host}/${slug}`,
    firstSeen: over.published ?? '2025-07-15T00:00:00.000Z',
    ...over,
  };
}

/** analyse + remember, as the pipeline does after a successful store write. */
export function place(engine: StoryEngine, it: IncomingItem): Analysis {
  const analysis = engine.analyse(it);
  engine.remember(analysis);
  return analysis;
}
