import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, o: (l: string) => out.push(l), e: (l: string) => err.push(l) };
}

const env = { DATABASE_URL: ':memory:', LOG_LEVEL: 'silent' };

describe('threadline CLI', () => {
  it('prints usage for --help and exits 0; unknown commands exit 2', async () => {
    const c = capture();
    expect(await main(['--help'], env, c.o, c.e)).toBe(0);
    expect(c.out.join('\n')).toContain('run [--once] [--dry-run]');
    expect(await main(['frobnicate'], env, c.o, c.e)).toBe(2);
    expect(c.err.join('\n')).toContain('unknown command "frobnicate"');
  });

  it('gives per-command help', async () => {
    for (const cmd of ['run', 'feeds', 'timeline', 'replay', 'eval', 'status', 'retry', 'explain', 'manifest', 'register']) {
      const c = capture();
      expect(await main([cmd, '--help'], env, c.o, c.e)).toBe(0);
      expect(c.out.join('\n')).toContain(`threadline ${cmd}`);
    }
  });

  it('refuses an invalid config with the key path, exit 2, no stack trace', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-cli-'));
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'topics:\n  - { id: "Meta AI", title: Meta, keywords: [meta] }\n');
    const c = capture();
    expect(await main(['status', '--config', path], env, c.o, c.e)).toBe(2);
    const text = c.err.join('\n');
    expect(text).toContain('topics[0].id: must match ^[a-z0-9-]{1,32}$');
    expect(text).not.toMatch(/\n\s+at /);
  });

  it('honours THREADLINE_CONFIG', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-cli-'));
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'topics: []\n');
    const c = capture();
    expect(await main(['status'], { ...env, THREADLINE_CONFIG: path }, c.o, c.e)).toBe(2);
    expect(c.err.join('\n')).toContain('topics:');
  });

  it('rejects unknown flags and missing arguments with exit 2', async () => {
    const c = capture();
    expect(await main(['timeline', '--bogus'], env, c.o, c.e)).toBe(2);
    expect(await main(['timeline'], env, c.o, c.e)).toBe(2);
    expect(await main(['timeline', 'no-such-topic'], env, c.o, c.e)).toBe(2);
    expect(c.err.join('\n')).toContain('unknown topic "no-such-topic"');
  });

  it('replays JSONL and prints one line per article with storyline and duplicate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-cli-'));
    const file = join(dir, 'a.jsonl');
    const text =
      'Meta is reportedly planning to open-source portions of its latest artificial intelligence models, a move that could reshape the open-source AI tool ecosystem. Details remain scarce, but the decision signals a shift in strategy and could give developers powerful new foundation models to build on.';
    writeFileSync(
      file,
      [
        { id: 'one', title: 'Meta to open-source parts of its next AI models', url: 'https://a.example/1', published: '2025-09-01T00:00:00Z', source: 'Tools Weekly', text },
        { id: 'two', title: 'Meta reportedly open-sourcing portions of new models', url: 'https://b.example/2?utm_source=x', published: '2025-09-01T05:00:00Z', source: 'Roundup Daily', text: text + ' Also: Xoople raised $130 million to map the Earth.' },
      ]
        .map((o) => JSON.stringify(o))
        .join('\n') + '\n',
    );
    const c = capture();
    expect(await main(['replay', file], env, c.o, c.e)).toBe(0);
    const lines = c.out.map((l) => JSON.parse(l) as { id: string; storyline: string; duplicateOf: string | null; topics: string[] });
    expect(lines.map((l) => l.id)).toEqual(['one', 'two']);
    expect(lines[1]!.duplicateOf).toBe('one');
    expect(lines[1]!.storyline).toBe(lines[0]!.storyline);
    expect(lines[0]!.topics).toContain('meta-ai');
  });

  it('reports a malformed replay file as a usage error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-cli-'));
    const file = join(dir, 'a.jsonl');
    writeFileSync(file, '{"id": "x", "title": \n');
    const c = capture();
    expect(await main(['replay', file], env, c.o, c.e)).toBe(2);
    expect(c.err.join('\n')).toMatch(/a\.jsonl:1: not valid JSON/);
  });
});
