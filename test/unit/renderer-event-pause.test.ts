import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SCROLL_PAUSE_MS, noteListScroll, whenListStill } from '../../renderer/src/event-pause';

// Work held while the document list is scrolled (the first document opening by itself) runs at
// once when the list is still, and otherwise once it has been still for SCROLL_PAUSE_MS.

describe('whenListStill', () => {
  let clock = 0;
  const now = (): number => clock;
  beforeEach(() => {
    vi.useFakeTimers();
    clock = 100_000;
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const advance = (ms: number): void => {
    clock += ms;
    vi.advanceTimersByTime(ms);
  };

  it('runs at once when the list has not scrolled for the pause', () => {
    noteListScroll(clock - SCROLL_PAUSE_MS);
    const ran = vi.fn();
    whenListStill(ran, now);
    expect(ran).toHaveBeenCalledTimes(1);
  });

  it('waits while the list scrolls, and runs once it has been still for the pause', () => {
    noteListScroll(clock);
    const ran = vi.fn();
    whenListStill(ran, now);
    // Scrolled every frame for two seconds: not yet.
    for (let t = 0; t < 2000; t += 16) {
      advance(16);
      noteListScroll(clock);
    }
    expect(ran).not.toHaveBeenCalled();
    advance(SCROLL_PAUSE_MS - 1);
    expect(ran).not.toHaveBeenCalled();
    advance(1);
    expect(ran).toHaveBeenCalledTimes(1);
    advance(5000);
    expect(ran).toHaveBeenCalledTimes(1);
  });

  it('never runs once cancelled', () => {
    noteListScroll(clock);
    const ran = vi.fn();
    const cancel = whenListStill(ran, now);
    advance(100);
    cancel();
    advance(5000);
    expect(ran).not.toHaveBeenCalled();
  });
});
