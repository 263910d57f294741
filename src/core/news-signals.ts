/**
 * How much a sentence reads like reported fact rather than commentary: attribution,
 * decisions and deals, names and figures count for it; hedges ("could", "may", "likely")
 * and analysis openers ("This approach ...") count against. Used to prefer news over
 * padding in summaries and "what's new".
 */

const FACT_CUES =
  /\b(?:according to|reported(?:ly)?|said|says|told|announced|confirmed|revealed|disclosed|sources?|spokesperson|plans? to|planning to|intends? to|is preparing to|is set to|will|agreed|signed|raised|raises|acquired?|acquires|launched|launches|released|releases|hired|joined|appointed|named|led by|spearheaded|deal|filed|sued|fined|ruled|banned|delayed|cancel(?:l)?ed|halted|discussed|completed)\b/gi;
const HEDGES =
  /\b(?:could|might|may|likely|possibly|potentially|perhaps|suggests?|suggesting|appears?|seems?|analysts|arguably|would|imagine|whether|expected to|aims? to|seeks? to|signals?)\b/gi;
const COMMENTARY_OPENER = /^(?:this|these|that|such|as the|in (?:a|the) (?:world|landscape|race)|by providing|for those|the (?:strategy|approach|move|success|timing|availability|outcome))\b/i;
const FIGURE = /(?:[$€£]\s?\d|\d+(?:\.\d+)?\s?(?:%|percent|million|billion|trillion|bn|m\b|b\b)|\b(?:19|20)\d{2}\b)/i;
const NAME = /(?:^|[^.!?]\s)[\p{Lu}][\p{Ll}]+(?:\s[\p{Lu}][\p{L}]+)+/u;

/** Matches of a global regex in the text, counted up to `max` (all a caller weighs). */
function countUpTo(re: RegExp, text: string, max: number): number {
  re.lastIndex = 0;
  let n = 0;
  while (n < max && re.exec(text)) n++;
  re.lastIndex = 0;
  return n;
}

export function factuality(sentence: string): number {
  let score = 0;
  const facts = countUpTo(FACT_CUES, sentence, 2);
  const hedges = countUpTo(HEDGES, sentence, 3);
  score += Math.min(2, facts) * 0.35;
  score -= Math.min(3, hedges) * 0.3;
  if (COMMENTARY_OPENER.test(sentence)) score -= 0.4;
  if (FIGURE.test(sentence)) score += 0.3;
  if (NAME.test(sentence)) score += 0.2;
  return score;
}
