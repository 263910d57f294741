import { loadConfig, resolveConfigPath } from '../config/load-config.js';
import { loadEnv, readDotenv, type Env } from '../config/env.js';
import type { ThreadlineConfig } from '../config/schema.js';
import { openStore, type SqliteStore } from '../store/sqlite-store.js';
import { createLogger, type Logger } from '../util/logger.js';

/** What every CLI command starts from: validated config, environment, logger. */
export interface CliContext {
  config: ThreadlineConfig;
  configPath: string;
  env: Env;
  log: Logger;
  /** stdout writer, so tests can capture output. */
  out: (line: string) => void;
}

export function loadCliContext(opts: { config?: string }, processEnv: NodeJS.ProcessEnv, out: (line: string) => void): CliContext {
  const rawEnv = readDotenv(processEnv);
  const env = loadEnv(rawEnv);
  const configPath = resolveConfigPath(opts.config, rawEnv);
  const config = loadConfig(configPath);
  return { config, configPath, env, log: createLogger(env.logLevel), out };
}

export function openConfiguredStore(ctx: CliContext, databaseUrl = ctx.env.databaseUrl): SqliteStore {
  return openStore(databaseUrl);
}
