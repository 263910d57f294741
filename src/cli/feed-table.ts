import { formatDistanceStrict } from 'date-fns';
import type { FeedRecord } from '../store/store.js';

/** The `threadline feeds` health table, one feed per line. */
export function formatFeedTable(feeds: FeedRecord[], now: Date): string {
  if (feeds.length === 0) return 'No feeds configured.';
  const ago = (iso: string | null) => (iso ? formatDistanceStrict(new Date(iso), now, { addSuffix: true }) : 'never');
  const rows = feeds.map((f) => [
    f.paused ? 'PAUSED' : f.consecutiveFailures > 0 ? `FAILING x${f.consecutiveFailures}` : f.lastSuccessAt ? 'ok' : 'new',
    f.name,
    ago(f.lastSuccessAt),
    f.consecutiveFailures > 0 && f.lastError ? f.lastError.replace(/\s+/g, ' ').slice(0, 80) : '',
    f.url,
  ]);
  const header = ['STATE', 'FEED', 'LAST SUCCESS', 'LAST ERROR', 'URL'];
  const widths = header.map((h, i) => Math.min(48, Math.max(h.length, ...rows.map((r) => r[i]!.length))));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c.slice(0, widths[i]).padEnd(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}
