/**
 * Feed dates -> ISO-8601, or null when the feed gave nothing usable (the pipeline then
 * uses the first-seen time). Handles RFC 822 with named zones JavaScript does not know,
 * ISO dates without a zone (read as UTC, never as the server's local time), and rejects
 * nonsense years instead of passing "+012345-01-01" downstream.
 */

const ZONES: Record<string, string> = {
  CET: '+0100', CEST: '+0200', MET: '+0100', MEST: '+0200', BST: '+0100', WET: '+0000', WEST: '+0100',
  EET: '+0200', EEST: '+0300', MSK: '+0300', IST: '+0530', SGT: '+0800', HKT: '+0800', JST: '+0900',
  KST: '+0900', AEST: '+1000', AEDT: '+1100', NZST: '+1200', NZDT: '+1300', AKST: '-0900', AKDT: '-0800',
  HST: '-1000',
};

const MIN_YEAR = 1990;
const MAX_YEAR = 2100;

export function parseFeedDate(raw: unknown): string | null {
  if (raw instanceof Date) return valid(raw);
  if (typeof raw !== 'string') return null;
  const text = raw.trim();
  if (!text || /^\d+$/.test(text)) return null;
  return valid(new Date(normalise(text)));
}

function normalise(text: string): string {
  // ISO date-time without a zone: UTC by convention, not the host's zone.
  const iso = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/.exec(text);
  if (iso) return `${iso[1]}T${iso[2]}Z`;
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) return text;
  // RFC 822: a named zone JavaScript does not know, or no zone at all.
  const zone = /\s([A-Z]{3,4})$/.exec(text);
  if (zone?.[1] && ZONES[zone[1]]) return text.slice(0, zone.index) + ' ' + ZONES[zone[1]];
  if (/\d{1,2}:\d{2}(?::\d{2})?$/.test(text)) return `${text} GMT`;
  return text;
}

function valid(date: Date): string | null {
  const t = date.getTime();
  if (!Number.isFinite(t)) return null;
  const year = date.getUTCFullYear();
  return year >= MIN_YEAR && year <= MAX_YEAR ? date.toISOString() : null;
}
