import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { main } from '../../src/cli/main.js';
import { loadConfig, projectRoot } from '../../src/config/load-config.js';
import { openStore } from '../../src/store/sqlite-store.js';
import { ManualClock } from '../../src/util/clock.js';
import { createCommandRouter } from '../../commands/router.js';

/** `threadline manifest slack --url https://x.example`: a manifest Slack accepts as is. */

const env = { DATABASE_URL: ':memory:', LOG_LEVEL: 'silent' };

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, env, (l) => out.push(l), (l) => err.push(l));
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('threadline manifest slack', () => {
  it('prints YAML with the needed scopes, every command, the events and the request URLs', async () => {
    const { code, out } = await run(['manifest', 'slack', '--url', 'https://x.example/']);
    expect(code).toBe(0);
    const manifest = parse(out);

    // Every command the router answers: one per topic of the default config, plus /threadline.
    const config = loadConfig(join(projectRoot(), 'config/threadline.yaml'));
    const store = openStore(':memory:');
    const names = createCommandRouter({ config, store, clock: new ManualClock() }).definitions().map((d) => `/${d.name}`);
    store.close();
    expect(names).toContain('/threadline');
    expect(names).toContain('/meta-ai');
    const commands = manifest.features.slash_commands as { command: string; url: string; description: string; usage_hint: string }[];
    expect(commands.map((c) => c.command).sort()).toEqual([...names].sort());
    for (const c of commands) {
      expect(c.url).toBe('https://x.example/slack/events');
      expect(c.description.length).toBeGreaterThan(0);
    }
    expect(commands.find((c) => c.command === '/meta-ai')!.usage_hint).toBe('timeline [7d|30d|all] [public] | latest | storylines');

    expect(manifest.oauth_config.scopes.bot).toEqual(expect.arrayContaining(['chat:write', 'commands', 'app_mentions:read', 'channels:history']));
    expect(manifest.settings.event_subscriptions).toEqual({ request_url: 'https://x.example/slack/events', bot_events: ['app_mention'] });
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: 'https://x.example/slack/events' });
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(manifest.features.bot_user.display_name).toBeTruthy();
    expect(manifest.display_information.long_description.length).toBeGreaterThanOrEqual(175);
  });

  it('refuses a missing --url with usage (exit 2)', async () => {
    const { code, err } = await run(['manifest', 'slack']);
    expect(code).toBe(2);
    expect(err).toContain('--url');
  });
});
