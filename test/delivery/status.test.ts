import { describe, expect, it } from 'vitest';
import { formatDeliveryStatus, formatFailedDeliveries } from '../../src/delivery/status.js';
import { openStore } from '../../src/store/sqlite-store.js';
import { makeArticle } from '../helpers/articles.js';
import { delivery } from './helpers.js';

describe('threadline status formatting', () => {
  it('shows pending, sent and failed per channel with the failure reasons', () => {
    const store = openStore(':memory:');
    const a = makeArticle({ id: 'a1', title: 'Meta weighs closing Behemoth' });
    const b = makeArticle({ id: 'b1' });
    const now = '2025-07-15T12:00:00.000Z';
    const [s1, , f1] = store.enqueueDeliveries([delivery('slack', 'C1', a, 'story'), delivery('slack', 'C1', b, 'story'), delivery('discord', '111', a, 'story')], now);
    store.markDeliverySent(s1!, { messageId: '1.1', threadId: '1.1', sentAt: now });
    store.markDeliveryFailed(f1!, '50013: Missing Permissions');

    const text = formatDeliveryStatus(store.deliveryStats());
    expect(text.split('\n')).toEqual([
      'Deliveries:',
      'channel      pending  sent  failed',
      'discord:111        0     0       1',
      '    failed: 50013: Missing Permissions',
      'slack:C1           1     1       0',
      'Total: 1 pending, 1 sent, 1 failed.',
      'Re-queue with `threadline retry <id>` or `threadline retry --failed`.',
    ]);
    expect(formatFailedDeliveries(store.listDeliveries({ status: 'failed' }))).toBe(
      `#${f1}  discord:111  story  "Meta weighs closing Behemoth"  after 1 attempt(s): 50013: Missing Permissions`,
    );
    store.close();
  });

  it('says so when there is nothing yet', () => {
    expect(formatDeliveryStatus([])).toBe('Deliveries: none yet.');
    expect(formatFailedDeliveries([])).toBe('No failed deliveries.');
  });
});
