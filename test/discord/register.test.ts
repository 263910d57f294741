import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { CommandDefinition } from '../../commands/types.js';
import { toDiscordCommands } from '../../src/adapters/discord/command-data.js';
import { discordApiBase } from '../../src/adapters/discord/discord-rest.js';
import { registerDiscordCommands } from '../../src/adapters/discord/register-commands.js';
import { UsageError } from '../../src/util/errors.js';
import { FakeDiscordApi } from '../fakes/discord-api.js';

const definitions: CommandDefinition[] = [
  {
    name: 'meta-ai',
    description: 'Meta AI news: timeline, latest stories and storylines',
    subcommands: [
      {
        name: 'timeline',
        description: 'How Meta AI stories evolved, oldest first',
        options: [
          { name: 'period', description: 'How far back', choices: ['7d', '30d', 'all'] },
          { name: 'visibility', description: 'Post it for the whole channel', choices: ['public'] },
        ],
      },
      { name: 'latest', description: 'The newest Meta AI stories', options: [] },
    ],
  },
  {
    name: 'threadline',
    description: 'Threadline settings',
    subcommands: [
      {
        name: 'subscribe',
        description: 'Follow a topic here',
        options: [
          { name: 'note', description: 'Optional note', maxLength: 80 },
          { name: 'topic', description: 'Topic id', required: true },
        ],
      },
    ],
  },
];

let fake: FakeDiscordApi;
beforeEach(async () => {
  fake = await new FakeDiscordApi().start();
});
afterEach(async () => {
  await fake.close();
});

const env = (): { discordToken: string; discordApplicationId: string; discordApiUrl: string } => ({
  discordToken: fake.token,
  discordApplicationId: fake.applicationId,
  discordApiUrl: fake.api,
});

describe('registerDiscordCommands', () => {
  it('bulk-overwrites the global commands with one command per topic and subcommands', async () => {
    const stored = await registerDiscordCommands({ env: env(), definitions });

    const [put] = fake.callsTo('PUT', /commands$/);
    expect(put?.path).toBe(`/applications/${fake.applicationId}/commands`);
    expect(put?.status).toBe(200);
    expect(put?.body).toEqual([
      {
        name: 'meta-ai',
        description: 'Meta AI news: timeline, latest stories and storylines',
        type: 1,
        options: [
          {
            type: 1,
            name: 'timeline',
            description: 'How Meta AI stories evolved, oldest first',
            options: [
              { type: 3, name: 'period', description: 'How far back', required: false, choices: ['7d', '30d', 'all'].map((c) => ({ name: c, value: c })) },
              { type: 3, name: 'visibility', description: 'Post it for the whole channel', required: false, choices: [{ name: 'public', value: 'public' }] },
            ],
          },
          { type: 1, name: 'latest', description: 'The newest Meta AI stories', options: [] },
        ],
      },
      {
        name: 'threadline',
        description: 'Threadline settings',
        type: 1,
        options: [
          {
            type: 1,
            name: 'subscribe',
            description: 'Follow a topic here',
            // Discord wants required options first.
            options: [
              { type: 3, name: 'topic', description: 'Topic id', required: true },
              { type: 3, name: 'note', description: 'Optional note', required: false, max_length: 80 },
            ],
          },
        ],
      },
    ]);
    expect(stored).toHaveLength(2);
    expect(fake.commands.get('global')?.map((c) => c.name)).toEqual(['meta-ai', 'threadline']);
  });

  it('registers in one guild with --guild', async () => {
    await registerDiscordCommands({ env: env(), definitions, guildId: '123456789012345678' });
    expect(fake.callsTo('PUT', /commands$/)[0]?.path).toBe(`/applications/${fake.applicationId}/guilds/123456789012345678/commands`);
    expect(fake.commands.get('guild:123456789012345678')).toHaveLength(2);
  });

  it('refuses a missing application id or a malformed guild id before calling Discord', async () => {
    await expect(registerDiscordCommands({ env: { ...env(), discordApplicationId: null as never }, definitions })).rejects.toBeInstanceOf(UsageError);
    await expect(registerDiscordCommands({ env: env(), definitions, guildId: 'my-server' })).rejects.toBeInstanceOf(UsageError);
    expect(fake.calls).toHaveLength(0);
  });
});

