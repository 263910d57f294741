/**
 * The sentences (as hashed content terms) of recently stored articles, for "what's new".
 * Bounded: the oldest articles are forgotten first, so memory does not grow with the archive.
 * Each article's sentences are packed into one array (their ends, then their keys): tens of
 * thousands of articles would otherwise hold hundreds of thousands of small typed arrays,
 * which every garbage collection has to visit.
 */
export class SentenceMemory {
  private readonly byArticle = new Map<string, Uint32Array>();

  constructor(private readonly capacity: number) {}

  set(articleId: string, sentences: readonly Uint32Array[]): void {
    let size = 1 + sentences.length;
    for (const s of sentences) size += s.length;
    const packed = new Uint32Array(size);
    packed[0] = sentences.length;
    let at = 1 + sentences.length;
    sentences.forEach((s, i) => {
      packed.set(s, at);
      at += s.length;
      packed[1 + i] = at;
    });
    this.byArticle.delete(articleId);
    this.byArticle.set(articleId, packed);
    while (this.byArticle.size > this.capacity) {
      const oldest = this.byArticle.keys().next().value as string;
      this.byArticle.delete(oldest);
    }
  }

  /** Calls `each` with every sentence of the article, in order, as a range of one array (no copies). */
  forEach(articleId: string, each: (keys: Uint32Array, from: number, to: number) => void): void {
    const packed = this.byArticle.get(articleId);
    if (!packed) return;
    const count = packed[0]!;
    let from = 1 + count;
    for (let i = 0; i < count; i++) {
      const end = packed[1 + i]!;
      each(packed, from, end);
      from = end;
    }
  }
}
