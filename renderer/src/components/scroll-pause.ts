/**
 * Whether the document list is being scrolled, for work that can wait until it is still: the
 * first document opening by itself at start (its article laid out, its suggestions drawn) would
 * otherwise land in the frames of a scroll begun the moment the list appeared, by someone who is
 * looking for another document anyway.
 */

/** The list counts as still this many milliseconds after its last scroll event. */
export const SCROLL_PAUSE_MS = 300;

/** `performance.now()` of the list's last scroll event (-Infinity: never scrolled). */
let lastScroll = Number.NEGATIVE_INFINITY;

/** The list scrolled (from its scroll events). */
export function noteListScroll(now: number = performance.now()): void {
  lastScroll = now;
}

/**
 * Runs `callback` once the list is still: at once (synchronously) when it has not scrolled for
 * {@link SCROLL_PAUSE_MS}, else when it has not for that long, however long the scrolling goes
 * on. Returns a function that cancels it (nothing once it ran).
 */
export function whenListStill(callback: () => void, now: () => number = () => performance.now()): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const check = (): void => {
    const quiet = now() - lastScroll;
    if (quiet >= SCROLL_PAUSE_MS) {
      timer = undefined;
      callback();
    } else timer = setTimeout(check, SCROLL_PAUSE_MS - quiet);
  };
  check();
  return () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
}
