/**
 * Feed text is shown as Discord markdown; a headline like "*Exclusive*: GPT_5" must not
 * turn bold or italic, and a stray "[x](y)" must not become a masked link.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_~`|[\]]/g, '\\$&').replace(/^(\s*)([>#-])/gm, '$1\\$2');
}

/** A masked link that does not unfurl; only http(s) URLs become links. */
export function link(label: string, url: string): string {
  return isWebUrl(url) ? `[${escapeMarkdown(label)}](<${url}>)` : escapeMarkdown(label);
}

export function isWebUrl(url: string): boolean {
  return /^https?:\/\/[^\s<>]+$/i.test(url) && url.length <= 2048;
}
