import { describe, expect, it } from 'vitest';
import { truncate } from '../../src/util/truncate.js';

describe('truncate', () => {
  it('returns short text unchanged', () => {
    expect(truncate('Meta weighs closing Behemoth', 150)).toBe('Meta weighs closing Behemoth');
  });

  it('cuts at a word boundary and adds an ellipsis within the limit', () => {
    const out = truncate('Meta plans open-source release of next-gen models under new leadership', 30);
    expect(out.length).toBeLessThanOrEqual(30);
    expect(out.endsWith('…')).toBe(true);
    expect(out).toBe('Meta plans open-source…');
  });

  it('never splits an emoji or a flag', () => {
    const text = 'Launch day 👩‍👩‍👧‍👦🇫🇷 for the new model family everywhere';
    for (let max = 5; max < text.length; max++) {
      const out = truncate(text, max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/); // no lone high surrogate
      expect(text.startsWith(out.slice(0, -1))).toBe(true);
    }
  });

  it('does not end inside a protected entity name or a link', () => {
    const text = 'Reports say Alexandr Wang will lead it, see <https://example.org/x|the report> now';
    const cut = truncate(text, 20, ['Alexandr Wang']);
    expect(cut).toBe('Reports say…');
    const link = truncate(text, 60, []);
    expect(link).not.toContain('<https://example.org/x|the');
  });
});
