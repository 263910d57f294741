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

  /** The article's sentences' keys, in order (views into the packed array). */
  get(articleId: string): Uint32Array[] | undefined {
    const packed = this.byArticle.get(articleId);
    if (!packed) return undefined;
    const count = packed[0]!;
    const out: Uint32Array[] = [];
    let from = 1 + count;
    for (let i = 0; i < count; i++) {
      const end = packed[1 + i]!;
      out.push(packed.subarray(from, end));
      from = end;
    }
    return out;
  }
}
