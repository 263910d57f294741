import type { Delivery, DeliveryStats } from '../store/store.js';

/**
 * `threadline status`: one line per channel with pending / sent / failed counts, then
 * the latest failure reasons under each channel that has failures.
 */
export function formatDeliveryStatus(stats: DeliveryStats[]): string {
  if (stats.length === 0) return 'Deliveries: none yet.';
  const rows = stats.map((s) => [`${s.platform}:${s.channelId}`, String(s.pending), String(s.sent), String(s.failed)]);
  const header = ['channel', 'pending', 'sent', 'failed'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  const total = stats.reduce((t, s) => ({ pending: t.pending + s.pending, sent: t.sent + s.sent, failed: t.failed + s.failed }), { pending: 0, sent: 0, failed: 0 });

  const out = ['Deliveries:', line(header)];
  for (const [i, s] of stats.entries()) {
    out.push(line(rows[i]!));
    for (const reason of s.failures) out.push(`    failed: ${oneLine(reason)}`);
  }
  out.push(`Total: ${total.pending} pending, ${total.sent} sent, ${total.failed} failed.`);
  if (total.failed > 0) out.push('Re-queue with `threadline retry <id>` or `threadline retry --failed`.');
  return out.join('\n');
}

/** Failed deliveries with their ids, for choosing what to `retry`. */
export function formatFailedDeliveries(deliveries: Delivery[]): string {
  const failed = deliveries.filter((d) => d.status === 'failed');
  if (failed.length === 0) return 'No failed deliveries.';
  return failed
    .map((d) => `#${d.id}  ${d.platform}:${d.channelId}  ${d.kind}  "${clip(d.post.headline, 60)}"  after ${d.attempts} attempt(s): ${oneLine(d.lastError ?? 'unknown reason')}`)
    .join('\n');
}

function oneLine(s: string): string {
  return clip(s.replace(/\s+/g, ' ').trim(), 200);
}

function clip(s: string, max: number): string {
  return s.length <= max ? s : s.slice(0, max - 1) + '…';
}
