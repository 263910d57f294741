import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';

/**
 * Feed bytes -> text. Order: a byte-order mark (unambiguous, and RFC 7303 lets it win),
 * then the Content-Type charset, then the XML prolog's encoding, then UTF-8.
 * Legacy charsets go through iconv-lite: Node 20.18.3+'s TextDecoder('windows-1252')
 * turns curly quotes and the euro sign into C1 control characters (nodejs/node#60888).
 */

export type CharsetSource = 'bom' | 'content-type' | 'prolog' | 'default' | 'fallback';

export interface DecodedText {
  text: string;
  /** The encoding actually used (iconv-lite name or "utf-8"). */
  encoding: string;
  source: CharsetSource;
  /** A declared charset we could not use (unknown name), for the log. */
  ignoredCharset: string | null;
}

/** Labels browsers treat as windows-1252: ISO-8859-1 feeds often hold 0x80-0x9F quotes. */
const AS_1252 = new Set(['iso-8859-1', 'iso8859-1', 'latin1', 'latin-1', 'l1', 'us-ascii', 'ascii', 'cp1252', 'windows-1252', 'x-cp1252', 'iso_8859-1', 'cp819', 'ibm819']);
const UTF8 = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);

export function charsetFromContentType(contentType: string | undefined | null): string | null {
  if (!contentType) return null;
  const m = /;\s*charset\s*=\s*("?)([^";,\s]+)\1/i.exec(contentType);
  return m?.[2] ? m[2].toLowerCase() : null;
}

function sniffBom(bytes: Buffer): { encoding: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', length: 2 };
  return null;
}

/** The `encoding="..."` of an `<?xml ...?>` prolog, read as ASCII from the first bytes. */
export function charsetFromProlog(bytes: Buffer): string | null {
  const head = bytes.subarray(0, 512).toString('latin1');
  const m = /^\s*<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']/.exec(head);
  return m?.[1] ? m[1].toLowerCase() : null;
}

/** Normalises a label to what we decode with, or null when neither we nor iconv-lite know it. */
function usableEncoding(label: string): string | null {
  if (UTF8.has(label)) return 'utf-8';
  if (AS_1252.has(label)) return 'windows-1252';
  return iconv.encodingExists(label) ? label : null;
}

function decodeWith(bytes: Buffer, encoding: string): string {
  return encoding === 'utf-8' ? bytes.toString('utf8') : iconv.decode(bytes, encoding);
}

export function decodeFeedBytes(bytes: Buffer, contentType?: string | null): DecodedText {
  let ignoredCharset: string | null = null;
  const bom = sniffBom(bytes);
  if (bom) {
    return { text: decodeWith(bytes.subarray(bom.length), bom.encoding), encoding: bom.encoding, source: 'bom', ignoredCharset };
  }

  const candidates: Array<[string | null, CharsetSource]> = [
    [charsetFromContentType(contentType), 'content-type'],
    [charsetFromProlog(bytes), 'prolog'],
  ];
  for (const [label, source] of candidates) {
    if (!label) continue;
    const encoding = usableEncoding(label);
    if (!encoding) {
      ignoredCharset ??= label;
      continue;
    }
    if (encoding !== 'utf-8') return { text: decodeWith(bytes, encoding), encoding, source, ignoredCharset };
    // Servers often claim UTF-8 for legacy bytes; only trust the claim when the bytes agree.
    const text = tryUtf8(bytes);
    if (text !== null) return { text: stripBomChar(text), encoding, source, ignoredCharset };
    return legacyFallback(bytes, ignoredCharset);
  }

  const text = tryUtf8(bytes);
  if (text !== null) return { text: stripBomChar(text), encoding: 'utf-8', source: 'default', ignoredCharset };
  return legacyFallback(bytes, ignoredCharset);
}

/** Strict UTF-8; an incomplete sequence at the very end (a body cut at maxBytes) is dropped, not fatal. */
function tryUtf8(bytes: Buffer): string | null {
  // The common case, checked without building a decoder; the strict decoder is for the rest.
  if (isUtf8(bytes)) return bytes.toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: true });
  } catch {
    return null;
  }
}

/** Not valid UTF-8 and nothing better declared: a prolog's legacy charset, else windows-1252. */
function legacyFallback(bytes: Buffer, ignoredCharset: string | null): DecodedText {
  const prolog = charsetFromProlog(bytes);
  const declared = prolog ? usableEncoding(prolog) : null;
  const encoding = declared && declared !== 'utf-8' ? declared : 'windows-1252';
  return { text: decodeWith(bytes, encoding), encoding, source: 'fallback', ignoredCharset };
}

function stripBomChar(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
