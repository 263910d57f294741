import { REST } from '@discordjs/rest';
import type { Post, PostKind } from '../../src/core/types.js';
import type { SendJob } from '../../src/delivery/platform.js';
import type { ThreadRef } from '../../src/store/store.js';
import { createDiscordRest } from '../../src/adapters/discord/discord-rest.js';
import type { FakeDiscordApi } from '../fakes/discord-api.js';
import { sendJob } from '../helpers/send-job.js';

export function post(over: Partial<Post> = {}): Post {
  return {
    kind: 'story',
    articleId: 'a1',
    storylineId: 's1',
    headline: 'Meta unveils Llama 4 Behemoth preview',
    summary: 'Meta showed an early version of its largest model.',
    whatsNew: [],
    outlet: 'Neural Dispatch',
    url: 'https://neuraldispatch.example/llama-4',
    published: '2025-07-15T10:00:00.000Z',
    entities: ['Meta', 'Behemoth'],
    topics: ['meta-ai'],
    angle: null,
    angleChanged: false,
    alsoReportedBy: [],
    body: null,
    ...over,
  };
}


export function job(channelId: string, kind: PostKind, p: Post, opts: { thread?: ThreadRef | null; forum?: boolean; nonce?: string; uncertain?: boolean } = {}): SendJob {
  return sendJob('discord', channelId, kind, p, { ...opts, timeZone: 'Europe/Berlin' });
}

export function threadRef(channelId: string, messageId: string, threadId: string, storylineId = 's1'): ThreadRef {
  return { platform: 'discord', channelId, storylineId, messageId, threadId, updatedAt: '2025-07-15T12:00:00.000Z' };
}

/** Real @discordjs/rest against the fake, with small timeouts so failures stay fast. */
export function restFor(fake: FakeDiscordApi, over: { timeoutMs?: number; retries?: number; maxRateLimitWaitMs?: number } = {}): REST {
  return createDiscordRest({ discordApiUrl: fake.api, discordToken: fake.token }, { timeoutMs: 2000, retries: 1, ...over });
}
