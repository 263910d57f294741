import { Script, createContext, type Context } from 'node:vm';

/** A user pattern may take this long on one article before it is given up on. */
export const REGEX_TIME_LIMIT_MS = 50;

// Runs inside a vm context so V8 can interrupt a runaway match at the time limit.
const FIRST_MATCH = new Script('(() => { for (let i = 0; i < patterns.length; i++) if (patterns[i].test(text)) return i; return -1; })()');

export type RegexOutcome = { match: RegExp | null; timedOut: RegExp[] };

/**
 * User regular expressions with a time limit per evaluation. Patterns were checked for
 * catastrophic shapes at config load; this is the second line: a pattern that still runs
 * past the limit is disabled (reported once through `timedOut`) and treated as not matching.
 */
export class BoundedRegexSet {
  private readonly context: Context;
  private active: RegExp[];

  constructor(
    patterns: RegExp[],
    private readonly limitMs = REGEX_TIME_LIMIT_MS,
  ) {
    this.active = [...patterns];
    this.context = createContext({ patterns: this.active, text: '' });
  }

  get size(): number {
    return this.active.length;
  }

  firstMatch(text: string): RegexOutcome {
    const timedOut: RegExp[] = [];
    let from = 0;
    while (from < this.active.length) {
      const rest = this.active.slice(from);
      this.context.patterns = rest;
      this.context.text = text;
      try {
        const i = FIRST_MATCH.runInContext(this.context, { timeout: this.limitMs }) as number;
        return { match: i >= 0 ? rest[i]! : null, timedOut };
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'ERR_SCRIPT_EXECUTION_TIMEOUT') throw err;
        // Which pattern was running is not reported: find it by timing each one alone.
        const slow = this.findSlow(rest, text);
        if (!slow) return { match: null, timedOut };
        timedOut.push(slow);
        this.active = this.active.filter((r) => r !== slow);
        from = 0;
      }
    }
    return { match: null, timedOut };
  }

  private findSlow(patterns: RegExp[], text: string): RegExp | null {
    for (const r of patterns) {
      this.context.patterns = [r];
      this.context.text = text;
      try {
        FIRST_MATCH.runInContext(this.context, { timeout: this.limitMs });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return r;
        throw err;
      }
    }
    return null;
  }
}
