/**
 * One query's votes per storyline slot, in a small open-addressing table that stays in the
 * CPU caches: votes kept beside every slot's fields (a row per storyline ever made) cost a
 * cache miss per posting read at 100k stored articles. Cleared after each query by undoing
 * only the entries it made.
 */
export class Ballot {
  /** Per table position: 1 + the slot voted for there (0: empty). */
  private readonly table: Int32Array;
  /** Per table position: the entry of the slot there. */
  private readonly entryAt: Int32Array;
  private readonly shift: number;
  /** Per entry, in the order first voted for: the slot, its votes, the key that last voted, its table position. */
  readonly slots: Int32Array;
  readonly votes: Float64Array;
  private readonly lastKey: Int32Array;
  private readonly position: Int32Array;
  size = 0;

  /** `capacity`: the most slots one query can vote for. */
  constructor(capacity: number) {
    let bits = 4;
    while (1 << bits < capacity * 2) bits++;
    this.table = new Int32Array(1 << bits);
    this.entryAt = new Int32Array(1 << bits);
    this.shift = 32 - bits;
    this.slots = new Int32Array(capacity);
    this.votes = new Float64Array(capacity);
    this.lastKey = new Int32Array(capacity);
    this.position = new Int32Array(capacity);
  }

  /** Adds `weight` to the slot's votes, once per key: a second vote of the same key is ignored. */
  vote(slot: number, key: number, weight: number): void {
    const table = this.table;
    const mask = table.length - 1;
    const tag = slot + 1;
    let h = Math.imul(tag, 0x9e3779b1) >>> this.shift;
    while (table[h] !== 0 && table[h] !== tag) h = (h + 1) & mask;
    if (table[h] === 0) {
      const e = this.size++;
      table[h] = tag;
      this.entryAt[h] = e;
      this.position[e] = h;
      this.slots[e] = slot;
      this.votes[e] = weight;
      this.lastKey[e] = key;
      return;
    }
    const e = this.entryAt[h]!;
    if (this.lastKey[e] === key) return;
    this.lastKey[e] = key;
    this.votes[e] = this.votes[e]! + weight;
  }

  clear(): void {
    for (let e = 0; e < this.size; e++) this.table[this.position[e]!] = 0;
    this.size = 0;
  }
}
