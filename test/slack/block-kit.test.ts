import { WebClient } from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Limits, type SlackBlock } from '../../src/adapters/slack/block-kit.js';
import { followUpMessage, storyMessage } from '../../src/adapters/slack/render-post.js';
import { renderReply } from '../../src/adapters/slack/render-reply.js';
import { SlackSender } from '../../src/adapters/slack/slack-sender.js';
import type { Post, PostKind, TimelineEntry } from '../../src/core/types.js';
import { openStore } from '../../src/store/sqlite-store.js';
import { ManualClock } from '../../src/util/clock.js';
import { sendJob } from '../helpers/send-job.js';
import { silentLogger } from '../../src/util/logger.js';
import { FakeSlackApi } from '../fakes/slack-api.js';
import { slackConfig } from './harness.js';

/** Every message stays within Slack's Block Kit limits, cut where a reader expects. */

const TZ = 'Europe/Berlin';
const FAMILY = '👩‍👩‍👧‍👦';
const graphemes = (s: string) => [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)].map((g) => g.segment);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function post(over: Partial<Post> = {}): Post {
  return {
    kind: 'story',
    articleId: 'a1',
    storylineId: 's-a1',
    headline: 'Meta releases Llama 5 Behemoth',
    summary: 'Meta released its largest model.',
    whatsNew: [],
    outlet: 'Neural Dispatch',
    url: 'https://neuraldispatch.example/llama-5',
    published: '2025-07-14T09:00:00.000Z',
    entities: ['Meta', 'Llama 5 Behemoth'],
    topics: ['meta-ai'],
    angle: { topic: 'meta-ai', label: 'open' },
    angleChanged: false,
    alsoReportedBy: [],
    body: null,
    ...over,
  };
}

/** Checks every limit the fake (and Slack) enforces. */
function expectWithinLimits(blocks: SlackBlock[]): void {
  expect(blocks.length).toBeLessThanOrEqual(Limits.blocks);
  expect(JSON.stringify(blocks).length).toBeLessThanOrEqual(Limits.blocksJson);
  for (const b of blocks) {
    if (b.type === 'header') expect(b.text.text.length).toBeLessThanOrEqual(Limits.header);
    if (b.type === 'section') expect(b.text.text.length).toBeLessThanOrEqual(Limits.section);
    if (b.type === 'context') expect(b.elements.length).toBeLessThanOrEqual(Limits.contextElements);
    expect(JSON.stringify(b)).not.toMatch(LONE_SURROGATE);
  }
}

/** `cut` is `original` up to a word end, plus an ellipsis. */
function expectWordBoundaryCut(cut: string, original: string): void {
  expect(cut.endsWith('…')).toBe(true);
  const kept = cut.slice(0, -1);
  expect(original.startsWith(kept)).toBe(true);
  expect(original[kept.length]).toMatch(/[\s,;:.]/);
}

describe('Block Kit limits', () => {
  it('cuts an over-long headline to 150 at a word boundary, with an ellipsis', () => {
    const headline = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    const header = storyMessage(post({ headline }), TZ).blocks[0]!;
    expect(header.type).toBe('header');
    const text = (header as { text: { text: string } }).text.text;
    expect(text.length).toBeLessThanOrEqual(150);
    expectWordBoundaryCut(text, headline);
  });

  it('never cuts inside an emoji, whatever its length in UTF-16 units', () => {
    for (let pad = 130; pad < 150; pad++) {
      const headline = `${'x'.repeat(pad)}${FAMILY}${FAMILY}${FAMILY}${FAMILY}${FAMILY} end`;
      const header = storyMessage(post({ headline }), TZ).blocks[0] as { text: { text: string } };
      const text = header.text.text;
      expect(text.length).toBeLessThanOrEqual(150);
      expect(text).not.toMatch(LONE_SURROGATE);
      const kept = graphemes(text.slice(0, -1));
      expect(graphemes(headline).slice(0, kept.length)).toEqual(kept);
    }
  });

  it('keeps a 3000-character section limit without breaking an &amp; entity or an entity name', () => {
    const summary = `${'Meta & partners ship models. '.repeat(150)}Llama 5 Behemoth closes it.`;
    const message = storyMessage(post({ summary }), TZ);
    expectWithinLimits(message.blocks);
    const section = message.blocks.find((b) => b.type === 'section') as { text: { text: string } };
    expect(section.text.text.length).toBeLessThanOrEqual(3000);
    expect(section.text.text.endsWith('…')).toBe(true);
    // Every & left is the start of a whole escape.
    expect(section.text.text.replace(/&(amp|lt|gt);/g, '')).not.toContain('&');
  });

  it('packs a 300-entry timeline into at most 50 blocks and counts what did not fit', () => {
    const entries: TimelineEntry[] = Array.from({ length: 300 }, (_, i) => ({
      articleId: `a${i}`,
      storylineId: `s${i}`,
      published: new Date(Date.UTC(2025, 0, 1) + i * 86_400_000).toISOString(),
      dateLabel: `day ${i}`,
      headline: `Meta story number ${i} with a reasonably long headline about models and chips`,
      outlet: 'Neural Dispatch',
      moreCount: 0,
      summary: '',
      angle: null,
      url: `https://neuraldispatch.example/story/${i}/${'x'.repeat(60)}`,
    }));
    const reply = renderReply({ visibility: 'ephemeral', text: 'Meta AI timeline', blocks: [{ type: 'heading', text: 'Meta AI timeline' }, { type: 'timeline', entries }] });
    expectWithinLimits(reply.blocks);
    const last = reply.blocks[reply.blocks.length - 1]!;
    expect(last.type).toBe('context');
    const more = Number(/…and (\d+) more/.exec(JSON.stringify(last))?.[1]);
    const shown = reply.blocks.filter((b) => b.type === 'section').flatMap((b) => (b as { text: { text: string } }).text.text.split('\n'));
    expect(shown.length + more).toBe(300);
    // Entries are whole lines: a link is never cut.
    for (const line of shown) expect(line).toMatch(/<https:[^|>]+\|[^>]+>/);
  });

  it('a follow-up with many long what-is-new sentences stays within limits', () => {
    const whatsNew = Array.from({ length: 80 }, (_, i) => `Sentence ${i}: ${'Meta said more about the model and its licence. '.repeat(4)}`);
    const message = followUpMessage(post({ kind: 'follow-up', whatsNew }), TZ);
    expectWithinLimits(message.blocks);
    expect(message.text.length).toBeLessThanOrEqual(Limits.fallbackText);
  });
});

