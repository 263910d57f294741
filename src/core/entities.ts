/**
 * Gazetteer matching: companies, models, people and products by name or alias, on word
 * boundaries, case-sensitive where the entry says so ("Meta" the company, not "meta-analysis").
 */
import type { EntityConfig } from '../config/schema.js';
import { PhraseMatcher, casedTokens, type CasedTokens } from './phrase-matcher.js';

export interface EntityMention {
  /** Canonical gazetteer name. */
  name: string;
  kind: EntityConfig['kind'];
  count: number;
  /** Token index of the first mention (earlier = more central to the text). */
  first: number;
}

export class EntityMatcher {
  private readonly matcher = new PhraseMatcher();
  private readonly entries: EntityConfig[];

  constructor(entities: readonly EntityConfig[]) {
    // Later entries replace earlier ones of the same name (user config over the bundled gazetteer).
    const byName = new Map<string, EntityConfig>();
    for (const e of entities) byName.set(e.name, e);
    this.entries = [...byName.values()];
    this.entries.forEach((e, id) => {
      const caseSensitive = e.caseSensitive ?? true;
      for (const surface of [e.name, ...(e.aliases ?? [])]) this.matcher.add(id, surface, caseSensitive);
    });
  }

  /** Entities mentioned in the text, in order of first mention. */
  find(text: string | CasedTokens): EntityMention[] {
    const tokens = typeof text === 'string' ? casedTokens(text) : text;
    const found = new Map<string, EntityMention>();
    for (const m of this.matcher.match(tokens)) {
      for (const id of m.ids) {
        const e = this.entries[id]!;
        const seen = found.get(e.name);
        if (seen) seen.count++;
        else found.set(e.name, { name: e.name, kind: e.kind, count: 1, first: m.start });
      }
    }
    return [...found.values()];
  }

  /** Canonical names only, in order of first mention. */
  names(text: string | CasedTokens): string[] {
    return this.find(text).map((m) => m.name);
  }
}
