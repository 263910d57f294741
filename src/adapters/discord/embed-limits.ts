import { truncate } from '../../util/truncate.js';

/** Discord's documented message and embed limits. */
export const Limits = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  /** Sum over every embed of a message: titles, descriptions, field names/values, footers, authors. */
  total: 6000,
} as const;

export interface EmbedField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface DiscordEmbed {
  title?: string;
  description?: string;
  url?: string;
  timestamp?: string;
  color?: number;
  fields?: EmbedField[];
  footer?: { text: string };
  author?: { name: string };
}

/** The JSON body of a message Threadline writes (create or edit). */
export interface MessageBody {
  content?: string;
  embeds?: DiscordEmbed[];
  flags?: number;
  allowed_mentions: { parse: never[] };
}

export const EPHEMERAL = 64;
export const SUPPRESS_EMBEDS = 4;

export function embedSize(e: DiscordEmbed): number {
  let n = (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0) + (e.author?.name.length ?? 0);
  for (const f of e.fields ?? []) n += f.name.length + f.value.length;
  return n;
}

export function field(name: string, value: string, inline = false, protectedSpans: string[] = []): EmbedField | null {
  const v = value.trim();
  if (!v) return null;
  return { name: truncate(name, Limits.fieldName), value: truncate(v, Limits.fieldValue, protectedSpans), inline };
}

/**
 * Cuts every part of one embed to its own limit, then to the 6000 total: the description
 * gives way first, then fields from the end (the headline and link always stay).
 */
export function fitEmbed(embed: DiscordEmbed, budget: number = Limits.total): DiscordEmbed {
  const e: DiscordEmbed = { ...embed };
  if (e.title !== undefined) e.title = truncate(e.title, Limits.title);
  if (e.description !== undefined) e.description = truncate(e.description, Limits.description);
  if (e.footer) e.footer = { text: truncate(e.footer.text, Limits.footer) };
  if (e.author) e.author = { name: truncate(e.author.name, Limits.author) };
  if (e.fields) e.fields = e.fields.slice(0, Limits.fields);
  let over = embedSize(e) - budget;
  if (over > 0 && e.description) {
    e.description = truncate(e.description, Math.max(0, e.description.length - over));
    over = embedSize(e) - budget;
  }
  while (over > 0 && e.fields && e.fields.length > 0) {
    e.fields = e.fields.slice(0, -1);
    over = embedSize(e) - budget;
  }
  if (over > 0 && e.title) e.title = truncate(e.title, Math.max(1, e.title.length - over));
  if (e.description === '') delete e.description;
  return e;
}

/**
 * Packs lines into as few embeds as needed (each description <= 4096, all embeds <= 6000
 * together, <= 10 embeds). Lines that do not fit are dropped and counted, so the caller
 * can say "and N more" instead of failing the whole message.
 */
export function packLines(title: string | undefined, lines: string[], reserve = 64): { embeds: DiscordEmbed[]; dropped: number } {
  const embeds: DiscordEmbed[] = [];
  let current: string[] = [];
  let currentLen = 0;
  let total = (title ? Math.min(title.length, Limits.title) : 0) + reserve;
  let used = 0;
  const flush = (): void => {
    if (current.length === 0) return;
    const e: DiscordEmbed = { description: current.join('\n') };
    if (embeds.length === 0 && title) e.title = truncate(title, Limits.title);
    embeds.push(e);
    current = [];
    currentLen = 0;
  };
  for (const raw of lines) {
    const line = truncate(raw, 1000, linkSpans(raw));
    const cost = line.length + (current.length ? 1 : 0);
    if (total + cost > Limits.total) break;
    if (currentLen + cost > Limits.description) {
      if (embeds.length + 1 >= Limits.embeds) break;
      flush();
    }
    current.push(line);
    currentLen += line.length + (current.length > 1 ? 1 : 0);
    total += cost;
    used++;
  }
  flush();
  if (embeds.length === 0 && title) embeds.push({ title: truncate(title, Limits.title) });
  return { embeds, dropped: lines.length - used };
}

/** Masked links in a line, so truncation never cuts one in half. */
export function linkSpans(text: string): string[] {
  return [...text.matchAll(/\[(?:\\.|[^\]\\])*\]\(<?[^)\s]*>?\)/g)].map((m) => m[0]);
}
