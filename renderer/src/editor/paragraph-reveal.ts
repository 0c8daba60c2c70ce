/**
 * Long articles open fast because paragraphs out of view are skipped by the browser
 * (`content-visibility: auto` in styles.css): neither laid out nor painted. The price comes later,
 * while scrolling: every frame the browser checks each skipped paragraph against the view, and
 * each one that comes into view is styled, laid out and painted in that frame. So once the
 * article is shown, its paragraphs are laid out for good a few at a time while the page is idle
 * and the article is not being scrolled, nearest the view first; scrolling then only paints. The
 * paragraphs are ProseMirror's, whose DOM must not be touched: the reveal is a rule per batch
 * (`.article > p:nth-child(…)`) in a stylesheet of its own, made through the CSSOM (which the
 * strict CSP allows).
 */
import { EventPause } from '../event-pause';
import { articleInput } from './article-input';

/**
 * Paragraphs made visible, and laid out at once, per step. A batch of 40 revealed per idle
 * callback and left to the next frame to lay out and paint made that frame 30 to 100 ms long
 * when someone scrolled just after opening (traced at 5,000 spans: style ~300 elements, layout
 * ~800 objects, paint of what moved). So the reveal now lays each step out inside the idle
 * callback itself and stops when {@link REVEAL_BUDGET_MS} is spent.
 */
export const REVEAL_STEP = 4;
/** Milliseconds of reveal work per idle callback (one more step may run over it). */
export const REVEAL_BUDGET_MS = 8;
/**
 * An idle callback is run after this many milliseconds even when no idle time came (a scroll
 * keeps every frame busy); such a late callback takes one step only, so that it does not add
 * the whole budget to a frame that has none to spare (measured: fewer and shorter long tasks
 * while scrolling just after opening, and a frame rate like the batch-of-40 reveal's).
 */
const REVEAL_TIMEOUT_MS = 500;
/**
 * No step runs while the article is scrolled, nor this many milliseconds after its last scroll
 * event: a step's new rule restyles every paragraph, and the scroll lays out the paragraphs it
 * brings into view anyway.
 */
export const REVEAL_SCROLL_PAUSE_MS = 300;

/**
 * The batches in which to reveal `count` paragraphs when paragraph `first` (0-based) is in view, as ranges of 1-based child positions `[from, to]`, each of at
 * most `batch` paragraphs: outward from `first`, a range after, then a range before. The union of
 * any prefix of the ranges is one run of paragraphs. Pure.
 */
export function revealRanges(count: number, first: number, batch = REVEAL_STEP): [number, number][] {
  const start = Math.min(Math.max(0, first), Math.max(0, count - 1));
  const ranges: [number, number][] = [];
  let after = start;
  let before = start;
  while (after < count || before > 0) {
    if (after < count) {
      const to = Math.min(count, after + batch);
      ranges.push([after + 1, to]);
      after = to;
    }
    if (before > 0) {
      const from = Math.max(0, before - batch);
      ranges.push([from + 1, before]);
      before = from;
    }
  }
  return ranges;
}

/** The one rule that makes paragraphs `from`…`to` (1-based, inclusive) visible. */
export function revealRule(from: number, to: number): string {
  return `.article > p:nth-child(n+${from}):nth-child(-n+${to}) { content-visibility: visible; }`;
}

/**
 * Starts revealing the paragraphs of the article `root` (class `article`): in each idle callback,
 * steps of {@link REVEAL_STEP} paragraphs, each laid out at once (a forced layout, on purpose:
 * idle time is where it costs no frame), until {@link REVEAL_BUDGET_MS} is spent. Returns a
 * function that stops it and takes its rule away. `firstInView` tells which paragraph (0-based)
 * to begin at. `now` is the clock (milliseconds), for tests. No step runs while the article is
 * scrolled, nor while `input` (the user's selecting and key presses, article-input.ts) says to wait.
 */
export function revealParagraphs(
  root: HTMLElement,
  firstInView: () => number,
  now: () => number = () => performance.now(),
  input: Pick<EventPause, 'wait'> = articleInput,
): () => void {
  const schedule = (callback: (deadline?: IdleDeadline) => void): number =>
    typeof requestIdleCallback === 'function' ? requestIdleCallback(callback, { timeout: REVEAL_TIMEOUT_MS }) : window.setTimeout(callback, 16);
  const cancel = (handle: number): void => (typeof cancelIdleCallback === 'function' ? cancelIdleCallback(handle) : window.clearTimeout(handle));
  const sheet = new CSSStyleSheet();
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  let ranges: [number, number][] | null = null;
  let at = 0;
  let from = Infinity;
  let to = 0;
  let handle = 0;
  // No step while the article is being scrolled (see REVEAL_SCROLL_PAUSE_MS), nor while the user
  // selects and labels (see article-input.ts).
  const scrolling = new EventPause(REVEAL_SCROLL_PAUSE_MS);
  const scroller = root.parentElement;
  const onScroll = (): void => scrolling.note(now());
  scroller?.addEventListener('scroll', onScroll, { passive: true });
  const step = (deadline?: IdleDeadline) => {
    if (scrolling.wait(now()) > 0 || input.wait(now()) > 0) {
      handle = schedule(step);
      return;
    }
    ranges ??= revealRanges(root.children.length, firstInView());
    const began = now();
    // No deadline: the setTimeout fallback (no requestIdleCallback), given the whole budget.
    const budget = !deadline ? REVEAL_BUDGET_MS : deadline.didTimeout ? 0 : Math.min(REVEAL_BUDGET_MS, deadline.timeRemaining());
    do {
      const range = ranges[at++];
      if (!range) break;
      // The revealed paragraphs are always one run (see revealRanges): one rule says it.
      from = Math.min(from, range[0]);
      to = Math.max(to, range[1]);
      sheet.replaceSync(revealRule(from, to));
      void root.offsetHeight;
    } while (now() - began < budget);
    if (at < ranges.length) handle = schedule(step);
  };
  handle = schedule(step);
  return () => {
    cancel(handle);
    scroller?.removeEventListener('scroll', onScroll);
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
  };
}
