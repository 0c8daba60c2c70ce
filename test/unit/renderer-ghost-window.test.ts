import { describe, expect, it } from 'vitest';
import { GHOST_CHUNK, GHOST_MARGIN, ghostChunk, ghostStep, ghostTarget, INITIAL_GHOST_CHUNKS } from '../../renderer/src/editor/ghost-window';

describe('ghostTarget', () => {
  it('wants the chunks of what is in view, widened by the margin', () => {
    expect([GHOST_CHUNK, GHOST_MARGIN]).toEqual([2000, 6000]);
    // A screen of about 1,500 code points, a third of the way into a 100,000-code-point article.
    expect(ghostTarget({ start: 33_210, end: 34_705 })).toEqual([13, 14, 15, 16, 17, 18, 19, 20]);
    // At the top: nothing before 0.
    expect(ghostTarget({ start: 0, end: 1_480 })).toEqual([0, 1, 2, 3]);
    expect([...INITIAL_GHOST_CHUNKS]).toEqual([0, 1, 2, 3, 4, 5]);
    expect([ghostChunk(0), ghostChunk(1_999), ghostChunk(2_000)]).toEqual([0, 0, 1]);
  });

  it('widens a tall view by three times its length', () => {
    expect(ghostTarget({ start: 50_000, end: 54_000 })).toEqual([19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32]);
  });
});

describe('ghostStep', () => {
  it('adds the missing chunks nearest the view first, then takes away the farthest unwanted ones', () => {
    let drawn: ReadonlySet<number> | null = new Set([0, 1, 2, 3]);
    const target = ghostTarget({ start: 9_500, end: 10_500 });
    expect(target).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const steps: number[][] = [];
    for (;;) {
      drawn = ghostStep(drawn, target, 10_000);
      if (!drawn) break;
      steps.push([...drawn].sort((a, b) => a - b));
    }
    expect(steps).toEqual([
      [0, 1, 2, 3, 5],
      [0, 1, 2, 3, 4, 5],
      [0, 1, 2, 3, 4, 5, 6],
      [0, 1, 2, 3, 4, 5, 6, 7],
      [0, 1, 2, 3, 4, 5, 6, 7, 8],
      [1, 2, 3, 4, 5, 6, 7, 8],
    ]);
  });

  it('is done when the drawn chunks are the wanted ones', () => {
    expect(ghostStep(new Set([3, 1, 2]), [1, 2, 3], 5_000)).toBeNull();
  });
});
