/**
 * Long articles open fast because paragraphs out of view are skipped by the browser
 * (`content-visibility: auto` in styles.css): neither laid out nor painted. The price comes later,
 * while scrolling: every frame the browser checks each skipped paragraph against the view, and
 * each one that comes into view is styled, laid out and painted in that frame. So once the
 * article is shown, its paragraphs are laid out for good a few at a time while the page is idle,
 * nearest the view first; scrolling then only paints. The paragraphs are ProseMirror's, whose
 * DOM must not be touched: the reveal is a rule per batch (`.article > p:nth-child(…)`) in a
 * stylesheet of its own, made through the CSSOM (which the strict CSP allows).
 */

/**
 * Paragraphs made visible per idle slice. Their layout falls in the next frame. Smaller batches
 * (12) made that frame shorter but the reveal slower, and a scroll just after opening then met
 * more unrevealed paragraphs: 55 → 50 fps at 5,000 spans, 50 → 39 at 20,000 (bench, idle).
 */
export const REVEAL_BATCH = 40;

/**
 * The batches in which to reveal `count` paragraphs when paragraph `first` (0-based) is in view, as ranges of 1-based child positions `[from, to]`, each of at
 * most `batch` paragraphs: outward from `first`, a range after, then a range before. Pure.
 */
export function revealRanges(count: number, first: number, batch = REVEAL_BATCH): [number, number][] {
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

/**
 * Starts revealing the paragraphs of the article `root` (class `article`), a batch per idle
 * callback; returns a function that stops it and takes its rules away. `firstInView` tells which
 * paragraph (0-based) to begin at.
 */
export function revealParagraphs(root: HTMLElement, firstInView: () => number): () => void {
  const schedule = (callback: () => void): number =>
    typeof requestIdleCallback === 'function' ? requestIdleCallback(callback, { timeout: 500 }) : window.setTimeout(callback, 16);
  const cancel = (handle: number): void => (typeof cancelIdleCallback === 'function' ? cancelIdleCallback(handle) : window.clearTimeout(handle));
  const sheet = new CSSStyleSheet();
  document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  let ranges: [number, number][] | null = null;
  let at = 0;
  let handle = 0;
  const step = () => {
    ranges ??= revealRanges(root.children.length, firstInView());
    const range = ranges[at++];
    if (!range) return;
    sheet.insertRule(`.article > p:nth-child(n+${range[0]}):nth-child(-n+${range[1]}) { content-visibility: visible; }`, sheet.cssRules.length);
    if (at < ranges.length) handle = schedule(step);
  };
  handle = schedule(step);
  return () => {
    cancel(handle);
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
  };
}
