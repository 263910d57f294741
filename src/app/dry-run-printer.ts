import type { ThreadlineConfig } from '../config/schema.js';
import { effectiveSubscriptions } from '../config/subscriptions.js';
import type { Article } from '../core/types.js';
import type { IngestOutcome } from '../pipeline/ingest.js';
import type { Store } from '../store/store.js';
import { formatInTimeZone } from '../util/dates.js';

/**
 * Renders what a poll cycle would post, threaded like the real thing: each story once,
 * its follow-ups and folded copies indented under it. Plain text for a terminal.
 */
export function formatDryRun(outcomes: IngestOutcome[], store: Store, config: ThreadlineConfig): string {
  const stored = outcomes.filter((o) => o.status === 'stored' && o.analysis && !o.analysis.article.suppressed);
  const held = outcomes.filter((o) => o.status === 'stored' && o.analysis?.article.suppressed).length;
  const byStoryline = new Map<string, IngestOutcome[]>();
  for (const o of stored) {
    const id = o.analysis!.article.storylineId;
    byStoryline.set(id, [...(byStoryline.get(id) ?? []), o]);
  }
  const tz = config.timeZone;
  const subs = effectiveSubscriptions(config, store.listSubscriptions());
  const lines: string[] = [];
  for (const [storylineId, items] of byStoryline) {
    const storyline = store.getStoryline(storylineId);
    const opener = items.find((o) => o.analysis!.placement.kind === 'story');
    if (opener) {
      const a = opener.analysis!.article;
      lines.push(`● ${a.title}`);
      lines.push(`  ${meta(a, tz)}`);
      if (a.summary) lines.push(`  ${a.summary}`);
      lines.push(`  ${a.url}`);
      const where = destinations(a, subs);
      lines.push(`  → ${where.length ? `would post to ${where.join(', ')}` : `no channel follows ${a.topics.length ? a.topics.join('/') : 'its topics'} yet (dry-run shows it anyway)`}`);
    } else {
      lines.push(`● (continuing) ${storyline?.title ?? storylineId}`);
    }
    for (const o of items) {
      if (o === opener) continue;
      const a = o.analysis!.article;
      const p = o.analysis!.placement;
      if (p.kind === 'duplicate') {
        const sim = p.similarity !== null ? `, similarity ${p.similarity.toFixed(2)}` : '';
        lines.push(`    + also reported by ${a.source} (${p.duplicateReason === 'near-text' ? 'near-copy' : `same ${p.duplicateReason}`}${sim}): ${a.url}`);
        continue;
      }
      lines.push(`    ↳ follow-up: ${a.title}`);
      lines.push(`      ${meta(a, tz)}${p.angleChanged ? ' · angle changed' : ''}`);
      for (const s of (a.whatsNew.length ? a.whatsNew : [a.summary]).slice(0, 3)) lines.push(`      • ${s}`);
      lines.push(`      ${a.url}`);
    }
    lines.push('');
  }
  if (held) lines.push(`(${held} older item(s) from feeds' first poll stored as seen, not posted: backfill limit ${config.poll.backfill} per feed)`);
  return lines.join('\n').trimEnd();
}

function meta(a: Article, tz: string): string {
  const angle = angleLabel(a.angles);
  return [a.source, formatInTimeZone(a.published, tz), a.topics.join(', ') || 'no topic', ...(angle ? [`angle: ${angle}`] : []), ...(a.entities.length ? [a.entities.slice(0, 5).join(', ')] : [])].join(' · ');
}

/** "open" when every tagged topic reads the article the same way, else "meta-ai open, open-weights closed". */
function angleLabel(angles: Record<string, string>): string {
  const entries = Object.entries(angles);
  const labels = new Set(entries.map(([, label]) => label));
  if (labels.size <= 1) return [...labels][0] ?? '';
  return entries.map(([topic, label]) => `${topic} ${label}`).join(', ');
}

function destinations(a: Article, subs: { platform: string; channelId: string; topic: string }[]): string[] {
  return [...new Set(subs.filter((s) => s.topic === '*' || a.topics.includes(s.topic)).map((s) => `${s.platform}:${s.channelId}`))];
}
