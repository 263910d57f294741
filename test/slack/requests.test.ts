import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/sqlite-store.js';
import type { Store } from '../../src/store/store.js';
import { ManualClock } from '../../src/util/clock.js';
import { createLogger } from '../../src/util/logger.js';
import { FakeSlackApi, type FakeSlackMessage } from '../fakes/slack-api.js';
import { rss } from '../feeds/feed-fixtures.js';
import { FeedServer } from '../feeds/feed-server.js';
import { COPY, DATA_CENTRE, FOLLOW_UP, GLASSES, STORY } from './fixtures.js';
import { appMentionBody, postSigned, sendSlash, sign, SIGNING_SECRET, slackConfig, slashCommandBody, startSlackApp, type SlackHarness } from './harness.js';

/**
 * Signed slash commands and events sent over HTTP to the running app (Bolt's
 * HTTPReceiver on the app's server), answered with the real command router from what
 * the pipeline stored; answers go to the fake's response_url or Web API.
 */

const FORM = 'application/x-www-form-urlencoded';
const JSON_TYPE = 'application/json';

const feeds = new FeedServer();
let fake: FakeSlackApi;
let store: Store;
let h: SlackHarness;
/** The same app configured to answer every slash command through response_url. */
let deferred: SlackHarness;
let root: FakeSlackMessage;
const clock = new ManualClock('2025-07-16T08:00:00Z');
/** Warnings and errors the app logged (JSON lines). */
const logLines: string[] = [];

beforeAll(async () => {
  await feeds.start();
  // Newest first, as feeds list them.
  feeds.route('/dispatch.xml', () => ({ headers: { 'content-type': 'application/rss+xml' }, body: rss([STORY, DATA_CENTRE]) }));
  feeds.route('/ledger.xml', () => ({ headers: { 'content-type': 'application/rss+xml' }, body: rss([FOLLOW_UP]) }));
  feeds.route('/wire.xml', () => ({ headers: { 'content-type': 'application/rss+xml' }, body: rss([COPY, GLASSES]) }));
  fake = await new FakeSlackApi().start();
  store = openStore(':memory:');
  const config = slackConfig({
    feeds: [
      { url: feeds.url('/dispatch.xml'), name: 'Neural Dispatch' },
      { url: feeds.url('/ledger.xml'), name: 'Model Ledger' },
      { url: feeds.url('/wire.xml'), name: 'AI Wire' },
    ],
  });
  h = await startSlackApp({ fake, config, store, clock, log: createLogger('warn', { write: (line: string) => void logLines.push(line) }) });
  await h.app.runOnce();
  deferred = await startSlackApp({ fake, config, store, clock, commandAckBudgetMs: 0, log: createLogger('warn', { write: (line: string) => void logLines.push(line) }) });
  const found = fake.topLevel('C0META').find((m) => m.text.includes('Llama 5 Behemoth'));
  if (!found) throw new Error('the storyline root was not posted');
  root = found;
});

afterAll(async () => {
  await deferred?.stop();
  await h?.stop();
  store?.close();
  await fake?.close();
  await feeds.close();
});

function slash(command: string, text: string, channel = 'C0META') {
  return sendSlash(fake, h.eventsUrl, command, text, channel);
}

function slashDeferred(command: string, text: string, channel = 'C0META') {
  return sendSlash(fake, deferred.eventsUrl, command, text, channel);
}

/** Every link target in an answer's sections, in order. */
function linkedUrls(blocks: any[]): string[] {
  const text = blocks.filter((b) => b.type === 'section').map((b) => b.text.text as string).join('\n');
  return [...text.matchAll(/<(https?:[^|>]+)\|/g)].map((m) => m[1]!);
}

