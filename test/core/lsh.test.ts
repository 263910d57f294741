import { describe, expect, it } from 'vitest';
import { BANDS, LshIndex, ROWS } from '../../src/core/lsh.js';
import { NUM_HASHES } from '../../src/core/minhash.js';

/** A small deterministic generator, so a failure replays. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/**
 * Signatures drawn from few values per row, so bands collide often and buckets fill past
 * their cap of 64: the cases the typed-array buckets must get right.
 */
function signature(next: () => number, values: number): Uint32Array {
  const sig = new Uint32Array(NUM_HASHES);
  for (let i = 0; i < NUM_HASHES; i++) sig[i] = Math.floor(next() * values);
  return sig;
}

/** The behaviour the index promises, written the plain way: per band, key -> newest 64 ids. */
class ReferenceLsh {
  private readonly bands = Array.from({ length: BANDS }, () => new Map<string, number[]>());
  /** Ids pushed out of full buckets. */
  dropped = 0;
  private key(sig: Uint32Array, b: number): string {
    return Array.from(sig.subarray(b * ROWS, (b + 1) * ROWS)).join(',');
  }
  add(id: number, sig: Uint32Array): void {
    for (let b = 0; b < BANDS; b++) {
      const bucket = this.bands[b]!.get(this.key(sig, b)) ?? [];
      bucket.push(id);
      if (bucket.length > 64) {
        bucket.shift();
        this.dropped++;
      }
      this.bands[b]!.set(this.key(sig, b), bucket);
    }
  }
  remove(id: number, sig: Uint32Array): void {
    for (let b = 0; b < BANDS; b++) {
      const bucket = this.bands[b]!.get(this.key(sig, b));
      if (bucket?.includes(id)) bucket.splice(bucket.indexOf(id), 1);
    }
  }
  query(sig: Uint32Array): number[] {
    const seen = new Set<number>();
    for (let b = 0; b < BANDS; b++) for (const id of this.bands[b]!.get(this.key(sig, b)) ?? []) seen.add(id);
    return [...seen];
  }
}

describe('LshIndex', () => {
  it('finds a stored signature and forgets a removed one', () => {
    const lsh = new LshIndex();
    const next = rng(1);
    const a = signature(next, 1e9);
    const b = signature(next, 1e9);
    lsh.add(3, a);
    lsh.add(7, b);
    expect(lsh.query(a)).toEqual([3]);
    expect(lsh.query(b)).toEqual([7]);
    lsh.remove(3);
    expect(lsh.query(a)).toEqual([]);
    expect(lsh.query(b)).toEqual([7]);
  });

  it('returns what a plain map of capped buckets returns, through adds, removals, overflow and reused ids', () => {
    const lsh = new LshIndex();
    const ref = new ReferenceLsh();
    const next = rng(42);
    const live = new Map<number, Uint32Array>();
    const free: number[] = [];
    let nextId = 0;
    for (let step = 0; step < 6000; step++) {
      if (live.size > 0 && next() < 0.4) {
        const ids = [...live.keys()];
        const id = ids[Math.floor(next() * ids.length)]!;
        lsh.remove(id);
        ref.remove(id, live.get(id)!);
        live.delete(id);
        free.push(id);
      } else {
        const id = free.pop() ?? nextId++;
        const sig = signature(next, 2);
        lsh.add(id, sig);
        ref.add(id, sig);
        live.set(id, sig);
      }
      if (step % 50 === 0) {
        const probe = signature(next, 2);
        const want = ref.query(probe);
        expect(lsh.query(probe).sort((x, y) => x - y)).toEqual(want.sort((x, y) => x - y));
      }
    }
    expect(ref.dropped).toBeGreaterThan(100);
  });
});
