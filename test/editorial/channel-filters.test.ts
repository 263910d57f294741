import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainArticle } from '../../src/app/explain.js';
import { ManualClock } from '../../src/util/clock.js';
import { FeedServer } from '../feeds/feed-server.js';
import { rss, type FixtureItem } from '../feeds/feed-fixtures.js';
import { AppHarness } from '../pipeline/app-harness.js';

/**
 * Per-channel include/exclude rules on topics, entities, outlets, keywords and regular
 * expressions, applied by the real pipeline to items polled from feeds on 127.0.0.1.
 * Which channel gets which article is read from the outbox; why not, from `explain`.
 */

// Invented news, written for this test.
const LLAMA: FixtureItem = {
  title: 'Meta releases open weights of a new Llama model for phones',
  link: 'https://labwire.example/meta-llama-phones',
  guid: 'lw-1',
  date: 'Tue, 15 Jul 2025 08:00:00 GMT',
  description: 'Meta published open weights of a compact Llama model that runs on phones, with a licence allowing commercial use.',
};
const BITCOIN: FixtureItem = {
  title: 'Hedge fund lets an AI model trade bitcoin around the clock',
  link: 'https://cryptobeat.example/ai-trader',
  guid: 'cb-9',
  date: 'Tue, 15 Jul 2025 09:00:00 GMT',
  description: 'A London hedge fund handed its bitcoin book to a trading model that rebalances every minute, and reported lower losses.',
};
const GPT: FixtureItem = {
  title: 'OpenAI ships its GPT-5 model to all ChatGPT users',
  link: 'https://labwire.example/gpt5-rollout',
  guid: 'lw-2',
  date: 'Tue, 15 Jul 2025 10:00:00 GMT',
  description: 'OpenAI made GPT-5 the default model in ChatGPT for free and paid users, replacing the older GPT-4o model.',
};

const feeds = new FeedServer();
let h: AppHarness;

beforeAll(async () => {
  await feeds.start();
  feeds.route('/labwire.xml', () => ({ body: rss([GPT, LLAMA], { title: 'Lab Wire' }) }));
  feeds.route('/cryptobeat.xml', () => ({ body: rss([BITCOIN], { title: 'Crypto Beat' }) }));
  const ch = (id: string, filters?: unknown, extra: Record<string, unknown> = {}) => ({ platform: 'slack', id, topics: ['ai'], ...(filters ? { filters } : {}), ...extra });
  h = new AppHarness(
    {
      poll: { backfill: 10 },
      feeds: [
        { url: feeds.url('/labwire.xml'), name: 'Lab Wire' },
        { url: feeds.url('/cryptobeat.xml'), name: 'Crypto Beat' },
      ],
      topics: [
        { id: 'ai', title: 'AI', keywords: ['model'] },
        { id: 'open-models', title: 'Open models', keywords: ['open weights'] },
      ],
      channels: [
        ch('CALL'),
        ch('CTOPIC', { include: { topics: ['open-models'] } }),
        ch('CNOMETA', { exclude: { entities: ['meta'] } }),
        ch('CNOCRYPTO', { exclude: { outlets: ['crypto beat'] } }),
        ch('CNOBTC', { exclude: { keywords: ['Bitcoin'] } }),
        ch('CNOCOIN', { exclude: { keywords: ['coin'] } }),
        ch('CGPT', { include: { regex: ['gpt-?\\d'] } }),
        ch('CMIX', { include: { entities: ['OpenAI', 'Meta'] }, exclude: { regex: ['llama'] } }),
        ch('CDIGEST', undefined, { digest: { every: 'daily', at: '08:00', only: true } }),
      ],
    },
    new ManualClock('2025-07-15T12:00:00Z'),
  ).open();
  await h.poll();
});

afterAll(async () => {
  await h.close();
  await h.dispose();
  await feeds.close();
});

const titleOf = new Map([LLAMA, BITCOIN, GPT].map((i) => [i.title, i.guid!]));
function receivedBy(channelId: string): string[] {
  return h.store
    .listDeliveries()
    .filter((d) => d.channelId === channelId)
    .map((d) => titleOf.get(d.post.headline) ?? d.post.headline)
    .sort();
}
const why = (item: FixtureItem) => explainArticle(h.store, item.link);

describe('channel filters through the pipeline', () => {
  it('delivers each article only where the channel\'s rules let it through', () => {
    expect(receivedBy('CALL')).toEqual(['cb-9', 'lw-1', 'lw-2']);
    expect(receivedBy('CTOPIC')).toEqual(['lw-1']);
    expect(receivedBy('CNOMETA')).toEqual(['cb-9', 'lw-2']);
    expect(receivedBy('CNOCRYPTO')).toEqual(['lw-1', 'lw-2']);
    expect(receivedBy('CNOBTC')).toEqual(['lw-1', 'lw-2']);
    // Keywords match whole words: "coin" is not "bitcoin".
    expect(receivedBy('CNOCOIN')).toEqual(['cb-9', 'lw-1', 'lw-2']);
    expect(receivedBy('CGPT')).toEqual(['lw-2']);
    expect(receivedBy('CMIX')).toEqual(['lw-2']);
    expect(receivedBy('CDIGEST')).toEqual([]);
  });

  it('names the rule that turned each article away', () => {
    const llama = why(LLAMA);
    expect(llama).toContain('Filtered out for slack CNOMETA: exclude entity Meta.');
    expect(llama).toContain('Filtered out for slack CGPT: include (no include rule matched).');
    expect(llama).toContain('Filtered out for slack CMIX: exclude regex /llama/.');
    expect(llama).toContain('Filtered out for slack CDIGEST: digest only (daily).');
    const bitcoin = why(BITCOIN);
    expect(bitcoin).toContain('Filtered out for slack CNOCRYPTO: exclude outlet Crypto Beat.');
    expect(bitcoin).toContain('Filtered out for slack CNOBTC: exclude keyword Bitcoin.');
    expect(bitcoin).toContain('Filtered out for slack CTOPIC: include (no include rule matched).');
    expect(bitcoin).not.toContain('Filtered out for slack CNOCOIN');
    expect(why(GPT)).not.toMatch(/Filtered out for slack C(ALL|GPT|MIX|NOMETA)/);
  });
});