describe('slash commands', () => {
  it('/meta-ai timeline is answered in the acknowledgement, oldest first, privately', async () => {
    const { ack, answer, via } = await slash('/meta-ai', 'timeline');
    expect(ack.status).toBe(200);
    expect(ack.headers.get('content-type')).toContain('application/json');
    expect(via).toBe('ack');
    expect(answer.response_type).toBe('ephemeral');
    expect(answer.blocks[0]).toMatchObject({ type: 'header', text: { text: 'Meta AI timeline (last 30d)' } });
    // 30 days back from 16 July: the May story is out, the copy is folded into the story.
    expect(linkedUrls(answer.blocks)).toEqual([GLASSES.link, STORY.link, FOLLOW_UP.link]);
    expect(JSON.stringify(answer.blocks)).toContain('(+1 more)');
    expect(answer.text).toContain('Meta AI timeline');
  });

  it('/meta-ai timeline all reaches back to the first story', async () => {
    const { answer } = await slash('/meta-ai', 'timeline all');
    expect(linkedUrls(answer.blocks)).toEqual([DATA_CENTRE.link, GLASSES.link, STORY.link, FOLLOW_UP.link]);
  });

  it('/meta-ai timeline 30d public is posted in the channel', async () => {
    const { answer } = await slash('/meta-ai', 'timeline 30d public');
    expect(answer.response_type).toBe('in_channel');
    expect(linkedUrls(answer.blocks)).toEqual([GLASSES.link, STORY.link, FOLLOW_UP.link]);
  });

  it('an answer that is not ready within the budget is acknowledged empty, then posted to response_url', async () => {
    const { ack, answer, via } = await slashDeferred('/meta-ai', 'timeline 30d public');
    expect(ack.status).toBe(200);
    expect(ack.body).toBe('');
    expect(via).toBe('response_url');
    expect(answer).toMatchObject({ response_type: 'in_channel', replace_original: false });
    expect(linkedUrls(answer.blocks)).toEqual([GLASSES.link, STORY.link, FOLLOW_UP.link]);
  });

  it('an unknown subcommand or a bad argument gets a short ephemeral help, never silence', async () => {
    const unknown = await slash('/meta-ai', 'frobnicate');
    expect(unknown.answer.response_type).toBe('ephemeral');
    expect(unknown.answer.text).toContain('Unknown subcommand "frobnicate"');
    expect(unknown.answer.text).toContain('/meta-ai timeline [7d|30d|all] [public]');

    const bad = await slash('/meta-ai', 'timeline yesterday');
    expect(bad.answer.response_type).toBe('ephemeral');
    expect(bad.answer.text).toContain('I don\'t understand "yesterday"');

    const bare = await slash('/meta-ai', '');
    expect(bare.answer.text).toContain('Usage of /meta-ai');
  });

  it('/threadline help and an unknown /threadline subcommand are answered privately', async () => {
    const help = await slash('/threadline', 'help');
    expect(help.answer.response_type).toBe('ephemeral');
    expect(help.answer.blocks.length).toBeGreaterThan(0);
    const unknown = await slash('/threadline', 'dance');
    expect(unknown.answer.response_type).toBe('ephemeral');
    expect(unknown.answer.text).toMatch(/subscribe/);
  });
});

describe('interactivity', () => {
  it('a click on a story\'s link button (block_actions) is acknowledged', async () => {
    const payload = {
      type: 'block_actions',
      team: { id: fake.teamId, domain: 'threadline-test' },
      user: { id: 'U0ALICE', username: 'alice', team_id: fake.teamId },
      api_app_id: 'A0THREAD',
      token: 'legacy-verification-token',
      container: { type: 'message', message_ts: root.ts, channel_id: 'C0META', is_ephemeral: false },
      trigger_id: '1.2.3',
      channel: { id: 'C0META', name: 'meta-news' },
      message: { type: 'message', ts: root.ts, text: root.text },
      response_url: fake.responseUrl('click'),
      actions: [{ type: 'button', action_id: root.blocks.find((b) => b.type === 'actions').elements[0].action_id, block_id: 'b1', text: { type: 'plain_text', text: 'Read' }, url: STORY.link, action_ts: '1.1' }],
    };
    const before = fake.calls.length + fake.responses.length;
    const res = await postSigned(h.eventsUrl, new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM);
    expect(res.status).toBe(200);
    expect(fake.calls.length + fake.responses.length).toBe(before);
  });
});

