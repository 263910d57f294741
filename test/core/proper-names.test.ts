import { describe, expect, it } from 'vitest';
import { properNames } from '../../src/core/story-vector.js';
import { sentenceWords } from '../../src/core/sentence-words.js';
import { contentTerms } from '../../src/core/terms.js';
import { splitSentences } from '../../src/core/text.js';

// The regex definition properNames had before its ASCII scan: the scan must agree with it.
const NOT_NAMES = new Set('monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september october november december i ai series'.split(' '));
const CAPITALISED = /(^|[^\p{L}\p{N}'])(\p{Lu}[\p{L}\p{N}]*)/gu;
const LOWER = /(^|[^\p{L}\p{N}'])(\p{Ll}[\p{L}\p{N}]*)/gu;
function opensSentence(text: string, index: number): boolean {
  let j = index - 1;
  let lineBreak = false;
  for (; j >= 0 && /\s/.test(text.charAt(j)); j--) if (text.charAt(j) === '\n') lineBreak = true;
  return j < 0 || lineBreak || /[.!?:"]/.test(text.charAt(j));
}
function reference(title: string, lead: string, body: string): Set<string> {
  const out = new Set<string>();
  const initial = new Set<string>();
  const lower = new Set<string>();
  for (const text of [lead, body]) {
    for (const m of text.matchAll(LOWER)) for (const t of contentTerms(m[2]!)) lower.add(t);
    for (const m of text.matchAll(CAPITALISED)) {
      const atStart = opensSentence(text, m.index + m[1]!.length);
      if (NOT_NAMES.has(m[2]!.toLowerCase())) continue;
      for (const t of contentTerms(m[2]!)) if (!/^\d+$/.test(t)) (atStart ? initial : out).add(t);
    }
  }
  const inTitle = new Set(contentTerms(title));
  for (const t of initial) if (inTitle.has(t) && !lower.has(t)) out.add(t);
  return out;
}

/** Random texts from PIECES, the same sequence for a given seed. */
function textsFrom(seed: number): () => string {
  let x = seed;
  const next = (n: number): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) % n;
  return () => Array.from({ length: 1 + next(40) }, () => PIECES[next(PIECES.length)]).join('');
}

const PIECES = ['Corvane', 'corvane', 'Meta', "Meta's", 'AI', 'the', 'Series', 'B', '3D', 'x3', 'Q2', "'Quoted'", 'U.S.', 'Monday', 'raises', 'Halvard', 'halvard', ' ', ' ', ', ', '. ', '.\n', '\n', '! ', ': ', '"', '-', "'", '(', ')', '42'];

describe('properNames', () => {
  it('finds in ASCII text the names the regex definition finds', () => {
    const text = textsFrom(7);
    for (let round = 0; round < 500; round++) {
      const [title, lead, body] = [text(), text(), text()];
      expect([...properNames(title, lead, body)].sort()).toEqual([...reference(title, lead, body)].sort());
    }
  });

  it('agrees on non-ASCII text too', () => {
    const lead = 'Zoë Ruiz of Corvane said “Corvane’s chip ships.” Mistral’s café';
    expect([...properNames('Corvane Ships', lead, 'Élan Vital met Zoë.')].sort()).toEqual([...reference('Corvane Ships', lead, 'Élan Vital met Zoë.')].sort());
  });
});

describe('properNames from sentences', () => {
  it('finds in sentences already read the names their joined texts give', () => {
    const text = textsFrom(11);
    for (let round = 0; round < 500; round++) {
      const title = text();
      const lead = splitSentences(text() + '\n' + text()).map(sentenceWords);
      const body = splitSentences(text() + ' ' + text()).map(sentenceWords);
      const [leadText, bodyText] = [lead, body].map((list) => list.map((s) => s.text).join(' ')) as [string, string];
      const got = properNames(title, leadText, bodyText, contentTerms(title), { lead, body });
      expect([...got].sort()).toEqual([...reference(title, leadText, bodyText)].sort());
    }
  });
});
