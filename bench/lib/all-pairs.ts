/**
 * The naive approach the story pipeline is measured against: compare a new article with
 * every stored one by exact Jaccard similarity of word 5-shingles (hashed to 32-bit ints,
 * which only makes the baseline faster than string sets).
 */

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function shingles(text: string, k = 5): Set<number> {
  const words = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
  const out = new Set<number>();
  for (let i = 0; i + k <= words.length; i++) out.add(fnv1a(words.slice(i, i + k).join(' ')));
  if (out.size === 0 && words.length) out.add(fnv1a(words.join(' ')));
  return out;
}

export function jaccard(a: Set<number>, b: Set<number>): number {
  if (!a.size || !b.size) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let inter = 0;
  for (const x of small) if (large.has(x)) inter++;
  return inter / (a.size + b.size - inter);
}

/** The best match among all stored: what an all-pairs dedupe has to compute per article. */
export function bestMatch(query: Set<number>, stored: Set<number>[]): { index: number; similarity: number } {
  let index = -1;
  let similarity = 0;
  for (let i = 0; i < stored.length; i++) {
    const s = jaccard(query, stored[i]!);
    if (s > similarity) {
      similarity = s;
      index = i;
    }
  }
  return { index, similarity };
}
