import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SCROLL_PAUSE_MS, noteListScroll, whenListStill } from '../../renderer/src/event-pause';
import { PENDING_REFRESH_MS, refreshWhenListStill } from '../../renderer/src/components/pending-refresh';

// Work held while the document list is scrolled (the first document opening by itself) runs at
// once when the list is still, and otherwise once it has been still for SCROLL_PAUSE_MS.

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

describe('whenListStill', () => {

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

// A document list with entries still being read is asked for again PENDING_REFRESH_MS after the
// answer, and not while the list is scrolled (each answer is the whole list, a long task to
// decode and parse): once it has been still for the scroll pause.
describe('refreshWhenListStill', () => {
  it('asks again after the delay when the list is not scrolled', () => {
    const refresh = vi.fn();
    refreshWhenListStill(refresh, now);
    advance(PENDING_REFRESH_MS - 1);
    expect(refresh).not.toHaveBeenCalled();
    advance(1);
    expect(refresh).toHaveBeenCalledTimes(1);
    advance(10_000);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('does not ask while the list is scrolled, however long; asks once it has been still for the pause', () => {
    const refresh = vi.fn();
    refreshWhenListStill(refresh, now);
    // Scrolled every frame for eight seconds (as the bench scrolls it).
    for (let t = 0; t < 8000; t += 16) {
      advance(16);
      noteListScroll(clock);
    }
    expect(refresh).not.toHaveBeenCalled();
    advance(SCROLL_PAUSE_MS - 1);
    expect(refresh).not.toHaveBeenCalled();
    advance(1);
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('never asks once cancelled, before the delay or while waiting for the list to be still', () => {
    const early = vi.fn();
    refreshWhenListStill(early, now)();
    const waiting = vi.fn();
    const cancel = refreshWhenListStill(waiting, now);
    advance(PENDING_REFRESH_MS - 10);
    noteListScroll(clock);
    advance(50);
    cancel();
    advance(10_000);
    expect(early).not.toHaveBeenCalled();
    expect(waiting).not.toHaveBeenCalled();
  });
});
