/**
 * Refuses user regular expressions that can backtrack catastrophically (nested
 * quantifiers such as (a+)+ or (a|a)*), are too long, or do not compile. A heuristic
 * on the pattern's shape, so a slow pattern is rejected at config load, not at match time.
 */
export const MAX_PATTERN_LENGTH = 200;

export function checkRegexSafety(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN_LENGTH) return `pattern longer than ${MAX_PATTERN_LENGTH} characters`;
  try {
    new RegExp(pattern, 'iu');
  } catch (err) {
    return `not a valid regular expression: ${(err as Error).message}`;
  }
  // A quantified group whose body itself contains a quantifier or an alternation: (x+)+, (x*)*, (a|ab)+.
  if (/\((?:[^()\\]|\\.)*(?:[+*]|\{\d+,\d*\}|\|)(?:[^()\\]|\\.)*\)\s*(?:[+*]|\{\d+,\d*\})/.test(pattern)) {
    return 'nested quantifier (catastrophic backtracking risk); simplify the pattern';
  }
  if (/\\[1-9]/.test(pattern)) return 'back-references are not allowed';
  return null;
}
