import { truncate } from '../../util/truncate.js';

/**
 * The few Block Kit shapes Threadline sends, Slack's limits for them, and the helpers
 * that keep every message inside those limits. Structurally these are @slack/types blocks.
 */

export interface MrkdwnText {
  type: 'mrkdwn';
  text: string;
}

export interface PlainText {
  type: 'plain_text';
  text: string;
  emoji?: boolean;
}

export interface LinkButton {
  type: 'button';
  text: PlainText;
  url: string;
  action_id: string;
}

export type SlackBlock =
  | { type: 'header'; text: PlainText }
  | { type: 'section'; text: MrkdwnText }
  | { type: 'context'; elements: MrkdwnText[] }
  | { type: 'actions'; elements: LinkButton[] }
  | { type: 'divider' };

/** What chat.postMessage / chat.update / response_url get: blocks plus the plain fallback. */
export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

export const Limits = {
  blocks: 50,
  header: 150,
  section: 3000,
  contextElements: 10,
  /** Documented 3000 per text object; context lines are kept shorter so they stay one glance. */
  contextText: 2000,
  buttonText: 75,
  buttonUrl: 3000,
  /** Our own cap: a link label longer than this is a feed bug, not a headline. */
  linkLabel: 300,
  /** Notification fallback; the API takes 40k, nobody reads that much in a notification. */
  fallbackText: 3000,
  /**
   * Slack rejects messages whose blocks total roughly 13.2k characters with
   * msg_blocks_too_long (undocumented, bolt-js #2509/#2867; summing only the text fields
   * is not enough). We budget the whole serialised blocks JSON, which is stricter.
   */
  blocksJson: 12_000,
} as const;

/** Action id of link buttons: Slack still sends block_actions for them, the app acks it. */
export const LINK_ACTION_ID = 'threadline_open_link';

/** mrkdwn's control characters: Slack asks for exactly these three to be escaped. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const ENTITY_SPANS = ['&amp;', '&lt;', '&gt;'];

/**
 * Cuts already-escaped mrkdwn to `max`, never inside an &amp;-style entity, a
 * <url|label> link, or one of `keep` (entity names, escaped the same way).
 */
export function fitMrkdwn(escaped: string, max: number, keep: string[] = []): string {
  return truncate(escaped, max, [...ENTITY_SPANS, ...keep.map(escapeMrkdwn)]);
}

export function isWebUrl(url: string): boolean {
  return /^https?:\/\/[^\s<>|]+$/i.test(url) && url.length <= Limits.buttonUrl;
}

/** <url|label>; a URL that is not http(s) is shown as plain label. */
export function link(label: string, url: string): string {
  const text = escapeMrkdwn(truncate(label.replace(/\s+/g, ' ').trim() || url, Limits.linkLabel));
  return isWebUrl(url) ? `<${url}|${text.replace(/\|/g, '¦')}>` : text;
}

export function header(text: string): SlackBlock {
  const flat = text.replace(/\s+/g, ' ').trim() || 'Untitled';
  return { type: 'header', text: { type: 'plain_text', text: truncate(flat, Limits.header), emoji: true } };
}

/** A mrkdwn section; `escaped` must already be escaped (it may contain links). */
export function section(escaped: string, keep: string[] = []): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: fitMrkdwn(escaped || ' ', Limits.section, keep) } };
}

export function context(escapedParts: string[]): SlackBlock | null {
  const elements = escapedParts
    .filter((p) => p.trim().length > 0)
    .slice(0, Limits.contextElements)
    .map((p): MrkdwnText => ({ type: 'mrkdwn', text: fitMrkdwn(p, Limits.contextText) }));
  return elements.length > 0 ? { type: 'context', elements } : null;
}

export function linkButton(label: string, url: string): SlackBlock | null {
  if (!isWebUrl(url)) return null;
  const text = truncate(label.replace(/\s+/g, ' ').trim() || 'Open', Limits.buttonText);
  return { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text, emoji: true }, url, action_id: LINK_ACTION_ID }] };
}

/**
 * Packs lines (escaped mrkdwn) into as few sections as possible, each within the section
 * limit; a single over-long line is cut. Returns the sections in order.
 */
export function packSections(lines: string[]): SlackBlock[] {
  const out: SlackBlock[] = [];
  let current = '';
  for (const raw of lines) {
    const line = fitMrkdwn(raw, Limits.section);
    if (current && current.length + 1 + line.length > Limits.section) {
      out.push(section(current));
      current = '';
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) out.push(section(current));
  return out;
}

/** How many items dropped blocks held: a line of a section is one item (a timeline entry, a list item). */
function countItems(dropped: SlackBlock[]): number {
  let n = 0;
  for (const b of dropped) {
    if (b.type === 'section') n += b.text.text.split('\n').filter((l) => l.trim()).length;
    else if (b.type === 'context') n += 1;
  }
  return Math.max(1, n);
}

/**
 * Keeps a message within Slack's limits: at most 50 blocks and the JSON budget. Blocks
 * that do not fit are dropped from the end and counted in a last context line
 * ("…and 12 more").
 */
export function fitBlocks(blocks: SlackBlock[]): SlackBlock[] {
  const size = (b: SlackBlock[]) => JSON.stringify(b).length;
  if (blocks.length <= Limits.blocks && size(blocks) <= Limits.blocksJson) return blocks;
  const note = (dropped: SlackBlock[]): SlackBlock => ({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${countItems(dropped)} more` }] });
  const kept = blocks.slice(0, Limits.blocks - 1);
  while (kept.length > 1 && size([...kept, note(blocks.slice(kept.length))]) > Limits.blocksJson) kept.pop();
  return [...kept, note(blocks.slice(kept.length))];
}

/** The notification fallback (`text`): Slack reads it as mrkdwn too, so it is escaped. */
export function fallbackText(plain: string): string {
  return fitMrkdwn(escapeMrkdwn(plain.replace(/[ \t]+/g, ' ').trim() || 'Threadline'), Limits.fallbackText);
}
