/**
 * Whether a scroller is being scrolled, for work that can wait until it is still: the first
 * document opening by itself at start (its article laid out, its suggestions drawn) would
 * otherwise land in the frames of a scroll of the document list begun the moment the list
 * appeared, by someone looking for another document anyway; and the paragraph reveal of a long
 * article (paragraph-reveal.ts) restyles every paragraph at each step, which a scroll of the
 * article would pay for in its frames.
 */

/** A scroller counts as still this many milliseconds after its last scroll event (by default). */
export const SCROLL_PAUSE_MS = 300;

/** The last scroll of one scroller, fed by its scroll events ({@link note}). */
export class ScrollPause {
  /** `performance.now()` of the last scroll event (-Infinity: never scrolled). */
  #last = Number.NEGATIVE_INFINITY;

  constructor(readonly pauseMs: number = SCROLL_PAUSE_MS) {}

  /** The scroller scrolled (from its scroll events). */
  note(now: number = performance.now()): void {
    this.#last = now;
  }

  /** Milliseconds until the scroller counts as still; 0 when it does. */
  wait(now: number = performance.now()): number {
    return Math.max(0, this.pauseMs - (now - this.#last));
  }

  /**
   * Runs `callback` once the scroller is still: at once (synchronously) when it is, else when it
   * has not scrolled for {@link pauseMs}, however long the scrolling goes on. Returns a function
   * that cancels it (nothing once it ran).
   */
  whenStill(callback: () => void, now: () => number = () => performance.now()): () => void {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = (): void => {
      const wait = this.wait(now());
      if (wait === 0) {
        timer = undefined;
        callback();
      } else timer = setTimeout(check, wait);
    };
    check();
    return () => {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
    };
  }
}

/** The document list's scrolling. */
const documentList = new ScrollPause();

/** The document list scrolled (from its scroll events). */
export function noteListScroll(now?: number): void {
  documentList.note(now);
}

/** {@link ScrollPause.whenStill} of the document list. */
export function whenListStill(callback: () => void, now?: () => number): () => void {
  return documentList.whenStill(callback, now);
}
