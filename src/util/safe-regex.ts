/**
 * Refuses user regular expressions that can backtrack catastrophically (a repeated group
 * whose body itself repeats or alternates, at any depth: (a+)+, ((ab)*)+, (a|ab)*,
 * (x+){20}), are too long, use back-references, or do not compile. A check of the
 * pattern's shape, so a slow pattern is rejected at config load, not at match time;
 * matching is also time-bounded (src/editorial/bounded-regex.ts) for what slips through.
 */
export const MAX_PATTERN_LENGTH = 200;

const NESTED = 'nested quantifier (catastrophic backtracking risk); simplify the pattern';

export function checkRegexSafety(pattern: string): string | null {
  if (pattern.length > MAX_PATTERN_LENGTH) return `pattern longer than ${MAX_PATTERN_LENGTH} characters`;
  try {
    new RegExp(pattern, 'iu');
  } catch (err) {
    return `not a valid regular expression: ${(err as Error).message}`;
  }
  if (/\\[1-9]|\\k</.test(pattern)) return 'back-references are not allowed';
  return hasNestedRepetition(pattern) ? NESTED : null;
}

/** Length of a quantifier starting at `i` that repeats more than once (+, *, {n,}, {n,m} with m > 1), else 0. */
function repeatingQuantifier(p: string, i: number): number {
  const c = p[i];
  if (c === '+' || c === '*') return 1;
  if (c !== '{') return 0;
  const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i));
  if (!m) return 0;
  const max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
  return max > 1 ? m[0].length : 0;
}

/**
 * Walks the pattern once, keeping a stack of open groups and whether each one's body
 * repeats or alternates; a group that does and is itself repeated is the dangerous shape.
 * Character classes and escapes are skipped (a "+" inside [...] is a literal).
 */
function hasNestedRepetition(p: string): boolean {
  const stack: boolean[] = [false];
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') {
      for (i++; i < p.length && p[i] !== ']'; i++) if (p[i] === '\\') i++;
      continue;
    }
    if (c === '(') {
      stack.push(false);
      continue;
    }
    if (c === '|') {
      stack[stack.length - 1] = true;
      continue;
    }
    if (c === ')') {
      const inner = stack.pop() ?? false;
      const q = repeatingQuantifier(p, i + 1);
      if (q && inner) return true;
      // The group's repetition (inner or its own) makes its parent's body repeat.
      if (inner || q) stack[stack.length - 1] = true;
      if (q) i += q;
      continue;
    }
    const q = repeatingQuantifier(p, i);
    if (q) {
      stack[stack.length - 1] = true;
      i += q - 1;
    }
  }
  return false;
}
