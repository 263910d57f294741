import { createServer } from 'node:http';
import { readdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { ThreadlineApp } from '../app/app.js';
import { formatDryRun } from '../app/dry-run-printer.js';
import { loadConfig, projectRoot } from '../config/load-config.js';
import { loadEnv } from '../config/env.js';
import type { ThreadlineConfig } from '../config/schema.js';
import type { IngestOutcome } from '../pipeline/ingest.js';
import { openStore } from '../store/sqlite-store.js';
import { systemClock } from '../util/clock.js';
import { createLogger } from '../util/logger.js';

/**
 * `npm run demo`: the whole pipeline, offline. Serves the bundled sample feeds on
 * 127.0.0.1, polls them once in dry-run, prints the threaded posts, then answers
 * `/meta-ai timeline all` the way Slack or Discord would receive it.
 */
const CONTENT_TYPES: Record<string, string> = { '.xml': 'application/rss+xml', '.atom': 'application/atom+xml', '.json': 'application/feed+json' };

async function main(): Promise<void> {
  const dir = join(projectRoot(), 'src/demo/feeds');
  const files = readdirSync(dir).filter((f) => CONTENT_TYPES[extname(f)]);
  // Content-Type without a charset: each file declares its own (one is ISO-8859-1).
  const server = createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? '/').slice(1));
    if (!files.includes(name)) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': CONTENT_TYPES[extname(name)]! }).end(readFileSync(join(dir, name)));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const defaults = loadConfig(join(projectRoot(), 'config/threadline.yaml'));
  const config: ThreadlineConfig = {
    ...defaults,
    allowPrivateFeeds: true,
    // The demo shows every sample item; a real first poll posts only the newest `backfill` per feed.
    poll: { ...defaults.poll, backfill: 100, concurrency: 4 },
    feeds: files.map((f) => ({ url: `${base}/${encodeURIComponent(f)}`, name: f.replace(/\.[a-z]+$/, ''), kind: 'rss' as const })),
    channels: [
      { platform: 'slack', id: 'C0DEMOMETA', topics: ['meta-ai'], forum: false },
      { platform: 'discord', id: '100000000000000001', topics: ['*'], forum: false },
    ],
  };
  const out = (line: string) => process.stdout.write(line + '\n');
  const store = openStore(':memory:');
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn');
  const collected: IngestOutcome[] = [];
  const app = new ThreadlineApp({ config, env: loadEnv({ DATABASE_URL: ':memory:' }), store, clock: systemClock, log, onIngested: (o) => collected.push(...o) });
  const started = Date.now();
  try {
    out(`Threadline demo: ${files.length} sample feeds served on ${base} (offline), dry-run.\n`);
    await app.runOnce();
    out(formatDryRun(collected, store, config));
    const stored = collected.filter((o) => o.status === 'stored');
    const dups = stored.filter((o) => o.analysis?.placement.kind === 'duplicate').length;
    const stories = stored.filter((o) => o.analysis?.placement.kind === 'story').length;
    out(`\n${stored.length} articles: ${stories} stories, ${stored.length - stories - dups} follow-ups, ${dups} copies folded in.`);
    out('\n$ /meta-ai timeline all   (what Slack or Discord would show)\n');
    const reply = await app.router.run({ platform: 'slack', command: 'meta-ai', subcommand: 'timeline', args: ['all'], channelId: 'C0DEMOMETA', userId: 'U0DEMO' });
    out(reply.text);
    out(`\nDone in ${((Date.now() - started) / 1000).toFixed(1)} s. Run \`npm start\` to poll the real feeds in config/threadline.yaml.`);
  } finally {
    await app.stop();
    store.close();
    server.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`demo failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 1;
});
