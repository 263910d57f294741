import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultFeedsDir, runDemo, type DemoResult } from '../../src/demo/run-demo.js';
import { ManualClock } from '../../src/util/clock.js';
import { createLogger } from '../../src/util/logger.js';

/** Items per sample file, counted from the raw bytes (independently of the feed parsers). */
function itemsInFile(file: string): number {
  const raw = readFileSync(join(defaultFeedsDir(), file), 'latin1');
  if (file.endsWith('.json')) return (JSON.parse(raw) as { items: unknown[] }).items.length;
  return (raw.match(/<item>|<entry>/g) ?? []).length;
}

describe('npm run demo (in-process)', () => {
  let result: DemoResult;
  const lines: string[] = [];

  beforeAll(async () => {
    result = await runDemo({ out: (l) => lines.push(l), clock: new ManualClock('2025-09-15T12:00:00Z'), log: createLogger('silent') });
  });

  const stored = () => result.outcomes.filter((o) => o.status === 'stored').map((o) => ({ a: o.analysis!.article, p: o.analysis!.placement }));
  const bySource = (title: string) => stored().filter(({ a }) => a.source === title);

  it('parses every item of every bundled outlet (RSS, Atom, JSON Feed, ISO-8859-1)', () => {
    expect(result.feeds.length).toBeGreaterThanOrEqual(4);
    expect(new Set(result.feeds.map((f) => f.file.split('.').pop()))).toEqual(new Set(['xml', 'atom', 'json']));
    for (const f of result.feeds) {
      expect(bySource(f.title).length, f.file).toBe(itemsInFile(f.file));
    }
    expect(result.outcomes.filter((o) => o.status === 'failed')).toEqual([]);
  });

  it('decodes the ISO-8859-1 outlet: accents intact, no replacement characters or mojibake', () => {
    const latin = result.feeds.find((f) => /encoding="ISO-8859-1"/i.test(readFileSync(join(defaultFeedsDir(), f.file), 'latin1')));
    expect(latin).toBeDefined();
    expect(latin!.title).toBe('Le Café Numérique (English edition)');
    const text = bySource(latin!.title)
      .map(({ a }) => `${a.title}\n${a.text}`)
      .join('\n');
    for (const accented of ['Élodie Fauré', 'Thérèse Lefèbvre', 'Jürgen Weiß', '« C\'est un signal fort']) expect(text).toContain(accented);
    expect(text).not.toMatch(/\uFFFD|Ã/);
  });

  it('threads the Meta storyline: one story, follow-ups under it, the syndicated copy folded in', () => {
    const meta = stored().filter(({ a }) => a.topics.includes('meta-ai'));
    const storylines = new Set(meta.map(({ a }) => a.storylineId));
    expect(storylines.size).toBe(1);
    const kinds = meta.map(({ p }) => p.kind);
    expect(kinds.filter((k) => k === 'story')).toHaveLength(1);
    expect(kinds.filter((k) => k === 'follow-up')).toHaveLength(2);
    expect(kinds.filter((k) => k === 'duplicate')).toHaveLength(1);

    // The opener is the earliest report (Signal & Noise, 15 July: the Behemoth discussions).
    const opener = meta.find(({ p }) => p.kind === 'story')!.a;
    expect(opener.source).toBe('Signal & Noise');
    expect(opener.published.slice(0, 10)).toBe('2025-07-15');
    expect(meta.every(({ a }) => a.published >= opener.published)).toBe(true);

    // The roundup copy folds into The Inference Ledger's item, not into a story of its own.
    const copy = meta.find(({ p }) => p.kind === 'duplicate')!;
    expect(copy.a.source).toBe('Toolsmith Roundup');
    const original = meta.find(({ a }) => a.id === copy.p.duplicateOf);
    expect(original?.a.source).toBe('The Inference Ledger');
  });

  it("keeps the roundup's unrelated items out of the Meta story", () => {
    const orbisense = stored().filter(({ a }) => /Orbisense/.test(a.title));
    expect(orbisense).toHaveLength(1);
    expect(orbisense[0]!.p.kind).toBe('story');
    expect(orbisense[0]!.a.topics).not.toContain('meta-ai');
  });

  it('prints the storyline threaded (follow-ups indented under the story, the copy as "also reported by") and the timeline', () => {
    const printed = lines.join('\n').split('\n');
    const meta = stored().filter(({ a }) => a.topics.includes('meta-ai'));
    const opener = meta.find(({ p }) => p.kind === 'story')!.a;
    const start = printed.indexOf(`● ${opener.title}`);
    expect(start).toBeGreaterThanOrEqual(0);
    const end = printed.findIndex((l, i) => i > start && l.startsWith('●'));
    const block = printed.slice(start, end === -1 ? undefined : end);
    for (const { a, p } of meta) {
      if (p.kind === 'follow-up') expect(block).toContain(`    ↳ follow-up: ${a.title}`);
      if (p.kind === 'duplicate') expect(block.some((l) => l.startsWith(`    + also reported by ${a.source}`) && l.endsWith(a.url))).toBe(true);
    }
    // A copy is never printed as a story of its own.
    const copy = meta.find(({ p }) => p.kind === 'duplicate')!.a;
    expect(printed).not.toContain(`● ${copy.title}`);

    // The timeline lists the storyline's reports in date order, the copy counted, not repeated.
    const entries = result.timeline.split('\n').filter((l) => /^\d{1,2} \w{3} \d{4}:/.test(l));
    expect(entries).toHaveLength(meta.length - 1);
    expect(entries[0]).toContain(opener.title);
    expect(result.timeline).toContain('+1 more');
  });
});
