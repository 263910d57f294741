import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config/load-config.js';

/** The dependency rule, checked: the core and commands never reach a platform. */
const root = projectRoot();

function tsFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? tsFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

function imports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1] ?? m[2]!);
}

const PLATFORM = /^(@slack\/|discord\.js|@discordjs\/|discord-api-types)|adapters\//;

describe('architecture', () => {
  for (const area of ['src/core', 'commands', 'src/store', 'src/pipeline']) {
    it(`${area} imports no adapter, Bolt or discord.js`, () => {
      const offenders = tsFiles(join(root, area)).flatMap((f) => imports(f).filter((i) => PLATFORM.test(i)).map((i) => `${relative(root, f)} -> ${i}`));
      expect(offenders).toEqual([]);
    });
  }

  it('src/core does no I/O (no fs, net, http, child_process)', () => {
    const offenders = tsFiles(join(root, 'src/core')).flatMap((f) =>
      imports(f).filter((i) => /^(node:)?(fs|net|http|https|child_process|dgram)$/.test(i)).map((i) => `${relative(root, f)} -> ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('the slack adapter does not import the discord adapter or vice versa', () => {
    const cross = [
      ...tsFiles(join(root, 'src/adapters/slack')).flatMap((f) => imports(f).filter((i) => /discord/.test(i))),
      ...tsFiles(join(root, 'src/adapters/discord')).flatMap((f) => imports(f).filter((i) => /slack/.test(i))),
    ];
    expect(cross).toEqual([]);
  });
});
