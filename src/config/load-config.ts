import { readFileSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from '../util/errors.js';
import { configSchema, gazetteerSchema, type EntityConfig, type ThreadlineConfig } from './schema.js';
import { checkRegexSafety } from '../util/safe-regex.js';
import { isValidTimeZone } from '../util/dates.js';

/** Repository root, found from this file whether it runs from src/ (tests) or dist/src/. */
export function projectRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('package.json not found above ' + dirname(fileURLToPath(import.meta.url)));
    dir = up;
  }
  return dir;
}

export const DEFAULT_CONFIG_PATH = 'config/threadline.yaml';

export function resolveConfigPath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag) return resolve(flag);
  if (env.THREADLINE_CONFIG) return resolve(env.THREADLINE_CONFIG);
  const local = resolve(DEFAULT_CONFIG_PATH);
  return existsSync(local) ? local : join(projectRoot(), DEFAULT_CONFIG_PATH);
}

/** `topics[2].id: must match ...` for every issue zod reports. */
export function formatIssues(issues: z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    let path = '';
    for (const key of issue.path) {
      path += typeof key === 'number' ? `[${key}]` : path ? `.${String(key)}` : String(key);
    }
    return `${path || '(root)'}: ${issue.message}`;
  });
}

/** Rules zod cannot express: references between sections and unsafe patterns. */
function crossCheck(config: ThreadlineConfig): string[] {
  const problems: string[] = [];
  if (!isValidTimeZone(config.timeZone)) problems.push(`timeZone: unknown time zone "${config.timeZone}"`);
  const ids = new Set<string>();
  config.topics.forEach((t, i) => {
    if (ids.has(t.id)) problems.push(`topics[${i}].id: duplicate topic id "${t.id}"`);
    if (t.id === 'threadline') problems.push(`topics[${i}].id: "threadline" is reserved for the bot's own command`);
    ids.add(t.id);
  });
  const urls = new Set<string>();
  config.feeds.forEach((f, i) => {
    if (!/^https?:\/\//i.test(f.url)) problems.push(`feeds[${i}].url: only http and https feeds are allowed`);
    if (urls.has(f.url)) problems.push(`feeds[${i}].url: listed twice`);
    urls.add(f.url);
    if (f.kind === 'html' && !f.selectors) problems.push(`feeds[${i}].selectors: required when kind is html`);
  });
  config.channels.forEach((c, i) => {
    if (c.timeZone && !isValidTimeZone(c.timeZone)) problems.push(`channels[${i}].timeZone: unknown time zone "${c.timeZone}"`);
    c.topics.forEach((t, j) => {
      if (t !== '*' && !ids.has(t)) problems.push(`channels[${i}].topics[${j}]: unknown topic "${t}"`);
    });
    for (const side of ['include', 'exclude'] as const) {
      (c.filters?.[side]?.topics ?? []).forEach((t, k) => {
        if (!ids.has(t)) problems.push(`channels[${i}].filters.${side}.topics[${k}]: unknown topic "${t}"`);
      });
      (c.filters?.[side]?.regex ?? []).forEach((pattern, k) => {
        const why = checkRegexSafety(pattern);
        if (why) problems.push(`channels[${i}].filters.${side}.regex[${k}]: ${why}`);
      });
    }
  });
  return problems;
}

export function parseConfig(raw: unknown, file?: string): ThreadlineConfig {
  const result = configSchema.safeParse(raw ?? {});
  if (!result.success) throw new ConfigError(formatIssues(result.error.issues), file);
  const problems = crossCheck(result.data);
  if (problems.length) throw new ConfigError(problems, file);
  return result.data;
}

export function loadConfig(path: string): ThreadlineConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError([`cannot read file: ${(err as NodeJS.ErrnoException).code ?? String(err)}`], path);
  }
  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (err) {
    const where = err instanceof YAMLParseError && err.linePos ? ` at line ${err.linePos[0].line}` : '';
    throw new ConfigError([`not valid YAML${where}: ${(err as Error).message.split('\n')[0]}`], path);
  }
  return parseConfig(raw, path);
}

/** The bundled gazetteer plus the user's `entities:`; a user entry replaces a bundled one of the same name. */
export function loadGazetteer(config: ThreadlineConfig, path = join(projectRoot(), 'config/gazetteer.yaml')): EntityConfig[] {
  if (!existsSync(path)) throw new ConfigError(['the entity gazetteer is missing'], path);
  const parsed = gazetteerSchema.safeParse(parseYaml(readFileSync(path, 'utf8')));
  if (!parsed.success) throw new ConfigError(formatIssues(parsed.error.issues), path);
  const byName = new Map(parsed.data.entities.map((e) => [e.name, e]));
  for (const e of config.entities) byName.set(e.name, e);
  return [...byName.values()];
}
