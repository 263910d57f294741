import { describe, expect, it } from 'vitest';
import { fnv1a32 } from '../../src/core/hash.js';
import { axisKey, entityKey, nameKey, topicKey } from '../../src/core/story-vector.js';

describe('story vector keys', () => {
  it('hash the prefixed name without joining it', () => {
    for (const s of ['', 'meta', 'OpenAI', 'open-source', 'Zoë']) {
      expect(nameKey(s)).toBe(fnv1a32('!' + s, 0x27d4eb2f));
      expect(entityKey(s)).toBe(fnv1a32('@' + s, 0x1b873593));
      expect(topicKey(s)).toBe(fnv1a32('#' + s, 0x2c1b3c6d));
      expect(axisKey(s)).toBe(fnv1a32('%' + s, 0x165667b1));
    }
  });
});
