import { describe, expect, it } from 'vitest';
import { decodePost, encodePost } from '../../src/store/post-codec.js';
import { packText, unpackText } from '../../src/store/text-codec.js';

describe('packed text columns', () => {
  const prose = 'Meta opens Llama weights to researchers. '.repeat(20) + 'Curly “quotes”, € and 😀 survive.';

  it('deflates long text into a smaller BLOB and reads it back exactly', () => {
    const packed = packText(prose);
    expect(Buffer.isBuffer(packed)).toBe(true);
    expect((packed as Buffer).length).toBeLessThan(Buffer.byteLength(prose));
    expect(unpackText(packed)).toBe(prose);
  });

  it('keeps short text as text, and reads rows stored as plain TEXT', () => {
    expect(packText('short')).toBe('short');
    expect(unpackText('written before packing')).toBe('written before packing');
  });

  it('reports an unreadable BLOB as null instead of throwing', () => {
    expect(unpackText(Buffer.from([0xff, 0xff, 0xff, 0x00]))).toBeNull();
    expect(unpackText(42)).toBeNull();
  });

  it('round-trips a post, packed or stored as JSON text', () => {
    const post = { kind: 'story', headline: 'Meta opens Llama', summary: prose, whatsNew: [] } as unknown as Parameters<typeof encodePost>[0];
    expect(decodePost(encodePost(post))).toEqual(post);
    expect(decodePost(JSON.stringify(post))).toEqual(post);
    expect(decodePost('{not json')).toBeNull();
  });
});
