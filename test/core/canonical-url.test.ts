import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../src/core/canonical-url.js';

const CANONICAL = 'https://example.com/2025/07/meta-behemoth';

describe('canonicalUrl', () => {
  it('folds scheme, host case and www. into one key', () => {
    for (const url of [
      'https://example.com/2025/07/meta-behemoth',
      'http://example.com/2025/07/meta-behemoth',
      'https://WWW.Example.COM/2025/07/meta-behemoth',
      'http://www.example.com/2025/07/meta-behemoth',
      'https://example.com:443/2025/07/meta-behemoth',
    ]) {
      expect(canonicalUrl(url), url).toBe(CANONICAL);
    }
  });

  it('keeps the case of the path: only the host is case-insensitive', () => {
    expect(canonicalUrl('https://Example.com/News/Meta')).toBe('https://example.com/News/Meta');
  });

  it('removes utm_*, fbclid, gclid, ref and the fragment', () => {
    expect(canonicalUrl(`${CANONICAL}?utm_source=rss&utm_medium=feed&utm_campaign=x&UTM_Term=y`)).toBe(CANONICAL);
    expect(canonicalUrl(`${CANONICAL}?fbclid=IwAR0abc`)).toBe(CANONICAL);
    expect(canonicalUrl(`${CANONICAL}?gclid=Cj0KCQ`)).toBe(CANONICAL);
    expect(canonicalUrl(`${CANONICAL}?ref=newsletter`)).toBe(CANONICAL);
    expect(canonicalUrl(`${CANONICAL}#comments`)).toBe(CANONICAL);
    expect(canonicalUrl(`${CANONICAL}/?utm_source=x&fbclid=y&gclid=z&ref=t#top`)).toBe(CANONICAL);
  });

  it('keeps parameters that select content, sorted so their order does not matter', () => {
    expect(canonicalUrl('https://example.com/article?id=42&utm_source=rss')).toBe('https://example.com/article?id=42');
    expect(canonicalUrl('https://example.com/search?q=llama&page=2')).toBe(canonicalUrl('https://example.com/search?page=2&q=llama'));
    expect(canonicalUrl('https://example.com/search?q=llama&page=2')).not.toBe(canonicalUrl('https://example.com/search?q=llama&page=3'));
    // "ref" is tracking, but a parameter that merely starts with it is not.
    expect(canonicalUrl('https://example.com/a?reference=7')).toBe('https://example.com/a?reference=7');
  });

  it('folds AMP variants into the regular page', () => {
    for (const url of [
      'https://example.com/2025/07/meta-behemoth/amp',
      'https://example.com/2025/07/meta-behemoth/amp/',
      'https://example.com/amp/2025/07/meta-behemoth',
      'https://amp.example.com/2025/07/meta-behemoth',
      'https://example.com/2025/07/meta-behemoth?amp=1',
      'https://example.com/2025/07/meta-behemoth?outputType=amp',
    ]) {
      expect(canonicalUrl(url), url).toBe(CANONICAL);
    }
    expect(canonicalUrl('https://example.com/2025/07/meta-behemoth.amp.html')).toBe('https://example.com/2025/07/meta-behemoth.html');
  });

  it('does not fold words that merely contain "amp"', () => {
    expect(canonicalUrl('https://example.com/2025/07/campus-news')).toBe('https://example.com/2025/07/campus-news');
    expect(canonicalUrl('https://example.com/ampere-chips')).toBe('https://example.com/ampere-chips');
  });

  it('drops a trailing slash and folds repeated slashes', () => {
    expect(canonicalUrl(`${CANONICAL}/`)).toBe(CANONICAL);
    expect(canonicalUrl(`${CANONICAL}//`)).toBe(CANONICAL);
    expect(canonicalUrl('https://example.com//2025//07/meta-behemoth')).toBe(CANONICAL);
    expect(canonicalUrl('https://example.com/')).toBe('https://example.com');
    expect(canonicalUrl('https://example.com')).toBe('https://example.com');
  });

  it('keeps a non-default port and tells different paths and hosts apart', () => {
    expect(canonicalUrl('http://example.com:8080/a')).toBe('https://example.com:8080/a');
    expect(canonicalUrl('https://example.com/a')).not.toBe(canonicalUrl('https://example.com/b'));
    expect(canonicalUrl('https://news.example.com/a')).not.toBe(canonicalUrl('https://example.com/a'));
  });

  it('returns input that is not an absolute http(s) URL trimmed, without throwing', () => {
    expect(canonicalUrl('  not a url ')).toBe('not a url');
    expect(canonicalUrl('')).toBe('');
    expect(canonicalUrl('mailto:tips@example.com')).toBe('mailto:tips@example.com');
    expect(canonicalUrl('/relative/path')).toBe('/relative/path');
  });

  it('is idempotent', () => {
    const once = canonicalUrl('HTTP://www.Example.com/amp/a/b/?utm_source=x&z=1&a=2#frag');
    expect(canonicalUrl(once)).toBe(once);
    expect(once).toBe('https://example.com/a/b?a=2&z=1');
  });
});
