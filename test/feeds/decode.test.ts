import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { charsetFromContentType, charsetFromProlog, decodeFeedBytes } from '../../src/feeds/decode.js';

const CURLY = '“Llama” costs €5 – café';

describe('decodeFeedBytes', () => {
  it('reads windows-1252 from Content-Type with curly quotes and the euro sign intact', () => {
    const bytes = iconv.encode(`<rss><title>${CURLY}</title></rss>`, 'windows-1252');
    const out = decodeFeedBytes(bytes, 'application/rss+xml; charset=windows-1252');
    expect(out.text).toContain(CURLY);
    expect(out.source).toBe('content-type');
    expect(out.text).not.toMatch(/[\u0080-\u009f]/);
  });

  it('reads ISO-8859-1 declared only in the XML prolog', () => {
    const bytes = iconv.encode('<?xml version="1.0" encoding="ISO-8859-1"?><rss><title>Zürich naïve façade</title></rss>', 'latin1');
    const out = decodeFeedBytes(bytes, 'application/xml');
    expect(out.text).toContain('Zürich naïve façade');
    expect(out.source).toBe('prolog');
  });

  it('lets a BOM win over a contradicting Content-Type', () => {
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<rss>é</rss>', 'utf8')]);
    const out = decodeFeedBytes(bytes, 'text/xml; charset=iso-8859-1');
    expect(out).toMatchObject({ text: '<rss>é</rss>', source: 'bom' });
  });

  it('reads UTF-16LE with a BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<rss>ß</rss>', 'utf16le')]);
    expect(decodeFeedBytes(bytes).text).toBe('<rss>ß</rss>');
  });

  it('defaults to UTF-8', () => {
    expect(decodeFeedBytes(Buffer.from('<rss>日本</rss>'))).toMatchObject({ text: '<rss>日本</rss>', encoding: 'utf-8', source: 'default' });
  });

  it('does not trust a UTF-8 claim the bytes contradict', () => {
    const bytes = iconv.encode('<rss>“quoted”</rss>', 'windows-1252');
    const out = decodeFeedBytes(bytes, 'text/xml; charset=utf-8');
    expect(out.text).toBe('<rss>“quoted”</rss>');
    expect(out.source).toBe('fallback');
  });

  it('keeps a body cut in the middle of a UTF-8 sequence as UTF-8', () => {
    const full = Buffer.from('<rss>naïve €</rss>');
    const cut = full.subarray(0, full.indexOf(Buffer.from('€')) + 1);
    expect(decodeFeedBytes(cut).encoding).toBe('utf-8');
    expect(decodeFeedBytes(cut).text).toBe('<rss>naïve ');
  });

  it('reports an unknown charset and still decodes', () => {
    const out = decodeFeedBytes(Buffer.from('<rss>ok</rss>'), 'text/xml; charset=x-klingon');
    expect(out.text).toBe('<rss>ok</rss>');
    expect(out.ignoredCharset).toBe('x-klingon');
  });
});

describe('charset sniffing helpers', () => {
  it('reads quoted and unquoted charset parameters', () => {
    expect(charsetFromContentType('text/xml; charset="Windows-1252"')).toBe('windows-1252');
    expect(charsetFromContentType('text/xml;charset=utf-8')).toBe('utf-8');
    expect(charsetFromContentType('text/xml')).toBeNull();
  });

  it('reads the prolog encoding only from a prolog', () => {
    expect(charsetFromProlog(Buffer.from("<?xml version='1.0' encoding='iso-8859-15'?><rss/>"))).toBe('iso-8859-15');
    expect(charsetFromProlog(Buffer.from('<rss encoding="latin1"/>'))).toBeNull();
  });
});