describe('request verification', () => {
  // Against the deferred app: a request that slipped through would reach response_url.
  it('a bad signature gets 401 and the command never runs', async () => {
    const bad = slashCommandBody(fake, '/meta-ai', 'timeline');
    const res = await postSigned(deferred.eventsUrl, bad.body, FORM, { secret: 'not-the-signing-secret' });
    expect(res.status).toBe(401);
    expect(res.body).toBe('');
    const logged = logLines.map((l) => JSON.parse(l) as { component?: string; msg: string }).find((l) => l.msg.includes('bad or stale signature'));
    expect(logged?.component).toBe('slack');
    // A good request sent afterwards is answered; the bad one never is.
    const { answer } = await slashDeferred('/meta-ai', 'latest');
    expect(answer.text).toContain('Latest Meta AI stories');
    expect(fake.responses.some((r) => r.id === bad.responseId)).toBe(false);
  });

  it('a signature over a different body gets 401', async () => {
    const { body, responseId } = slashCommandBody(fake, '/meta-ai', 'timeline');
    const ts = Math.floor(Date.now() / 1000);
    const res = await postSigned(deferred.eventsUrl, body.replace('timeline', 'timeline+all'), FORM, { signature: sign(SIGNING_SECRET, ts, body), timestamp: ts });
    expect(res.status).toBe(401);
    await slashDeferred('/meta-ai', 'storylines');
    expect(fake.responses.some((r) => r.id === responseId)).toBe(false);
  });

  it('a correctly signed request older than five minutes gets 401 (replay)', async () => {
    const stale = slashCommandBody(fake, '/meta-ai', 'timeline');
    const res = await postSigned(deferred.eventsUrl, stale.body, FORM, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(res.status).toBe(401);
    const mentionsBefore = fake.callsTo('chat.postMessage').length;
    const event = appMentionBody(fake, { channel: 'C0META', text: '<@UBOT0001> sources', threadTs: root.ts });
    const staleEvent = await postSigned(deferred.eventsUrl, event, JSON_TYPE, { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(staleEvent.status).toBe(401);
    await slashDeferred('/meta-ai', 'latest');
    expect(fake.responses.some((r) => r.id === stale.responseId)).toBe(false);
    expect(fake.callsTo('chat.postMessage')).toHaveLength(mentionsBefore);
  });

  it('answers Slack\'s unsigned ssl_check with 200 and runs nothing', async () => {
    const before = fake.calls.length + fake.responses.length;
    const res = await fetch(deferred.eventsUrl, { method: 'POST', headers: { 'content-type': FORM }, body: 'ssl_check=1&token=legacy-verification-token' });
    expect(res.status).toBe(200);
    await slashDeferred('/meta-ai', 'storylines');
    expect(fake.calls.length + fake.responses.length).toBe(before + 1);
  });

  it('answers Slack\'s url_verification challenge', async () => {
    const body = JSON.stringify({ token: 'legacy', challenge: 'c-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P', type: 'url_verification' });
    const res = await postSigned(deferred.eventsUrl, body, JSON_TYPE);
    expect(res.status).toBe(200);
    expect(res.body).toContain('c-3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P');
  });
});

describe('mentions in a storyline thread', () => {
  async function mention(text: string, opts: { threadTs?: string; channel?: string; retry?: string } = {}) {
    const before = fake.calls.length;
    const body = appMentionBody(fake, { channel: opts.channel ?? 'C0META', text: `<@${fake.botUserId}> ${text}`, threadTs: 'threadTs' in opts ? opts.threadTs : root.ts });
    const res = await postSigned(h.eventsUrl, body, JSON_TYPE);
    expect(res.status).toBe(200);
    const call = await fake.waitFor(() => fake.calls.slice(before).find((c) => c.method === 'chat.postMessage' || c.method === 'chat.postEphemeral'));
    return { call, body };
  }

  it('`sources` lists every outlet that covered the story, with links, in the thread', async () => {
    const { call } = await mention('sources');
    expect(call.method).toBe('chat.postMessage');
    expect(call.args).toMatchObject({ channel: 'C0META', thread_ts: root.ts });
    const text = JSON.stringify(call.args.blocks);
    expect(text).toContain('3 outlets covered this story');
    for (const link of [STORY.link, FOLLOW_UP.link, COPY.link]) expect(text).toContain(link);
  });

  it('`timeline`, `summary` and `what\'s new` are answered in the thread', async () => {
    const timeline = await mention('timeline please');
    expect(timeline.call.args.thread_ts).toBe(root.ts);
    expect(linkedUrls(timeline.call.args.blocks)).toEqual([STORY.link, FOLLOW_UP.link]);

    const summary = await mention('summary');
    expect(summary.call.args.thread_ts).toBe(root.ts);
    expect(JSON.stringify(summary.call.args.blocks)).toContain('Latest:');

    const news = await mention("what's new?");
    expect(news.call.args.thread_ts).toBe(root.ts);
    expect(JSON.stringify(news.call.args.blocks)).toContain("New in Model Ledger's report");
  });

  it('anything else gets the list of what it understands, privately in the thread', async () => {
    const { call } = await mention('tell me a joke');
    expect(call.method).toBe('chat.postEphemeral');
    expect(call.args).toMatchObject({ channel: 'C0META', user: 'U0ALICE', thread_ts: root.ts });
    expect(call.args.text).toContain("sources, timeline, summary, what's new");
  });

  it('a mention outside a storyline thread explains where to ask', async () => {
    const { call } = await mention('sources', { threadTs: undefined });
    expect(call.method).toBe('chat.postEphemeral');
    expect(call.args.text).toContain("inside a story's thread");
  });

  it('a redelivered event (X-Slack-Retry-Num) is answered once', async () => {
    const sourcesAnswers = () => fake.callsTo('chat.postMessage').filter((c) => JSON.stringify(c.args.blocks).includes('outlets covered this story')).length;
    const { body } = await mention('sources');
    const answered = sourcesAnswers();
    const retry = await postSigned(h.eventsUrl, body, JSON_TYPE, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
    expect(retry.status).toBe(200);
    // A later, different mention is answered; the retry in between never was.
    const before = fake.calls.length;
    await postSigned(h.eventsUrl, appMentionBody(fake, { channel: 'C0META', text: `<@${fake.botUserId}> summary`, threadTs: root.ts }), JSON_TYPE);
    await fake.waitFor(() => fake.calls.slice(before).find((c) => JSON.stringify(c.args.blocks ?? []).includes('Latest:')));
    expect(sourcesAnswers()).toBe(answered);
  });
});

describe('the session as a whole', () => {
  it('logged no errors while answering everything above', () => {
    const errors = logLines.map((l) => JSON.parse(l) as { level: number; msg: string }).filter((l) => l.level >= 50);
    expect(errors).toEqual([]);
  });
});