describe('toDiscordCommands', () => {
  it('cuts descriptions to 100 characters and drops choice lists longer than 25', () => {
    const [cmd] = toDiscordCommands([
      {
        name: 'x',
        description: 'd'.repeat(300),
        subcommands: [{ name: 'y', description: 'y', options: [{ name: 'z', description: 'z', choices: Array.from({ length: 30 }, (_, i) => `c${i}`) }] }],
      },
    ]);
    expect(cmd?.description.length).toBeLessThanOrEqual(100);
    expect(cmd?.options[0]?.options[0]?.choices).toBeUndefined();
  });

  it('refuses names Discord would reject', () => {
    expect(() => toDiscordCommands([{ name: 'Meta AI', description: 'x', subcommands: [] }])).toThrow(UsageError);
  });
});

describe('threadline register discord (the CLI, with the real command definitions)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'tl-register-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(args: string[], over: Record<string, string> = {}): Promise<{ code: number; out: string; err: string }> {
    const path = join(dir, 'threadline.yaml');
    writeFileSync(
      path,
      ['topics:', '  - { id: meta-ai, title: Meta AI, keywords: [meta] }', '  - { id: openai, title: OpenAI, keywords: [openai] }', 'channels: []', ''].join('\n'),
    );
    const out: string[] = [];
    const err: string[] = [];
    const env = { DATABASE_URL: ':memory:', LOG_LEVEL: 'silent', DISCORD_TOKEN: fake.token, DISCORD_APPLICATION_ID: fake.applicationId, DISCORD_API_URL: fake.api, ...over };
    const code = await main(['register', 'discord', ...args, '--config', path], env, (l) => out.push(l), (l) => err.push(l));
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('bulk-overwrites global commands: one per topic with timeline|latest|storylines, and /threadline', async () => {
    const result = await run([]);
    expect(result.code).toBe(0);
    expect(result.out).toContain('Registered 3 command(s) globally.');
    const puts = fake.callsTo('PUT', /commands$/);
    expect(puts.map((c) => [c.path, c.status, c.authorization])).toEqual([[`/applications/${fake.applicationId}/commands`, 200, `Bot ${fake.token}`]]);
    const stored = fake.commands.get('global') ?? [];
    const shape = Object.fromEntries(stored.map((c: { name: string; options: { name: string; type: number }[] }) => [c.name, c.options.map((o) => `${o.type}:${o.name}`)]));
    expect(shape['meta-ai']).toEqual(['1:timeline', '1:latest', '1:storylines']);
    expect(shape.openai).toEqual(['1:timeline', '1:latest', '1:storylines']);
    expect(shape.threadline).toEqual(expect.arrayContaining(['1:subscribe', '1:unsubscribe', '1:topics', '1:feeds', '1:status', '1:help']));
    // A second run replaces the set instead of adding to it.
    expect((await run([])).code).toBe(0);
    expect(fake.commands.get('global')).toHaveLength(3);
  });

  it('registers in one guild with --guild ID, and refuses a bad guild id or missing credentials with exit 2', async () => {
    const result = await run(['--guild', '123456789012345678']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('in guild 123456789012345678');
    expect(fake.callsTo('PUT', /commands$/).map((c) => c.path)).toEqual([`/applications/${fake.applicationId}/guilds/123456789012345678/commands`]);
    expect(fake.commands.get('global')).toBeUndefined();

    const bad = await run(['--guild', 'my-server']);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--guild must be a Discord guild id');
    const noToken = await run([], { DISCORD_TOKEN: '' });
    expect(noToken.code).toBe(2);
    expect(noToken.err).toContain('DISCORD_TOKEN');
    expect(fake.callsTo('PUT', /commands$/)).toHaveLength(1);
  });
});

describe('DISCORD_API_URL', () => {
  it('is the REST base without the version; a trailing slash or /v10 is tolerated; unset means Discord itself', () => {
    expect(discordApiBase({ discordApiUrl: 'http://127.0.0.1:9000/api' })).toBe('http://127.0.0.1:9000/api');
    expect(discordApiBase({ discordApiUrl: 'http://127.0.0.1:9000/api/v10/' })).toBe('http://127.0.0.1:9000/api');
    expect(discordApiBase({ discordApiUrl: null })).toBe('https://discord.com/api');
  });
});
