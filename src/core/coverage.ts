/**
 * Sentence coverage by earlier text, for "what's new": for a sentence's distinct term keys,
 * the largest share of them found in one earlier sentence. Built once per follow-up from
 * the storyline's recent members (a few hundred sentences), so it lives in typed arrays
 * that one engine reuses (`reset`) instead of a Map of small arrays per follow-up.
 */
const NONE = -1;

export class Coverage {
  /** Sentences added so far; their ids are 0..count-1. */
  private count = 0;
  /** Open-addressing table: term key -> newest posting of it. */
  private keys = new Uint32Array(1024);
  private heads = new Int32Array(1024).fill(NONE);
  private used = 0;
  /** Postings: the sentence holding the key, and the key's previous posting. */
  private sentenceOf = new Int32Array(4096);
  private older = new Int32Array(4096);
  private postings = 0;
  private overlap = new Uint16Array(256);

  /** Forgets every sentence added, keeping the arrays for the next use. */
  reset(): void {
    if (this.used > 0) this.heads.fill(NONE);
    this.used = 0;
    this.count = 0;
    this.postings = 0;
  }

  /** Adds one earlier sentence by its term keys (those in [from, to) when given). */
  addKeys(keys: ArrayLike<number>, from = 0, to = keys.length): void {
    if (to <= from) return;
    const id = this.count++;
    for (let i = from; i < to; i++) {
      const key = keys[i]!;
      if ((this.used + 1) * 2 > this.keys.length) this.growTable();
      const mask = this.keys.length - 1;
      let s = this.home(key);
      while (this.heads[s] !== NONE && this.keys[s] !== key) s = (s + 1) & mask;
      const head = this.heads[s]!;
      if (head === NONE) {
        this.keys[s] = key;
        this.used++;
      } else if (this.sentenceOf[head] === id) continue; // repeated in this sentence
      if (this.postings === this.sentenceOf.length) this.growPostings();
      const p = this.postings++;
      this.sentenceOf[p] = id;
      this.older[p] = head;
      this.heads[s] = p;
    }
  }

  /** 0 (all new) .. 1 (one earlier sentence already said all of it). `keys`: distinct. */
  covered(keys: ArrayLike<number>): number {
    if (keys.length === 0) return 1;
    if (this.overlap.length < this.count) this.overlap = new Uint16Array(this.count * 2);
    const overlap = this.overlap;
    overlap.fill(0, 0, this.count);
    let best = 0;
    for (let i = 0; i < keys.length; i++) {
      const slot = this.find(keys[i]!);
      if (slot === NONE) continue;
      for (let p = this.heads[slot]!; p !== NONE; p = this.older[p]!) {
        const n = ++overlap[this.sentenceOf[p]!]!;
        if (n > best) best = n;
      }
    }
    return best / keys.length;
  }

  /** True when no earlier sentence used the term. */
  isNovel(key: number): boolean {
    return this.find(key) === NONE;
  }

  private home(key: number): number {
    return Math.imul(key, 0x9e3779b1) & (this.keys.length - 1);
  }

  private find(key: number): number {
    const mask = this.keys.length - 1;
    for (let s = this.home(key); ; s = (s + 1) & mask) {
      if (this.heads[s] === NONE) return NONE;
      if (this.keys[s] === key) return s;
    }
  }

  private growTable(): void {
    const { keys, heads } = this;
    this.keys = new Uint32Array(keys.length * 2);
    this.heads = new Int32Array(keys.length * 2).fill(NONE);
    for (let i = 0; i < keys.length; i++) {
      if (heads[i] === NONE) continue;
      let s = this.home(keys[i]!);
      while (this.heads[s] !== NONE) s = (s + 1) & (this.keys.length - 1);
      this.keys[s] = keys[i]!;
      this.heads[s] = heads[i]!;
    }
  }

  private growPostings(): void {
    const sentenceOf = new Int32Array(this.sentenceOf.length * 2);
    const older = new Int32Array(this.older.length * 2);
    sentenceOf.set(this.sentenceOf);
    older.set(this.older);
    this.sentenceOf = sentenceOf;
    this.older = older;
  }
}
