// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventPause } from '../../renderer/src/event-pause';
import { REVEAL_BUDGET_MS, REVEAL_SCROLL_PAUSE_MS, REVEAL_STEP, revealParagraphs, revealRanges, revealRule } from '../../renderer/src/editor/paragraph-reveal';

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
      let low = Infinity;
      let high = 0;
      for (const [from, to] of revealRanges(count, first)) {
        expect(to - from + 1).toBeLessThanOrEqual(REVEAL_STEP);
        for (let i = from; i <= to; i++) {
          expect(seen.has(i)).toBe(false);
          seen.add(i);
        }
        // Every prefix is one run: what one rule can say.
        low = Math.min(low, from);
        high = Math.max(high, to);
        expect(seen.size).toBe(high - low + 1);
      }
      expect(seen.size).toBe(count);
    }
    expect(revealRanges(0, 0)).toEqual([]);
    expect(revealRanges(771, 300)[0]).toEqual([301, 300 + REVEAL_STEP]);
  });
});

describe('revealParagraphs', () => {
  // jsdom has no adoptedStyleSheets: a plain array stands in for it, as Chromium's is one.
  beforeEach(() => {
    document.adoptedStyleSheets = [];
  });
  afterEach(() => {
    vi.useRealTimers();
    document.body.replaceChildren();
    document.adoptedStyleSheets = [];
  });

  /** An article of `count` paragraphs whose layout reads are counted, and a clock that each read moves on by `cost` ms. */
  function article(count: number, cost: number) {
    const root = document.createElement('div');
    root.className = 'article';
    for (let i = 0; i < count; i++) root.append(Object.assign(document.createElement('p'), { textContent: `فقرة ${i + 1}` }));
    document.body.append(root);
    let clock = 0;
    let layouts = 0;
    Object.defineProperty(root, 'offsetHeight', {
      get: () => {
        layouts += 1;
        clock += cost;
        return 0;
      },
    });
    const rules = () => document.adoptedStyleSheets.flatMap((sheet) => [...sheet.cssRules].map((r) => r.cssText));
    return { root, now: () => clock, layouts: () => layouts, rules };
  }

  it('lays each step out in the idle callback and stops there once the budget is spent', () => {
    vi.useFakeTimers();
    const cost = 3; // ms per step: three steps spend the 8 ms budget
    const a = article(771, cost);
    const stop = revealParagraphs(a.root, () => 300, a.now);
    expect(a.rules()).toEqual([]);
    vi.advanceTimersByTime(16);
    const steps = Math.ceil(REVEAL_BUDGET_MS / cost);
    expect(a.layouts()).toBe(steps);
    // [301, 304], [297, 300], [305, 308]: one run, one rule.
    expect(a.rules()).toEqual([revealRule(297, 308)]);
    expect(a.rules()[0]).toBe('.article > p:nth-child(n+297):nth-child(-n+308) { content-visibility: visible; }');
    vi.advanceTimersByTime(16);
    expect(a.layouts()).toBe(2 * steps);
    expect(a.rules()).toEqual([revealRule(289, 312)]); // then [293, 296], [309, 312], [289, 292]
    stop();
    expect(a.rules()).toEqual([]);
    vi.advanceTimersByTime(1_000);
    expect(a.layouts()).toBe(2 * steps);
  });

  it('takes no step while the article is scrolled, and goes on once it has been still for the pause', () => {
    vi.useFakeTimers();
    const a = article(771, 3);
    const scroller = document.createElement('div');
    document.body.append(scroller);
    scroller.append(a.root);
    // A clock that moves with the timers and with each layout.
    let time = 0;
    const now = () => time + a.now();
    const pass = (ms: number) => {
      time += ms;
      vi.advanceTimersByTime(ms);
    };
    const stop = revealParagraphs(a.root, () => 300, now);
    // Scrolled every frame for a second: no layout, no rule.
    for (let t = 0; t < 1000; t += 16) {
      scroller.dispatchEvent(new Event('scroll'));
      pass(16);
    }
    expect(a.layouts()).toBe(0);
    expect(a.rules()).toEqual([]);
    // Still for the pause: the steps go on where they would have begun.
    pass(REVEAL_SCROLL_PAUSE_MS + 16);
    expect(a.layouts()).toBeGreaterThan(0);
    const [, from, to] = /nth-child\(n\+(\d+)\):nth-child\(-n\+(\d+)\)/.exec(a.rules()[0] ?? '') ?? [];
    expect(Number(from)).toBeLessThanOrEqual(301);
    expect(Number(to)).toBeGreaterThanOrEqual(304);
    stop();
    // Stopped: scroll events reach no listener of the reveal.
    const taken = a.layouts();
    scroller.dispatchEvent(new Event('scroll'));
    pass(2000);
    expect(a.layouts()).toBe(taken);
  });

  it('takes no step while the user selects and presses keys, and goes on once they pause', () => {
    vi.useFakeTimers();
    const a = article(771, 3);
    let time = 0;
    const now = () => time + a.now();
    const input = new EventPause(500);
    const pass = (ms: number) => {
      time += ms;
      vi.advanceTimersByTime(ms);
    };
    const stop = revealParagraphs(a.root, () => 300, now, input);
    for (let t = 0; t < 2000; t += 100) {
      input.note(now());
      pass(100);
    }
    expect(a.layouts()).toBe(0);
    expect(a.rules()).toEqual([]);
    pass(500 + 16);
    expect(a.layouts()).toBeGreaterThan(0);
    expect(a.rules()[0]).toMatch(/nth-child\(n\+\d+\):nth-child\(-n\+\d+\)/);
    stop();
  });

  it('takes the idle time it is given, at most the budget, and one step when the callback came late', () => {
    vi.useFakeTimers();
    const deadlines: IdleDeadline[] = [
      { didTimeout: false, timeRemaining: () => 5 },
      { didTimeout: false, timeRemaining: () => 40 },
      { didTimeout: true, timeRemaining: () => 0 },
    ];
    vi.stubGlobal('requestIdleCallback', (callback: IdleRequestCallback) => setTimeout(() => callback(deadlines.shift() ?? { didTimeout: true, timeRemaining: () => 0 }), 16));
    vi.stubGlobal('cancelIdleCallback', (handle: number) => clearTimeout(handle));
    try {
      const a = article(771, 2); // ms per step
      revealParagraphs(a.root, () => 0, a.now);
      vi.advanceTimersByTime(16);
      expect(a.layouts()).toBe(3); // 5 ms of idle time: 2, 4, 6
      vi.advanceTimersByTime(16);
      expect(a.layouts()).toBe(3 + 4); // 40 ms of idle time, capped at the 8 ms budget
      vi.advanceTimersByTime(16);
      expect(a.layouts()).toBe(3 + 4 + 1); // came by the timeout: one step
      expect(a.rules()).toEqual([revealRule(1, 8 * REVEAL_STEP)]);
    } finally {
      vi.unstubAllGlobals();
    }
  });

  it('reveals every paragraph in the end, and stops scheduling then', () => {
    vi.useFakeTimers();
    const a = article(50, 100); // a slow machine: one step per callback
    revealParagraphs(a.root, () => 0, a.now);
    vi.advanceTimersByTime(16 * 13);
    expect(a.layouts()).toBe(13); // ceil(50 / 4)
    expect(a.rules()).toEqual([revealRule(1, 50)]);
    vi.advanceTimersByTime(1_000);
    expect(a.layouts()).toBe(13);
  });
});
