import { describe, expect, it } from 'vitest';
import { factuality } from '../../src/core/news-signals.js';

// The definition factuality's one scan of cues stands for: each list counted by its own regex.
const FACT_CUES =
  /\b(?:according to|reported(?:ly)?|said|says|told|announced|confirmed|revealed|disclosed|sources?|spokesperson|plans? to|planning to|intends? to|is preparing to|is set to|will|agreed|signed|raised|raises|acquired?|acquires|launched|launches|released|releases|hired|joined|appointed|named|led by|spearheaded|deal|filed|sued|fined|ruled|banned|delayed|cancel(?:l)?ed|halted|discussed|completed)\b/gi;
const HEDGES =
  /\b(?:could|might|may|likely|possibly|potentially|perhaps|suggests?|suggesting|appears?|seems?|analysts|arguably|would|imagine|whether|expected to|aims? to|seeks? to|signals?)\b/gi;
const COMMENTARY_OPENER = /^(?:this|these|that|such|as the|in (?:a|the) (?:world|landscape|race)|by providing|for those|the (?:strategy|approach|move|success|timing|availability|outcome))\b/i;
const FIGURE = /(?:[$€£]\s?\d|\d+(?:\.\d+)?\s?(?:%|percent|million|billion|trillion|bn|m\b|b\b)|\b(?:19|20)\d{2}\b)/i;
const NAME = /(?:^|[^.!?]\s)[\p{Lu}][\p{Ll}]+(?:\s[\p{Lu}][\p{L}]+)+/u;

function countUpTo(re: RegExp, text: string, max: number): number {
  re.lastIndex = 0;
  let n = 0;
  while (n < max && re.exec(text)) n++;
  re.lastIndex = 0;
  return n;
}

function reference(sentence: string): number {
  let score = 0;
  score += Math.min(2, countUpTo(FACT_CUES, sentence, 2)) * 0.35;
  score -= Math.min(3, countUpTo(HEDGES, sentence, 3)) * 0.3;
  if (COMMENTARY_OPENER.test(sentence)) score -= 0.4;
  if (FIGURE.test(sentence)) score += 0.3;
  if (NAME.test(sentence)) score += 0.2;
  return score;
}

describe('factuality', () => {
  const sentences = [
    'Acme said on Monday it will acquire Widget Corp for $2 billion, according to people familiar.',
    'The company could, might, may and would likely do it; analysts say it seems so.',
    'It is expected to close and aims to win; regulators are set to rule and sources said it plans to.',
    'Officials are expected to: said_ will_ SAID, Said, saidé and WILL both counted?',
    'This approach suggests the deal is preparing to fail, whether or not it was cancelled or canceled.',
    'reportedly reported reportedx sources source spokesperson led by Jane Doe in 2024',
    'Nothing here at all.',
    'is set to is preparing to intends to intend to plans to plan to planning to aim to seek to seeks to',
    'She was hired, joined, appointed, named and fined; he sued, filed, ruled, banned, delayed and halted.',
  ];
  it('scores as the fact cues and hedges counted by a regex each', () => {
    for (const s of sentences) expect(factuality(s)).toBe(reference(s));
  });
});
