import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderedRows, rowForKey, scrollTopForRow, type WindowMetrics } from '../../renderer/src/components/virtual-window';

const list = (over: Partial<WindowMetrics> = {}): WindowMetrics => ({ count: 10_000, rowHeight: 40, scrollTop: 0, viewportHeight: 400, ...over });

describe('renderedRows', () => {
  it('renders the visible rows and the overscan on each side', () => {
    expect(renderedRows(list(), 0)).toEqual({ start: 0, end: 10 });
    expect(renderedRows(list(), 5)).toEqual({ start: 0, end: 15 });
    expect(renderedRows(list({ scrollTop: 4000 }), 5)).toEqual({ start: 95, end: 115 });
  });

  it('counts a row that is partly in view', () => {
    // 4010..4410 shows the bottom 30 px of row 100 and the top 10 px of row 110.
    expect(renderedRows(list({ scrollTop: 4010 }), 0)).toEqual({ start: 100, end: 111 });
  });

  it('stops at the ends of the list', () => {
    expect(renderedRows(list({ scrollTop: 10_000 * 40 - 400 }), 6)).toEqual({ start: 9984, end: 10_000 });
    expect(renderedRows(list({ count: 3 }), 6)).toEqual({ start: 0, end: 3 });
  });

  it('clamps overscroll and a scroll position left over from a longer list', () => {
    expect(renderedRows(list({ scrollTop: -120 }), 2)).toEqual({ start: 0, end: 12 });
    expect(renderedRows(list({ count: 20, scrollTop: 40_000 }), 2)).toEqual({ start: 8, end: 20 });
  });

  it('renders nothing for no rows, and one row for a viewport not yet measured', () => {
    expect(renderedRows(list({ count: 0 }), 6)).toEqual({ start: 0, end: 0 });
    expect(renderedRows(list({ rowHeight: 0 }), 6)).toEqual({ start: 0, end: 0 });
    expect(renderedRows(list({ viewportHeight: 0, scrollTop: 400 }), 0)).toEqual({ start: 10, end: 11 });
  });

  it('always covers the viewport, inside the list, with at most a screenful plus overscan', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 50_000 }),
        fc.integer({ min: 1, max: 200 }),
        fc.integer({ min: 0, max: 2_000 }),
        fc.integer({ min: 0, max: 20 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (count, rowHeight, viewportHeight, overscan, at) => {
          const maxTop = Math.max(0, count * rowHeight - viewportHeight);
          const scrollTop = at * maxTop;
          const { start, end } = renderedRows({ count, rowHeight, scrollTop, viewportHeight }, overscan);
          expect(0 <= start && start < end && end <= count).toBe(true);
          const firstVisible = Math.floor(scrollTop / rowHeight);
          const lastVisible = Math.min(count, Math.ceil((scrollTop + viewportHeight) / rowHeight));
          expect(start).toBeLessThanOrEqual(Math.min(firstVisible, count - 1));
          expect(end).toBeGreaterThanOrEqual(lastVisible);
          expect(end - start).toBeLessThanOrEqual(Math.ceil(viewportHeight / rowHeight) + 1 + 2 * overscan);
        },
      ),
    );
  });
});

describe('scrollTopForRow', () => {
  it('leaves a row that is wholly in view where it is', () => {
    expect(scrollTopForRow(list({ scrollTop: 4000 }), 100)).toBeNull();
    expect(scrollTopForRow(list({ scrollTop: 4000 }), 109)).toBeNull();
  });

  it('scrolls the least that shows a row above or below the view', () => {
    expect(scrollTopForRow(list({ scrollTop: 4000 }), 99)).toBe(3960);
    expect(scrollTopForRow(list({ scrollTop: 4000 }), 110)).toBe(4040);
    expect(scrollTopForRow(list({ scrollTop: 4010 }), 100)).toBe(4000);
    expect(scrollTopForRow(list(), 9999)).toBe(10_000 * 40 - 400);
    expect(scrollTopForRow(list({ scrollTop: 400_000 - 400 }), 0)).toBe(0);
  });

  it('aligns a row taller than the view at its top', () => {
    expect(scrollTopForRow(list({ viewportHeight: 30, scrollTop: 0 }), 5)).toBe(200);
    expect(scrollTopForRow(list({ viewportHeight: 30, scrollTop: 205 }), 5)).toBe(200);
  });

  it('is null for an index that is not a row', () => {
    expect(scrollTopForRow(list(), -1)).toBeNull();
    expect(scrollTopForRow(list(), 10_000)).toBeNull();
    expect(scrollTopForRow(list(), 1.5)).toBeNull();
    expect(scrollTopForRow(list({ count: 0 }), 0)).toBeNull();
  });

  it('puts the row wholly inside the view, with a valid scroll position', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20_000 }), fc.integer({ min: 40, max: 2_000 }), fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), (count, viewportHeight, i, at) => {
        const rowHeight = 40;
        const index = i % count;
        const maxTop = Math.max(0, count * rowHeight - viewportHeight);
        const before = Math.round(at * maxTop);
        const top = scrollTopForRow({ count, rowHeight, scrollTop: before, viewportHeight }, index) ?? before;
        expect(0 <= top && top <= maxTop).toBe(true);
        expect(index * rowHeight).toBeGreaterThanOrEqual(top);
        expect((index + 1) * rowHeight).toBeLessThanOrEqual(top + viewportHeight);
      }),
    );
  });
});

describe('rowForKey', () => {
  it('moves by one, by a page, and to the ends, never past them', () => {
    expect(rowForKey('ArrowDown', 4, 10, 3)).toBe(5);
    expect(rowForKey('ArrowUp', 4, 10, 3)).toBe(3);
    expect(rowForKey('PageDown', 4, 10, 3)).toBe(7);
    expect(rowForKey('PageUp', 4, 10, 3)).toBe(1);
    expect(rowForKey('PageDown', 8, 10, 3)).toBe(9);
    expect(rowForKey('Home', 4, 10, 3)).toBe(0);
    expect(rowForKey('End', 4, 10, 3)).toBe(9);
    expect(rowForKey('ArrowUp', 0, 10, 3)).toBe(0);
    expect(rowForKey('ArrowDown', 9, 10, 3)).toBe(9);
    expect(rowForKey('PageDown', 4, 10, 0)).toBe(5);
  });

  it('ignores other keys and empty lists', () => {
    expect(rowForKey('ArrowLeft', 4, 10, 3)).toBeNull();
    expect(rowForKey('Enter', 4, 10, 3)).toBeNull();
    expect(rowForKey('ArrowDown', 0, 0, 3)).toBeNull();
  });
});
