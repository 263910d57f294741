/**
 * The sentences (as hashed content terms) of recently stored articles, for "what's new".
 * Bounded: the oldest articles are forgotten first, so memory does not grow with the archive.
 */
export class SentenceMemory {
  private readonly byArticle = new Map<string, Uint32Array[]>();

  constructor(private readonly capacity: number) {}

  set(articleId: string, sentences: Uint32Array[]): void {
    this.byArticle.delete(articleId);
    this.byArticle.set(articleId, sentences);
    while (this.byArticle.size > this.capacity) {
      const oldest = this.byArticle.keys().next().value as string;
      this.byArticle.delete(oldest);
    }
  }

  get(articleId: string): Uint32Array[] | undefined {
    return this.byArticle.get(articleId);
  }
}
