import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DiscordSender } from '../../src/adapters/discord/discord-sender.js';
import { DeliveryError } from '../../src/util/errors.js';
import { silentLogger } from '../../src/util/logger.js';
import { FakeDiscordApi, validateMessage } from '../fakes/discord-api.js';
import { job, post, restFor, threadRef } from './helpers.js';

let fake: FakeDiscordApi;
let sender: DiscordSender;

beforeEach(async () => {
  fake = await new FakeDiscordApi().start();
  sender = new DiscordSender({ rest: restFor(fake), log: silentLogger() });
});
afterEach(async () => {
  await fake.close();
});

async function sendError(promise: Promise<unknown>): Promise<DeliveryError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
}

describe('DiscordSender: stories and follow-ups', () => {
  it('posts a story with an embed and a thread, then the follow-up lands in that thread', async () => {
    const channel = fake.addTextChannel();
    const story = await sender.send(job(channel, 'story', post()));

    const [root] = fake.messagesIn(channel);
    expect(root?.id).toBe(story.messageId);
    expect(root?.embeds[0]?.title).toBe('Meta unveils Llama 4 Behemoth preview');
    expect(root?.embeds[0]?.url).toBe('https://neuraldispatch.example/llama-4');
    const fields = Object.fromEntries((root?.embeds[0]?.fields ?? []).map((f) => [f.name, f.value]));
    expect(fields.Outlet).toBe('Neural Dispatch');
    expect(fields.Entities).toBe('Meta, Behemoth');
    expect(fields.Published).toContain('15 Jul 2025');
    const [thread] = fake.threadsOf(channel);
    expect(thread?.id).toBe(story.threadId);
    expect(thread?.name).toBe('Meta unveils Llama 4 Behemoth preview');
    // Bot token on every bot call, API v10 under the configured base.
    expect(fake.calls.every((c) => c.authorization === `Bot ${fake.token}`)).toBe(true);

    const follow = post({ articleId: 'a2', headline: 'Behemoth benchmarks leak', whatsNew: ['The model beats GPT-4.5 on STEM tests.'] });
    const result = await sender.send(job(channel, 'follow-up', follow, { thread: threadRef(channel, story.messageId, story.threadId!) }));

    expect(result.threadId).toBe(story.threadId);
    expect(result.newRoot).toBeUndefined();
    const inThread = fake.messagesIn(story.threadId!);
    expect(inThread.map((m) => m.id)).toEqual([result.messageId]);
    expect(inThread[0]?.embeds[0]?.description).toBe('• The model beats GPT-4.5 on STEM tests.');
    expect(fake.messagesIn(channel)).toHaveLength(1);
  });

  it('sends the delivery nonce with enforce_nonce: the same delivery twice makes one message', async () => {
    const channel = fake.addTextChannel();
    const j = job(channel, 'story', post());
    const first = await sender.send(j);
    const second = await sender.send(j);

    expect(second.messageId).toBe(first.messageId);
    // The second thread start hit 160004 and was taken as "already there".
    expect(second.threadId).toBe(first.threadId);
    expect(fake.messagesIn(channel)).toHaveLength(1);
    expect(fake.threadsOf(channel)).toHaveLength(1);
    const posts = fake.callsTo('POST', /^\/channels\/\d+\/messages$/);
    expect(posts.map((c) => (c.body as { nonce: string; enforce_nonce: boolean }).nonce)).toEqual([j.delivery.nonce, j.delivery.nonce]);
    expect(posts.every((c) => (c.body as { enforce_nonce: boolean }).enforce_nonce === true)).toBe(true);
    expect(fake.callsTo('POST', /\/threads$/).map((c) => c.status)).toEqual([201, 400]);
  });

  it('posts a forum post per storyline in a forum channel', async () => {
    const forum = fake.addForumChannel();
    const result = await sender.send(job(forum, 'story', post(), { forum: true }));

    const [thread] = fake.threadsOf(forum);
    expect(thread?.id).toBe(result.threadId);
    expect(thread?.name).toBe('Meta unveils Llama 4 Behemoth preview');
    expect(fake.messagesIn(result.threadId!)[0]?.embeds[0]?.title).toBe('Meta unveils Llama 4 Behemoth preview');
    expect(result.messageId).toBe(result.threadId);

    const follow = await sender.send(job(forum, 'follow-up', post({ headline: 'More' }), { forum: true, thread: threadRef(forum, result.messageId, result.threadId!) }));
    expect(fake.messagesIn(result.threadId!).map((m) => m.id)).toContain(follow.messageId);
  });

  it('in a forum, finds the post an earlier attempt created (answer lost, or a crash) instead of creating it again', async () => {
    const forum = fake.addForumChannel();
    const j = job(forum, 'story', post(), { forum: true });
    const first = await sender.send(j);
    // The worker marks a retry whose first attempt may have reached Discord as uncertain.
    const again = await sender.send({ ...j, uncertain: true });

    expect(again).toEqual(first);
    expect(fake.threadsOf(forum)).toHaveLength(1);
    expect(fake.callsTo('POST', /^\/channels\/\d+\/threads$/)).toHaveLength(1);
    expect(fake.callsTo('GET', /^\/guilds\/\d+\/threads\/active$/)).toHaveLength(1);
  });

  it('in a forum, an uncertain post is created when no post of this delivery exists (same name, other story or older)', async () => {
    const forum = fake.addForumChannel();
    // Same headline, another article: not this delivery's post.
    await sender.send(job(forum, 'story', post({ url: 'https://other.example/llama-4' }), { forum: true }));
    const j = job(forum, 'story', post(), { forum: true });
    const created = await sender.send({ ...j, uncertain: true });
    expect(fake.threadsOf(forum)).toHaveLength(2);

    // This delivery's own post, but the delivery was queued after it was made: not an earlier attempt.
    const later = { ...j, delivery: { ...j.delivery, id: j.delivery.id + 1000, createdAt: new Date(Date.now() + 10 * 60_000).toISOString() }, uncertain: true };
    const other = await sender.send(later);
    expect(other.threadId).not.toBe(created.threadId);
    expect(fake.threadsOf(forum)).toHaveLength(3);
  });

  it('in a forum, posts anyway when the search for an earlier post fails', async () => {
    const forum = fake.addForumChannel();
    fake.failNext({ method: 'GET', path: /^\/guilds\/\d+\/threads\/active$/ }, { status: 403, code: 50001 });
    const result = await sender.send(job(forum, 'story', post(), { forum: true, uncertain: true }));
    expect(fake.threadsOf(forum).map((t) => t.id)).toEqual([result.threadId]);
  });

  it('names the thread after the headline, on one line, cut to 100 characters', async () => {
    const channel = fake.addTextChannel();
    const headline = 'Meta restructures its superintelligence lab\n  again, ' + 'and the new lab gets its own compute budget '.repeat(4);
    const result = await sender.send(job(channel, 'story', post({ headline })));

    const name = fake.channels.get(result.threadId!)!.name;
    const flat = headline.replace(/\s+/g, ' ').trim();
    expect(flat.length).toBeGreaterThan(100);
    expect(name.length).toBeLessThanOrEqual(100);
    expect(name.endsWith('…')).toBe(true);
    expect(flat.startsWith(name.slice(0, -1).trimEnd())).toBe(true);
    // Cut at a word boundary close to the limit, not somewhere early.
    expect(name.length).toBeGreaterThan(85);
    // A headline that fits is used as it is.
    const short = await sender.send(job(channel, 'story', post({ headline: 'x'.repeat(100) })));
    expect(fake.channels.get(short.threadId!)!.name).toBe('x'.repeat(100));
  });

  it('keeps every part within Discord limits for an over-long story', async () => {
    const channel = fake.addTextChannel();
    const long = post({
      headline: 'Meta '.repeat(120) + 'Behemoth',
      summary: 'word '.repeat(2000),
      entities: Array.from({ length: 300 }, (_, i) => `Entity number ${i}`),
      alsoReportedBy: Array.from({ length: 80 }, (_, i) => ({ outlet: `Outlet ${i}`, url: `https://outlet${i}.example/a`, title: 't' })),
    });
    const result = await sender.send(job(channel, 'story', long));

    const [root] = fake.messagesIn(channel);
    expect(root).toBeDefined();
    // The fake applies Discord's own checks (it answered 200, not 50035) and we re-check here.
    expect(validateMessage(root!)).toBeNull();
    expect(root!.embeds[0]!.title!.length).toBeLessThanOrEqual(256);
    expect(root!.embeds[0]!.title!.endsWith('…')).toBe(true);
    expect(fake.channels.get(result.threadId!)!.name.length).toBeLessThanOrEqual(100);
  });

  it('escapes markdown in feed text', async () => {
    const channel = fake.addTextChannel();
    await sender.send(job(channel, 'story', post({ headline: '*Exclusive*: GPT_5 [leak](x)' })));
    expect(fake.messagesIn(channel)[0]?.embeds[0]?.title).toBe('\\*Exclusive\\*: GPT\\_5 \\[leak\\](x)');
  });

  it('updates the root embed for an update', async () => {
    const channel = fake.addTextChannel();
    const story = await sender.send(job(channel, 'story', post()));
    const ref = threadRef(channel, story.messageId, story.threadId!);
    await sender.send(job(channel, 'update', post({ headline: 'Meta unveils Llama 4 Behemoth preview (corrected)' }), { thread: ref }));
    expect(fake.messages.get(story.messageId)?.embeds[0]?.title).toBe('Meta unveils Llama 4 Behemoth preview (corrected)');
    expect(fake.messagesIn(channel)).toHaveLength(1);
  });

  it('notes "also reported by" in the thread and on the root embed', async () => {
    const channel = fake.addTextChannel();
    const story = await sender.send(job(channel, 'story', post()));
    const ref = threadRef(channel, story.messageId, story.threadId!);
    const copy = post({ outlet: 'Axios', url: 'https://axios.example/meta', alsoReportedBy: [{ outlet: 'Axios', url: 'https://axios.example/meta', title: 'Meta model' }] });
    await sender.send(job(channel, 'also-reported', copy, { thread: ref }));

    const [note] = fake.messagesIn(story.threadId!);
    expect(note?.content).toContain('Also reported by **Axios**');
    const field = fake.messages.get(story.messageId)?.embeds[0]?.fields?.find((f) => f.name === 'Also reported by');
    expect(field?.value).toBe('[Axios](<https://axios.example/meta>)');
  });
});

