/**
 * The sentences (as hashed content terms) of recently stored articles, for "what's new".
 * Bounded: the oldest articles are forgotten first, so memory does not grow with the archive.
 * Each article's sentences are packed as one record (their ends, then their keys), and
 * records are written one after another into shared chunks: tens of thousands of articles
 * would otherwise hold as many typed arrays (each with its own buffer), which every garbage
 * collection has to visit. A chunk is dropped once all its records are forgotten; records
 * are forgotten oldest first, so chunks empty in the order they were filled.
 */
import { Queue } from '../util/queue.js';

/** Keys per chunk (1 MB): a hundred or so articles. A longer record gets a chunk of its own. */
export const CHUNK_KEYS = 1 << 18;

interface Chunk {
  keys: Uint32Array;
  /** Records in it not forgotten yet. */
  live: number;
}

export class SentenceMemory {
  /** Article id -> where its record starts: chunk number * CHUNK_KEYS + offset in the chunk. */
  private readonly byArticle = new Map<string, number>();
  /** Records in the order they were set (id, then start): an id set again leaves its earlier entry stale. */
  private order = new Queue<string>();
  private orderStarts = new Queue<number>();
  private readonly chunks = new Map<number, Chunk>();
  /** The chunk being filled, and how far. */
  private current = -1;
  private filled = CHUNK_KEYS;

  constructor(private readonly capacity: number) {}

  set(articleId: string, sentences: readonly Uint32Array[]): void {
    let size = 1 + sentences.length;
    for (const s of sentences) size += s.length;
    const start = this.reserve(size);
    const chunk = this.chunks.get(this.chunkOf(start))!;
    const packed = chunk.keys;
    const base = start % CHUNK_KEYS;
    packed[base] = sentences.length;
    let at = base + 1 + sentences.length;
    for (let i = 0; i < sentences.length; i++) {
      packed.set(sentences[i]!, at);
      at += sentences[i]!.length;
      packed[base + 1 + i] = at;
    }
    this.forget(articleId);
    this.byArticle.set(articleId, start);
    this.order.push(articleId);
    this.orderStarts.push(start);
    while (this.byArticle.size > this.capacity) this.forgetOldest();
    // Articles set again under capacity leave stale entries that no eviction reaches: bounded here.
    if (this.order.length > 2 * this.capacity + 1024) this.rebuildOrder();
  }

  /** The order queues from the map, which keeps records in the order they were last set. */
  private rebuildOrder(): void {
    this.order = new Queue();
    this.orderStarts = new Queue();
    for (const [id, start] of this.byArticle) {
      this.order.push(id);
      this.orderStarts.push(start);
    }
  }

  /** Forgets the record set longest ago (entries of records set again since are skipped). */
  private forgetOldest(): void {
    for (;;) {
      const id = this.order.shift()!;
      const start = this.orderStarts.shift()!;
      if (this.byArticle.get(id) !== start) continue;
      this.forget(id);
      return;
    }
  }

  /** Chunks held (for tests: forgotten records must not keep theirs). */
  get chunkCount(): number {
    return this.chunks.size;
  }

  /** Calls `each` with every sentence of the article, in order, as a range of one array (no copies). */
  forEach(articleId: string, each: (keys: Uint32Array, from: number, to: number) => void): void {
    const start = this.byArticle.get(articleId);
    if (start === undefined) return;
    const packed = this.chunks.get(this.chunkOf(start))!.keys;
    const base = start % CHUNK_KEYS;
    const count = packed[base]!;
    let from = base + 1 + count;
    for (let i = 0; i < count; i++) {
      const end = packed[base + 1 + i]!;
      each(packed, from, end);
      from = end;
    }
  }

  /** Room for a record of `size` keys: where it starts, in the current chunk or a new one. */
  private reserve(size: number): number {
    if (this.filled + size > CHUNK_KEYS || this.current < 0) {
      // The chunk left behind goes now if its records were all forgotten while it was being filled.
      if (this.chunks.get(this.current)?.live === 0) this.chunks.delete(this.current);
      this.current++;
      this.chunks.set(this.current, { keys: new Uint32Array(Math.max(CHUNK_KEYS, size)), live: 0 });
      this.filled = 0;
    }
    const start = this.current * CHUNK_KEYS + this.filled;
    // A record longer than a chunk fills its own chunk: the next record starts a new one.
    this.filled = size > CHUNK_KEYS ? CHUNK_KEYS : this.filled + size;
    this.chunks.get(this.current)!.live++;
    return start;
  }

  private forget(articleId: string): void {
    const start = this.byArticle.get(articleId);
    if (start === undefined) return;
    this.byArticle.delete(articleId);
    const number = this.chunkOf(start);
    const chunk = this.chunks.get(number)!;
    if (--chunk.live === 0 && number !== this.current) this.chunks.delete(number);
  }

  private chunkOf(start: number): number {
    return Math.floor(start / CHUNK_KEYS);
  }
}
