import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, loadGazetteer, parseConfig, projectRoot } from '../../src/config/load-config.js';
import { loadEnv } from '../../src/config/env.js';
import { ConfigError } from '../../src/util/errors.js';

const minimal = { topics: [{ id: 'meta-ai', title: 'Meta AI', keywords: ['meta'] }] };

function issuesOf(raw: unknown): string[] {
  try {
    parseConfig(raw);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).issues;
  }
  throw new Error('config was accepted');
}

describe('config', () => {
  it('accepts the shipped default config with the topics the product promises', () => {
    const config = loadConfig(join(projectRoot(), 'config/threadline.yaml'));
    expect(config.feeds.length).toBeGreaterThanOrEqual(10);
    const ids = config.topics.map((t) => t.id);
    for (const id of ['meta-ai', 'openai', 'anthropic', 'google-deepmind', 'open-weights', 'ai-funding']) expect(ids).toContain(id);
    expect(config.poll).toMatchObject({ interval: 600_000, concurrency: 8, timeout: 15_000, backfill: 3 });
  });

  it('fills defaults and parses durations', () => {
    const config = parseConfig({ ...minimal, poll: { interval: '90s', timeout: '2s' } });
    expect(config.poll.interval).toBe(90_000);
    expect(config.poll.timeout).toBe(2_000);
    expect(config.poll.maxBodyBytes).toBe(5 * 1024 * 1024);
    expect(config.story.duplicateThreshold).toBe(0.5);
  });

  it('reports the key path and the reason for a bad topic id', () => {
    const topics = [...minimal.topics, { id: 'openai', title: 'OpenAI', keywords: ['openai'] }, { id: 'Bad Id!', title: 'x', keywords: ['x'] }];
    expect(issuesOf({ topics })).toEqual(['topics[2].id: must match ^[a-z0-9-]{1,32}$']);
  });

  it('reports unknown keys, bad durations, unknown topics in channels and unsafe regexes', () => {
    const issues = issuesOf({ ...minimal, poll: { interval: 'often' }, colour: 'red' });
    expect(issues.some((i) => i.startsWith('poll.interval: must be a duration'))).toBe(true);
    expect(issues.some((i) => i.includes('colour'))).toBe(true);
    expect(issuesOf({ ...minimal, channels: [{ platform: 'slack', id: 'C1', topics: ['nope'] }] })).toEqual([
      'channels[0].topics[0]: unknown topic "nope"',
    ]);
    const regexIssues = issuesOf({ ...minimal, channels: [{ platform: 'slack', id: 'C1', topics: ['*'], filters: { exclude: { regex: ['(a+)+$'] } } }] });
    expect(regexIssues[0]).toMatch(/^channels\[0\]\.filters\.exclude\.regex\[0\]: nested quantifier/);
  });

  it('refuses a file that is not YAML with the line, and a missing file with its code', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tl-config-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'topics:\n  - id: x\n   title: [unclosed\n');
    expect(() => loadConfig(bad)).toThrow(/not valid YAML at line \d+/);
    expect(() => loadConfig(join(dir, 'missing.yaml'))).toThrow(/cannot read file: ENOENT/);
  });

  it('merges user entities over the bundled gazetteer', () => {
    const config = parseConfig({ ...minimal, entities: [{ name: 'Xoople', kind: 'company' }] });
    const names = loadGazetteer(config).map((e) => e.name);
    expect(names).toContain('Xoople');
    expect(names).toContain('Meta');
  });

  it('reads secrets only from the environment, with defaults for the rest', () => {
    const env = loadEnv({ SLACK_BOT_TOKEN: ' xoxb-1 ', PORT: 'abc' });
    expect(env.slackBotToken).toBe('xoxb-1');
    expect(env.discordToken).toBeNull();
    expect(env.port).toBe(3000);
    expect(env.databaseUrl).toBe('./data/threadline.db');
  });
});
