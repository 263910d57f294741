/**
 * How much a sentence reads like reported fact rather than commentary: attribution,
 * decisions and deals, names and figures count for it; hedges ("could", "may", "likely")
 * and analysis openers ("This approach ...") count against. Used to prefer news over
 * padding in summaries and "what's new".
 */

/**
 * Fact cues (group 1) and hedges (the rest), found in one scan rather than one per list: no
 * word is in both lists, and no phrase of one holds a word opening a phrase of the other, so
 * each list's matches are those it found alone.
 */
const CUES =
  /\b(?:(according to|reported(?:ly)?|said|says|told|announced|confirmed|revealed|disclosed|sources?|spokesperson|plans? to|planning to|intends? to|is preparing to|is set to|will|agreed|signed|raised|raises|acquired?|acquires|launched|launches|released|releases|hired|joined|appointed|named|led by|spearheaded|deal|filed|sued|fined|ruled|banned|delayed|cancel(?:l)?ed|halted|discussed|completed)|could|might|may|likely|possibly|potentially|perhaps|suggests?|suggesting|appears?|seems?|analysts|arguably|would|imagine|whether|expected to|aims? to|seeks? to|signals?)\b/gi;
const COMMENTARY_OPENER = /^(?:this|these|that|such|as the|in (?:a|the) (?:world|landscape|race)|by providing|for those|the (?:strategy|approach|move|success|timing|availability|outcome))\b/i;
const FIGURE = /(?:[$€£]\s?\d|\d+(?:\.\d+)?\s?(?:%|percent|million|billion|trillion|bn|m\b|b\b)|\b(?:19|20)\d{2}\b)/i;
const NAME = /(?:^|[^.!?]\s)[\p{Lu}][\p{Ll}]+(?:\s[\p{Lu}][\p{L}]+)+/u;

/** Most fact cues and hedges factuality weighs. */
const MAX_FACTS = 2;
const MAX_HEDGES = 3;

/** The fact cues' credit less the hedges' debit, each counted only as far as it is weighed. */
function cueScore(text: string): number {
  CUES.lastIndex = 0;
  let facts = 0;
  let hedges = 0;
  for (let m = CUES.exec(text); m !== null; m = CUES.exec(text)) {
    if (m[1] !== undefined) facts++;
    else hedges++;
    if (facts >= MAX_FACTS && hedges >= MAX_HEDGES) break;
  }
  CUES.lastIndex = 0;
  return Math.min(MAX_FACTS, facts) * 0.35 - Math.min(MAX_HEDGES, hedges) * 0.3;
}

export function factuality(sentence: string): number {
  let score = cueScore(sentence);
  if (COMMENTARY_OPENER.test(sentence)) score -= 0.4;
  if (FIGURE.test(sentence)) score += 0.3;
  if (NAME.test(sentence)) score += 0.2;
  return score;
}