describe('extreme posts through the real sender', () => {
  let fake: FakeSlackApi;
  beforeAll(async () => {
    fake = await new FakeSlackApi().start();
  });
  afterAll(() => fake.close());

  it('Slack (the fake, which enforces the limits) accepts the story, the follow-up and the root update', async () => {
    const store = openStore(':memory:');
    const client = new WebClient(fake.token, { slackApiUrl: fake.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
    const sender = new SlackSender({ client, store, config: slackConfig(), clock: new ManualClock(), log: silentLogger() });
    const huge = post({
      headline: `${'Meta '.repeat(60)}${FAMILY}`,
      summary: 'Behemoth & friends. '.repeat(400),
      entities: Array.from({ length: 30 }, (_, i) => `Entity ${i}`),
      alsoReportedBy: Array.from({ length: 120 }, (_, i) => ({ outlet: `Outlet ${i}`, url: `https://outlet${i}.example/${'p'.repeat(40)}`, title: 't' })),
    });
    const story = await sender.send(job('C0META', 'story', huge));
    const thread = { platform: 'slack' as const, channelId: 'C0META', storylineId: 's-a1', messageId: story.messageId, threadId: story.threadId!, updatedAt: '2025-07-14T09:00:00Z' };
    await sender.send({ ...job('C0META', 'follow-up', post({ whatsNew: Array.from({ length: 100 }, () => 'Meta & Behemoth news. '.repeat(20)) })), thread });
    await sender.send({ ...job('C0META', 'update', huge), thread });
    expect(fake.calls.map((c) => [c.method, c.response.ok])).toEqual([
      ['chat.postMessage', true],
      ['chat.postMessage', true],
      ['chat.update', true],
    ]);
    expect(fake.replies('C0META', story.messageId)).toHaveLength(1);

    // Notices and digests are top-level messages of their own.
    const digestLines = Array.from({ length: 200 }, (_, i) => `• Meta story ${i} & more (Neural Dispatch) https://neuraldispatch.example/d/${i}`);
    const notice = await sender.send(job('C0META', 'notice', post({ headline: 'Feed failing: Neural Dispatch', body: 'The feed answered HTTP 500 & timed out. '.repeat(300) })));
    const digest = await sender.send(job('C0META', 'digest', post({ headline: 'Meta AI this week', summary: '200 stories', body: digestLines.join('\n') })));
    expect([notice.threadId, digest.threadId]).toEqual([null, null]);
    const sent = fake.calls.slice(-2);
    expect(sent.map((c) => c.response.ok)).toEqual([true, true]);
    for (const c of sent) expectWithinLimits(c.args.blocks);
    expect(JSON.stringify(sent[1]!.args.blocks)).toMatch(/…and \d+ more/);
    store.close();
  });
});

function job(channelId: string, kind: PostKind, p: Post) {
  return sendJob('slack', channelId, kind, p, { timeZone: TZ });
}
