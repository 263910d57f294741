/**
 * What an article is about, as a weighted term vector for storyline similarity. The
 * headline and lead dominate; the body adds only terms it keeps repeating, so the
 * unrelated links in a roundup's tail barely register. Entities and topics are extra
 * dimensions, so "Meta" + "open-source" + "Behemoth" outweighs wording.
 */
import { fnv1a32 } from './hash.js';
import { toSparse, type SparseVector } from './sparse.js';
import { contentTerms } from './terms.js';

export const TITLE_TERM = 3;
export const LEAD_TERM = 1.5;
export const BODY_TERM = 0.4;
export const TITLE_ENTITY = 4;
export const LEAD_ENTITY = 3;
export const BODY_ENTITY = 1;
export const TOPIC_WEIGHT = 1;
/** Only the opening of a long body is read. */
const BODY_WORDS = 600;
const MAX_TERMS = 64;

export const termKey = (term: string): number => fnv1a32(term, 0x811c9dc5);
export const entityKey = (name: string): number => fnv1a32('@' + name, 0x1b873593);
export const topicKey = (id: string): number => fnv1a32('#' + id, 0x2c1b3c6d);

export interface StoryText {
  title: string;
  lead: string;
  body: string;
  /** Entity name -> mentions, per region. */
  entities: { title: ReadonlyMap<string, number>; lead: ReadonlyMap<string, number>; body: ReadonlyMap<string, number> };
  topics: readonly string[];
}

function add(map: Map<number, number>, key: number, w: number): void {
  map.set(key, (map.get(key) ?? 0) + w);
}

export function storyVector(text: StoryText): SparseVector {
  const w = new Map<number, number>();
  for (const t of contentTerms(text.title)) add(w, termKey(t), TITLE_TERM);
  for (const t of contentTerms(text.lead)) add(w, termKey(t), LEAD_TERM);
  const bodyCounts = new Map<string, number>();
  for (const t of contentTerms(text.body).slice(0, BODY_WORDS)) bodyCounts.set(t, (bodyCounts.get(t) ?? 0) + 1);
  for (const [t, n] of bodyCounts) if (n >= 2) add(w, termKey(t), BODY_TERM * Math.log2(1 + n));
  for (const [name] of text.entities.title) add(w, entityKey(name), TITLE_ENTITY);
  for (const [name] of text.entities.lead) add(w, entityKey(name), LEAD_ENTITY);
  for (const [name, n] of text.entities.body) if (n >= 2) add(w, entityKey(name), BODY_ENTITY * Math.log2(n));
  for (const id of text.topics) add(w, topicKey(id), TOPIC_WEIGHT);
  return toSparse(w, MAX_TERMS);
}
