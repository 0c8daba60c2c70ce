import { afterEach, describe, expect, it, vi } from 'vitest';
import { EventPause } from '../../renderer/src/event-pause';
import {
  drawnChunksOf,
  followView,
  GHOST_CHUNK,
  GHOST_MARGIN,
  GHOST_SETTLE_MS,
  ghostChunk,
  ghostStep,
  ghostTarget,
  NO_GHOSTS,
} from '../../renderer/src/editor/ghost-window';

/** The chunks `from`…`to`, inclusive. */
const chunks = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, k) => from + k);

describe('ghostTarget', () => {
  it('wants the chunks of what is in view, widened by the margin', () => {
    expect([GHOST_CHUNK, GHOST_MARGIN]).toEqual([250, 6000]);
    // A screen of about 1,500 code points, a third of the way into a 100,000-code-point article:
    // [27,210, 40,705) wanted, so chunks 108 (27,000–27,249) to 162 (40,500–40,749).
    expect(ghostTarget({ start: 33_210, end: 34_705 })).toEqual(chunks(108, 162));
    // At the top: nothing before 0; [0, 7,480) wanted.
    expect(ghostTarget({ start: 0, end: 1_480 })).toEqual(chunks(0, 29));
    expect([ghostChunk(0), ghostChunk(249), ghostChunk(250)]).toEqual([0, 0, 1]);
  });

  it('widens a tall view by three times its length', () => {
    // 4,000 code points in view: 12,000 on each side, [38,000, 66,000).
    expect(ghostTarget({ start: 50_000, end: 54_000 })).toEqual(chunks(152, 263));
  });
});

describe('drawnChunksOf', () => {
  it('gives the chunks drawn of the same list, and none of a new list', () => {
    const first = [{ label: 'Place', start: 3, end: 9 }];
    const drawn = { list: first, chunks: new Set([4, 5]) };
    expect([...drawnChunksOf(drawn, first)]).toEqual([4, 5]);
    // Suggestions arrive after the text: a list equal in content but new is drawn from nothing.
    expect(drawnChunksOf(drawn, [...first]).size).toBe(0);
    expect(drawnChunksOf(NO_GHOSTS, first).size).toBe(0);
    expect(drawnChunksOf(NO_GHOSTS, undefined).size).toBe(0);
  });
});

describe('ghostStep', () => {
  it('adds the missing chunks nearest the view first, then takes away the farthest unwanted ones', () => {
    let drawn: ReadonlySet<number> | null = new Set([0, 1, 2, 3]);
    const target = [1, 2, 3, 4, 5, 6, 7, 8];
    const steps: number[][] = [];
    for (;;) {
      // The view's middle, 1,350, is in chunk 5.
      drawn = ghostStep(drawn, target, 1_350);
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
    expect(ghostStep(new Set([3, 1, 2]), [1, 2, 3], 500)).toBeNull();
  });
});

describe('followView', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  /** A page for followView: frames every 16 ms by the fake timers, a view that can be moved. */
  function page(visible: { start: number; end: number }) {
    vi.useFakeTimers();
    let clock = 0;
    const input = new EventPause(500);
    let drawn: ReadonlySet<number> = new Set();
    const draws: number[] = [];
    const scroller = new EventTarget();
    const resizes = new EventTarget();
    let view = visible;
    const stop = followView({
      drawn: () => drawn,
      draw: (chunks) => {
        drawn = chunks;
        draws.push(clock);
      },
      visible: () => view,
      scroller,
      resizes,
      input: { wait: () => input.wait(clock) },
      frame: (callback) => setTimeout(callback, 16) as unknown as number,
      cancelFrame: (handle) => clearTimeout(handle),
    });
    const pass = (ms: number) => {
      for (let t = 0; t < ms; t += 4) {
        clock += 4;
        vi.advanceTimersByTime(4);
      }
    };
    return {
      stop,
      pass,
      input: () => input.note(clock),
      scrollTo: (next: { start: number; end: number }) => {
        view = next;
        scroller.dispatchEvent(new Event('scroll'));
      },
      drawn: () => [...drawn].sort((a, b) => a - b),
      draws: () => draws.length,
    };
  }

  it('draws the chunks around the view one a frame, nearest first, until they are the target', () => {
    const p = page({ start: 0, end: 1_480 });
    // The first chunk at once, the list having just arrived.
    expect(p.drawn()).toEqual([2]);
    p.pass(16 * 40);
    expect(p.drawn()).toEqual(chunks(0, 29));
    expect(p.draws()).toBe(30);
    p.stop();
  });

  it('takes no step while the user selects and presses keys, and goes on once they pause', () => {
    const p = page({ start: 33_210, end: 34_705 });
    p.pass(16 * 3);
    const before = p.draws();
    // Input every 100 ms for two seconds: no chunk drawn.
    for (let k = 0; k < 20; k++) {
      p.input();
      p.pass(100);
    }
    expect(p.draws()).toBe(before);
    // Quiet for the pause: the steps go on to the target.
    p.pass(500 + 16 * 60);
    expect(p.drawn()).toEqual(ghostTarget({ start: 33_210, end: 34_705 }));
    p.stop();
  });

  it('follows the view once scrolling pauses, adding the new chunks before taking the old ones away', () => {
    const p = page({ start: 0, end: 1_480 });
    p.pass(16 * 40);
    p.scrollTo({ start: 50_000, end: 51_480 });
    p.pass(GHOST_SETTLE_MS - 20);
    expect(p.drawn()).toEqual(chunks(0, 29));
    p.pass(20);
    // The chunk of the view's middle (50,740) first, at once; the next a frame later.
    expect(p.drawn()).toEqual([...chunks(0, 29), 202]);
    p.pass(16);
    expect(p.drawn()).toEqual([...chunks(0, 29), 201, 202]);
    p.pass(16 * 200);
    expect(p.drawn()).toEqual(ghostTarget({ start: 50_000, end: 51_480 }));
    p.stop();
    const drawn = p.draws();
    p.scrollTo({ start: 0, end: 1_480 });
    p.pass(2_000);
    expect(p.draws()).toBe(drawn);
  });
});
