// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { REVEAL_BATCH, revealRanges } from '../../renderer/src/editor/paragraph-reveal';

describe('revealRanges', () => {
  it('goes outward from the paragraph in view, a batch after, then a batch before (1-based, inclusive)', () => {
    expect(revealRanges(10, 4, 2)).toEqual([
      [5, 6],
      [3, 4],
      [7, 8],
      [1, 2],
      [9, 10],
    ]);
    expect(revealRanges(5, 0, 2)).toEqual([
      [1, 2],
      [3, 4],
      [5, 5],
    ]);
  });
  it('covers every paragraph exactly once, whatever the start, and clamps one out of range', () => {
    for (const [count, first] of [
      [771, 300],
      [771, 770],
      [771, 0],
      [3, 99],
      [1, 0],
    ] as const) {
      const seen = new Set<number>();
      for (const [from, to] of revealRanges(count, first)) {
        expect(to - from + 1).toBeLessThanOrEqual(REVEAL_BATCH);
        for (let i = from; i <= to; i++) {
          expect(seen.has(i)).toBe(false);
          seen.add(i);
        }
      }
      expect(seen.size).toBe(count);
    }
    expect(revealRanges(0, 0)).toEqual([]);
    expect(revealRanges(771, 300)[0]).toEqual([301, 300 + REVEAL_BATCH]);
  });
});
