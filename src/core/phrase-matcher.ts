/**
 * Whole-word phrase matching over tokens, case-sensitive or not per phrase. One pass over
 * the text walks a token trie, so the cost is independent of the number of phrases and
 * "Meta" never matches inside "metadata" (tokens, not substrings).
 */
import { asciiWords, isAscii, normaliseText } from './text.js';

export interface CasedTokens {
  tokens: string[];
  lower: string[];
}

const WORD = /[\p{L}\p{N}]+/gu;

export function casedTokens(text: string): CasedTokens {
  let tokens: string[];
  if (isAscii(text)) tokens = asciiWords(text);
  else {
    tokens = [];
    for (const m of normaliseText(text).matchAll(WORD)) tokens.push(m[0]);
  }
  return { tokens, lower: tokens.map((t) => t.toLowerCase()) };
}

interface TrieNode {
  next: Map<string, TrieNode>;
  /** Phrase ids ending here. */
  ids: number[];
}

const node = (): TrieNode => ({ next: new Map(), ids: [] });

/** Word lengths past this share one bit of a `StartFilter` row. */
const LONG_WORD = 31;

/**
 * The first words of a trie's phrases by their first character and length: most words of a
 * text start no phrase (lower-case body words against capitalised names), and two reads of
 * the word rule them out where the trie's Map would hash and probe for each. A word that
 * passes may still start none.
 */
export class StartFilter {
  /** ASCII first char code -> bit `min(length, LONG_WORD)` set when some first word has them. */
  private readonly lengths = new Uint32Array(128);
  /** Some first word opens with a non-ASCII character: such words always pass. */
  private nonAscii = false;

  add(word: string): void {
    const c = word.charCodeAt(0);
    if (c < 128) this.lengths[c] = this.lengths[c]! | (1 << Math.min(word.length, LONG_WORD));
    else this.nonAscii = true;
  }

  /** False when no first word has this word's first character and length. */
  mayStart(word: string): boolean {
    const c = word.charCodeAt(0);
    if (c >= 128) return this.nonAscii;
    return ((this.lengths[c]! >>> Math.min(word.length, LONG_WORD)) & 1) === 1;
  }
}

export interface PhraseMatch {
  /** Every phrase id with this exact surface (several entries may share an alias). */
  ids: number[];
  start: number;
  /** Exclusive token index. */
  end: number;
}

export class PhraseMatcher {
  private readonly exact = node();
  private readonly folded = node();
  private readonly exactStarts = new StartFilter();
  private readonly foldedStarts = new StartFilter();

  /** Registers a phrase under an id; returns false when it has no word characters. */
  add(id: number, phrase: string, caseSensitive: boolean): boolean {
    const { tokens, lower } = casedTokens(phrase);
    if (tokens.length === 0) return false;
    let at = caseSensitive ? this.exact : this.folded;
    const words = caseSensitive ? tokens : lower;
    (caseSensitive ? this.exactStarts : this.foldedStarts).add(words[0]!);
    for (const t of words) {
      let child = at.next.get(t);
      if (!child) {
        child = node();
        at.next.set(t, child);
      }
      at = child;
    }
    if (!at.ids.includes(id)) at.ids.push(id);
    return true;
  }

  private longest(root: TrieNode, starts: StartFilter, words: string[], start: number): { end: number; ids: number[] } | null {
    // An empty trie's filter passes no word: matchers holding only exact or only folded phrases skip the other trie.
    if (!starts.mayStart(words[start]!)) return null;
    let at: TrieNode | undefined = root;
    let best: { end: number; ids: number[] } | null = null;
    for (let i = start; i < words.length; i++) {
      at = at.next.get(words[i]!);
      if (!at) break;
      if (at.ids.length) best = { end: i + 1, ids: at.ids };
    }
    return best;
  }

  /**
   * True when `match` would find anything in the first `limit` tokens: some phrase starts at
   * some position and ends within them. Stops at the first, and builds no matches.
   */
  has(text: CasedTokens, limit = text.tokens.length): boolean {
    const n = Math.min(limit, text.tokens.length);
    for (let i = 0; i < n; i++) {
      if (this.endsWithin(this.exact, this.exactStarts, text.tokens, i, n) || this.endsWithin(this.folded, this.foldedStarts, text.lower, i, n)) return true;
    }
    return false;
  }

  private endsWithin(root: TrieNode, starts: StartFilter, words: string[], start: number, n: number): boolean {
    if (!starts.mayStart(words[start]!)) return false;
    let at: TrieNode | undefined = root;
    for (let i = start; i < n; i++) {
      at = at.next.get(words[i]!);
      if (!at) return false;
      if (at.ids.length) return true;
    }
    return false;
  }

  /** Leftmost-longest, non-overlapping matches. */
  match(text: CasedTokens): PhraseMatch[] {
    const out: PhraseMatch[] = [];
    const n = text.tokens.length;
    for (let i = 0; i < n; ) {
      const a = this.longest(this.exact, this.exactStarts, text.tokens, i);
      const b = this.longest(this.folded, this.foldedStarts, text.lower, i);
      let best = a;
      if (b && (!best || b.end > best.end)) best = b;
      else if (a && b && b.end === a.end) best = { end: a.end, ids: [...new Set([...a.ids, ...b.ids])] };
      if (best) {
        out.push({ ids: best.ids, start: i, end: best.end });
        i = best.end;
      } else i++;
    }
    return out;
  }
}
