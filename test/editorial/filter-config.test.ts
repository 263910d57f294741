import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/config/load-config.js';
import { ConfigError } from '../../src/util/errors.js';
import { checkRegexSafety } from '../../src/util/safe-regex.js';
import { BoundedRegexSet } from '../../src/editorial/bounded-regex.js';
import { ChannelFilter } from '../../src/editorial/filters.js';
import { makeArticle } from '../helpers/articles.js';

/** Filter config: unknown topics and dangerous regex shapes refused at load, and regex matching bounded for the rest. */

const config = (regex: string[]) => ({
  topics: [{ id: 'ai', title: 'AI', keywords: ['model'] }],
  channels: [{ platform: 'slack', id: 'C1', topics: ['ai'], filters: { exclude: { regex } } }],
});

describe('filter regex safety', () => {
  it.each(['(a+)+$', '(a*)*b', '((ab)*)+', '(?:x+y?)+z', '(a|ab)*c', '(\\w+\\s?)+$', '(x+){20}', '((a+))+'])('rejects the catastrophic pattern %s', (p) => {
    expect(checkRegexSafety(p)).toMatch(/nested quantifier/);
  });

  it.each(['super\\w+ lab', '(open|closed)[- ]?weights?', 'gpt-?\\d+(\\.\\d+)?', '(ab)+', '[(+]+x', '\\(a+\\)+', 'llama ?[34]'])('accepts the ordinary pattern %s', (p) => {
    expect(checkRegexSafety(p)).toBeNull();
  });

  it('refuses back-references, invalid and over-long patterns', () => {
    expect(checkRegexSafety('(a)\\1')).toMatch(/back-references/);
    expect(checkRegexSafety('(unclosed')).toMatch(/not a valid regular expression/);
    expect(checkRegexSafety('a'.repeat(201))).toMatch(/longer than 200/);
  });

  it('names the channel, side and index of a refused pattern when the config loads', () => {
    let error: unknown;
    try {
      parseConfig(config(['fine', '(a+)+$']));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).message).toContain('channels[0].filters.exclude.regex[1]: nested quantifier (catastrophic backtracking risk)');
    expect(() => parseConfig(config(['bitcoin|crypto']))).not.toThrow();
  });

  it('refuses a filter on a topic that does not exist, which would silently drop everything', () => {
    const raw = { ...config([]), channels: [{ platform: 'slack', id: 'C1', topics: ['ai'], filters: { include: { topics: ['a1'] } } }] };
    expect(() => parseConfig(raw)).toThrow(/channels\[0\]\.filters\.include\.topics\[0\]: unknown topic "a1"/);
  });

  it('gives up on a pattern that still runs away, disables it, and keeps evaluating the others', () => {
    // Built directly, bypassing the config check, to prove the second line of defence.
    const runaway = /(a+)+$/u;
    const set = new BoundedRegexSet([runaway, /behemoth/iu], 20);
    const text = `${'a'.repeat(3000)}! Meta weighs closing Behemoth`;
    const first = set.firstMatch(text);
    expect(first.timedOut).toEqual([runaway]);
    expect(first.match?.source).toBe('behemoth');
    expect(set.size).toBe(1);
    expect(set.firstMatch(text)).toEqual({ match: /behemoth/iu, timedOut: [] });
  });

  it('reports a timed-out filter pattern through the channel filter and treats it as not matching', () => {
    const slow: string[] = [];
    const filter = new ChannelFilter({ exclude: { regex: ['(a+)+$'] } }, (side, pattern) => slow.push(`${side} ${pattern}`));
    const article = makeArticle({ title: 'Long run', text: `${'a'.repeat(3000)}!` });
    expect(filter.check(article)).toEqual({ pass: true });
    expect(slow).toEqual(['exclude (a+)+$']);
  });
});
