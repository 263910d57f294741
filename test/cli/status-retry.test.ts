import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { openStore } from '../../src/store/sqlite-store.js';
import { makeArticle } from '../helpers/articles.js';
import { delivery } from '../delivery/helpers.js';

/** `threadline status` and `threadline retry` against a database file a run left behind. */

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, o: (l: string) => out.push(l), e: (l: string) => err.push(l) };
}

function seededDatabase(): { url: string; failedId: number; sentId: number } {
  const url = join(mkdtempSync(join(tmpdir(), 'tl-status-')), 'threadline.db');
  const store = openStore(url);
  const a = makeArticle({ id: 'story-1' });
  const b = makeArticle({ id: 'story-2' });
  store.insertArticle(a);
  store.insertArticle(b);
  const now = '2025-07-15T10:00:00.000Z';
  const [sentId, failedId, pendingId] = store.enqueueDeliveries(
    [delivery('slack', 'C1', a, 'story'), delivery('slack', 'C2', b, 'story'), delivery('discord', '123456789012345678', a, 'story')],
    now,
  );
  store.markDeliverySent(sentId!, { messageId: '1752573600.000100', threadId: null, sentAt: now });
  store.markDeliveryFailed(failedId!, 'channel_not_found');
  expect(pendingId).toBeDefined();
  store.close();
  return { url, failedId: failedId!, sentId: sentId! };
}

describe('threadline status / retry', () => {
  it('shows counts per channel with failure reasons, and re-queues failed deliveries', async () => {
    const { url, failedId } = seededDatabase();
    const env = { DATABASE_URL: url, LOG_LEVEL: 'silent' };

    const status = capture();
    expect(await main(['status'], env, status.o, status.e)).toBe(0);
    const shown = status.out.join('\n');
    expect(shown).toContain('C2');
    expect(shown).toContain('channel_not_found');
    expect(shown).toContain('Articles stored: 2');

    const retry = capture();
    expect(await main(['retry', '--failed'], env, retry.o, retry.e)).toBe(0);
    expect(retry.out.join('\n')).toContain('Re-queued 1 failed deliveries.');
    const store = openStore(url);
    expect(store.getDelivery(failedId)!.status).toBe('pending');
    store.close();

    const again = capture();
    expect(await main(['retry', String(failedId)], env, again.o, again.e)).toBe(0);
    expect(again.out.join('\n')).toContain('already pending');
    const missing = capture();
    expect(await main(['retry', '99999'], env, missing.o, missing.e)).toBe(1);
    const bad = capture();
    expect(await main(['retry', 'abc'], env, bad.o, bad.e)).toBe(2);
  });
});
