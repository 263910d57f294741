import { describe, expect, it } from 'vitest';
import { HEAP_GROWING_PERCENT, heapGrowthFlag } from '../../src/app/heap-growth.js';

describe('heapGrowthFlag', () => {
  it('sets the growing percent when the operator chose none', () => {
    expect(heapGrowthFlag([], undefined)).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
    expect(heapGrowthFlag(['--enable-source-maps'], '--max-old-space-size=512')).toBe(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
  });

  it("leaves an operator's own setting alone, on the command line or in NODE_OPTIONS", () => {
    expect(heapGrowthFlag(['--heap-growing-percent=50'], undefined)).toBeNull();
    expect(heapGrowthFlag(['--heap_growing_percent=0'], undefined)).toBeNull();
    expect(heapGrowthFlag([], '--trace-warnings --heap-growing-percent=80')).toBeNull();
  });
});
