import { describe, expect, it } from 'vitest';
import { fnv1a32 } from '../../src/core/hash.js';
import { asciiWord, asciiWordHashed, checkHash, contentTerms } from '../../src/core/terms.js';

/** The plain definition of a word's entry. */
const reference = (word: string): { written: string; lower: string; term: string } => ({
  written: word,
  lower: word.toLowerCase(),
  term: contentTerms(word.toLowerCase())[0] ?? '',
});

const fields = (w: { written: string; lower: string; term: string }): { written: string; lower: string; term: string } => ({
  written: w.written,
  lower: w.lower,
  term: w.term,
});

describe('ASCII word memo', () => {
  it('tells apart words whose char-code hashes collide', () => {
    // FNV-1a of both is -1363072012: they share a home slot.
    for (let round = 0; round < 3; round++) {
      expect(fields(asciiWord('yaczf'))).toEqual(reference('yaczf'));
      expect(fields(asciiWord('glbpp'))).toEqual(reference('glbpp'));
    }
  });

  it('has a check hash that tells apart words whose char-code hashes collide', () => {
    expect(fnv1a32('yaczf')).toBe(fnv1a32('glbpp'));
    expect(checkHash('yaczf')).not.toBe(checkHash('glbpp'));
    expect(checkHash('xyaczfx', 1, 6)).toBe(checkHash('yaczf'));
  });

  it('finds a word where it stands in a text, as the sliced word', () => {
    const text = 'Meta, models; META 2024 meta';
    const at = (start: number, end: number): ReturnType<typeof asciiWord> => asciiWordHashed(text, start, end, fnv1a32(text, undefined, start, end), checkHash(text, start, end));
    expect(at(0, 4)).toBe(asciiWord('Meta'));
    expect(at(6, 12)).toBe(asciiWord('models'));
    expect(fields(at(14, 18))).toEqual(reference('META'));
    expect(fields(at(19, 23))).toEqual(reference('2024'));
    expect(at(24, 28)).toBe(asciiWord('meta'));
    expect(at(24, 28)).not.toBe(at(0, 4));
  });

  it('stays right as it grows and once it is cleared at its limit', () => {
    const words = Array.from({ length: 120_000 }, (_, i) => (i % 3 === 0 ? 'W' : 'w') + i.toString(36) + (i % 5 === 0 ? 's' : ''));
    // Mismatches are collected and compared once: an expect per word made this test slow on a loaded machine.
    const misread = words.filter((w) => asciiWord(w).written !== w);
    expect(misread).toEqual([]);
    const sampled = words.filter((_, i) => i % 7 === 0);
    expect(sampled.map((w) => fields(asciiWord(w)))).toEqual(sampled.map(reference));
  });
});
