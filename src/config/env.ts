import { existsSync, readFileSync } from 'node:fs';
import { parse as parseDotenv } from 'dotenv';

/** Secrets and deployment settings; they come only from the environment (and `.env`). */
export interface Env {
  slackBotToken: string | null;
  slackSigningSecret: string | null;
  slackAppToken: string | null;
  slackApiUrl: string | null;
  discordToken: string | null;
  discordApplicationId: string | null;
  discordPublicKey: string | null;
  discordApiUrl: string | null;
  port: number;
  databaseUrl: string;
  logLevel: string;
}

export const DEFAULT_DATABASE_URL = './data/threadline.db';

export const SECRET_ENV_KEYS = ['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN', 'DISCORD_TOKEN', 'DISCORD_PUBLIC_KEY'] as const;

/** Values from `.env` fill in only what the real environment leaves unset. */
export function readDotenv(env: NodeJS.ProcessEnv, path = '.env'): NodeJS.ProcessEnv {
  if (!existsSync(path)) return env;
  const fromFile = parseDotenv(readFileSync(path));
  return { ...fromFile, ...env };
}

export function loadEnv(env: NodeJS.ProcessEnv = process.env): Env {
  const get = (k: string): string | null => {
    const v = env[k]?.trim();
    return v ? v : null;
  };
  const port = Number(get('PORT') ?? 3000);
  return {
    slackBotToken: get('SLACK_BOT_TOKEN'),
    slackSigningSecret: get('SLACK_SIGNING_SECRET'),
    slackAppToken: get('SLACK_APP_TOKEN'),
    slackApiUrl: get('SLACK_API_URL'),
    discordToken: get('DISCORD_TOKEN'),
    discordApplicationId: get('DISCORD_APPLICATION_ID'),
    discordPublicKey: get('DISCORD_PUBLIC_KEY'),
    discordApiUrl: get('DISCORD_API_URL'),
    port: Number.isInteger(port) && port >= 0 && port < 65536 ? port : 3000,
    databaseUrl: get('DATABASE_URL') ?? DEFAULT_DATABASE_URL,
    logLevel: get('LOG_LEVEL') ?? 'info',
  };
}