describe('DiscordSender: failures', () => {
  it('waits out a 429 on an exhausted bucket (X-RateLimit-Reset-After) and the message lands once', async () => {
    const channel = fake.addTextChannel();
    fake.rateLimitNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/ }, { retryAfter: 0.2 });
    const result = await sender.send(job(channel, 'story', post()));

    const attempts = fake.callsTo('POST', /^\/channels\/\d+\/messages$/);
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(190);
    expect(fake.messagesIn(channel).map((m) => m.id)).toEqual([result.messageId]);
  });

  it('waits out a shared-scope 429 for the Retry-After header (whole seconds) and the message lands once', async () => {
    const channel = fake.addTextChannel();
    fake.rateLimitNext({ method: 'POST', path: /^\/channels\/\d+\/messages$/ }, { retryAfter: 0.2, scope: 'shared' });
    const result = await sender.send(job(channel, 'story', post()));

    const attempts = fake.callsTo('POST', /^\/channels\/\d+\/messages$/);
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    // The header said "1" (Discord rounds up); the retry came after it, not after the body's 0.2.
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(950);
    expect(fake.messagesIn(channel).map((m) => m.id)).toEqual([result.messageId]);
  });

  it('turns a long rate limit into a retryable error with retryAfterMs instead of hanging', async () => {
    const channel = fake.addTextChannel();
    fake.rateLimitNext({ method: 'POST' }, { retryAfter: 120, global: true });
    const err = await sendError(sender.send(job(channel, 'story', post())));
    expect(err.permanent).toBe(false);
    expect(err.reason).toBe('rate-limited');
    expect(err.retryAfterMs).toBeGreaterThanOrEqual(120_000);
    expect(fake.messagesIn(channel)).toHaveLength(0);
  });

  it('gives a permanent error for a channel with missing permissions (50013) or unknown (10003), while another channel still gets its post', async () => {
    const forbidden = fake.addTextChannel();
    const gone = fake.addTextChannel();
    const fine = fake.addTextChannel();
    fake.failChannel(forbidden, { status: 403, code: 50013 });
    fake.failChannel(gone, { status: 404, code: 10003 });

    const results = await Promise.allSettled([forbidden, gone, fine].map((c) => sender.send(job(c, 'story', post()))));

    const [a, b, c] = results;
    expect(a?.status === 'rejected' && a.reason instanceof DeliveryError && a.reason.permanent && a.reason.reason === 'discord-50013').toBe(true);
    expect(b?.status === 'rejected' && b.reason instanceof DeliveryError && b.reason.permanent && b.reason.reason === 'discord-10003').toBe(true);
    expect(c?.status).toBe('fulfilled');
    expect(fake.messagesIn(fine)).toHaveLength(1);
  });

  it('gives a retryable error for a 500 after the REST retries, and for a hanging API', async () => {
    const channel = fake.addTextChannel();
    fake.failNext({ method: 'POST' }, { status: 502, code: 0 }, 2);
    const err = await sendError(sender.send(job(channel, 'story', post())));
    expect(err.permanent).toBe(false);
    expect(err.reason).toBe('http-502');

    const quick = new DiscordSender({ rest: restFor(fake, { timeoutMs: 150, retries: 0 }), log: silentLogger() });
    fake.hangNext({ method: 'POST' });
    const timeout = await sendError(quick.send(job(channel, 'story', post())));
    expect(timeout.permanent).toBe(false);
    expect(timeout.reason).toBe('timeout');
  });

  it('reopens an archived thread (50083) and posts the follow-up into it', async () => {
    const channel = fake.addTextChannel();
    const story = await sender.send(job(channel, 'story', post()));
    fake.archiveThread(story.threadId!);

    const result = await sender.send(job(channel, 'follow-up', post({ headline: 'Later' }), { thread: threadRef(channel, story.messageId, story.threadId!) }));

    expect(fake.channels.get(story.threadId!)?.archived).toBe(false);
    expect(fake.callsTo('PATCH', new RegExp(`^/channels/${story.threadId}$`)).map((c) => c.body)).toEqual([{ archived: false }]);
    expect(fake.messagesIn(story.threadId!).map((m) => m.id)).toEqual([result.messageId]);
    expect(result.threadId).toBe(story.threadId);
    expect(result.newRoot).toBeUndefined();
  });

  it('starts a new root and thread when the thread was deleted, and the follow-up is not lost', async () => {
    const channel = fake.addTextChannel();
    const story = await sender.send(job(channel, 'story', post()));
    fake.deleteChannel(story.threadId!);

    const follow = post({ headline: 'Behemoth delayed again', whatsNew: ['Training slipped to autumn.'] });
    const result = await sender.send(job(channel, 'follow-up', follow, { thread: threadRef(channel, story.messageId, story.threadId!) }));

    expect(result.newRoot).toBeDefined();
    expect(result.newRoot!.threadId).not.toBe(story.threadId);
    const roots = fake.messagesIn(channel);
    expect(roots).toHaveLength(2);
    const newRoot = roots[1]!;
    expect(newRoot.id).toBe(result.newRoot!.messageId);
    expect(newRoot.embeds[0]?.title).toBe('Behemoth delayed again');
    expect(newRoot.content).toMatch(/continues here/);
    expect(fake.channels.get(result.newRoot!.threadId)?.parentId).toBe(channel);

    // The next follow-up goes into the new thread.
    const next = await sender.send(job(channel, 'follow-up', post({ headline: 'Next' }), { thread: threadRef(channel, result.newRoot!.messageId, result.newRoot!.threadId) }));
    expect(fake.messagesIn(result.newRoot!.threadId).map((m) => m.id)).toEqual([next.messageId]);
  });

  it('starts a new root when an archived thread is locked and cannot be reopened', async () => {
    const channel = fake.addTextChannel();
    const story = await sender.send(job(channel, 'story', post()));
    fake.lockThread(story.threadId!);
    const result = await sender.send(job(channel, 'follow-up', post({ headline: 'After lock' }), { thread: threadRef(channel, story.messageId, story.threadId!) }));
    expect(result.newRoot).toBeDefined();
    expect(fake.messagesIn(channel).map((m) => m.embeds[0]?.title)).toEqual(['Meta unveils Llama 4 Behemoth preview', 'After lock']);
  });

  it('in a forum: reopens an archived post for the follow-up, and starts a new post when the old one was deleted', async () => {
    const forum = fake.addForumChannel();
    const story = await sender.send(job(forum, 'story', post(), { forum: true }));
    fake.archiveThread(story.threadId!);

    const later = await sender.send(job(forum, 'follow-up', post({ headline: 'Later' }), { forum: true, thread: threadRef(forum, story.messageId, story.threadId!) }));
    expect(later.newRoot).toBeUndefined();
    expect(fake.channels.get(story.threadId!)?.archived).toBe(false);
    expect(fake.messagesIn(story.threadId!).map((m) => m.id)).toContain(later.messageId);

    fake.deleteChannel(story.threadId!);
    const after = await sender.send(job(forum, 'follow-up', post({ headline: 'After the post was deleted' }), { forum: true, thread: threadRef(forum, story.messageId, story.threadId!) }));
    expect(after.newRoot).toBeDefined();
    const posts = fake.threadsOf(forum).filter((t) => !t.deleted);
    expect(posts.map((t) => t.id)).toEqual([after.newRoot!.threadId]);
    expect(posts[0]!.name).toBe('After the post was deleted');
    const [starter] = fake.messagesIn(after.newRoot!.threadId);
    expect(starter?.embeds[0]?.title).toBe('After the post was deleted');
    expect(starter?.content).toMatch(/continues here/);
  });

  it('posts digests and notices in a forum channel as forum posts of their own (a forum takes no plain messages)', async () => {
    const forum = fake.addForumChannel();
    const digest = await sender.send(job(forum, 'digest', post({ kind: 'digest', headline: 'Weekly Meta AI digest', body: '• One\n• Two' }), { forum: true }));
    const notice = await sender.send(job(forum, 'notice', post({ kind: 'notice', headline: 'Feed problem', body: 'Harbour Ledger has failed 5 times.' }), { forum: true }));

    expect(fake.threadsOf(forum).map((t) => t.name)).toEqual(['Weekly Meta AI digest', 'Feed problem']);
    expect(fake.messagesIn(digest.threadId!)[0]?.embeds[0]?.title).toBe('Weekly Meta AI digest');
    expect(fake.messagesIn(notice.threadId!)[0]?.content).toBe('Harbour Ledger has failed 5 times.');
    // In a text channel they stay plain messages.
    const channel = fake.addTextChannel();
    const plain = await sender.send(job(channel, 'digest', post({ kind: 'digest', headline: 'Weekly Meta AI digest', body: '• One' })));
    expect(plain.threadId).toBeNull();
    expect(fake.messagesIn(channel).map((m) => m.id)).toEqual([plain.messageId]);
  });

  it('finds out that a channel missing from the config is a forum (as after /threadline subscribe) and posts there correctly', async () => {
    const forum = fake.addForumChannel();
    const story = await sender.send(job(forum, 'story', post()));
    expect(fake.threadsOf(forum).map((t) => t.id)).toEqual([story.threadId]);
    const ref = threadRef(forum, story.messageId, story.threadId!);

    await sender.send(job(forum, 'update', post({ headline: 'Meta unveils Llama 4 Behemoth preview (corrected)' }), { thread: ref }));
    const copy = post({ outlet: 'Axios', url: 'https://axios.example/meta', alsoReportedBy: [{ outlet: 'Axios', url: 'https://axios.example/meta', title: 'Meta model' }] });
    await sender.send(job(forum, 'also-reported', copy, { thread: ref }));

    const starter = fake.messages.get(story.messageId)!;
    expect(starter.channelId).toBe(story.threadId);
    expect(starter.embeds[0]?.title).toBe('Meta unveils Llama 4 Behemoth preview (corrected)');
    expect(starter.embeds[0]?.fields?.find((f) => f.name === 'Also reported by')?.value).toBe('[Axios](<https://axios.example/meta>)');
    // Its type was asked once; a plain message was never tried in the forum.
    expect(fake.callsTo('GET', new RegExp(`^/channels/${forum}$`))).toHaveLength(1);
    expect(fake.callsTo('POST', new RegExp(`^/channels/${forum}/messages$`))).toHaveLength(0);
  });

  it('refuses an update without a root as a permanent error', async () => {
    const channel = fake.addTextChannel();
    const err = await sendError(sender.send(job(channel, 'update', post())));
    expect(err.permanent).toBe(true);
  });

  it('with autoChannels, posts to channel ids the fake was not told about (for benchmarks)', async () => {
    const auto = await new FakeDiscordApi({ autoChannels: true }).start();
    try {
      const s = new DiscordSender({ rest: restFor(auto), log: silentLogger() });
      const result = await s.send(job('123456789012345678', 'story', post()));
      expect(auto.messagesIn('123456789012345678').map((m) => m.id)).toEqual([result.messageId]);
    } finally {
      await auto.close();
    }
  });
});
