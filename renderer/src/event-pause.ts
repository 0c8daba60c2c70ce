/**
 * Whether a kind of event (a scroller's scroll events, the user's input in the article) has gone
 * quiet, for background work that can wait until it has: the first document opening by itself at
 * start would otherwise land in the frames of a scroll of the document list begun the moment the
 * list appeared; the paragraph reveal of a long article (paragraph-reveal.ts) restyles every
 * paragraph at each step, which a scroll of the article would pay for in its frames; and the
 * reveal and the suggestion ghosts' steps (ghost-window.ts), run while someone selects and
 * presses a label key, would delay that key's paint (article-input.ts).
 */

/** A scroller counts as still this many milliseconds after its last scroll event (by default). */
export const SCROLL_PAUSE_MS = 300;

/** The last event of one kind, fed by those events ({@link note}). */
export class EventPause {
  /** `performance.now()` of the last event (-Infinity: none yet). */
  #last = Number.NEGATIVE_INFINITY;

  constructor(readonly pauseMs: number = SCROLL_PAUSE_MS) {}

  /** An event came (a scroll, a key press, …). */
  note(now: number = performance.now()): void {
    this.#last = now;
  }

  /** Milliseconds until the events count as over; 0 when they do. */
  wait(now: number = performance.now()): number {
    return Math.max(0, this.pauseMs - (now - this.#last));
  }

  /**
   * Runs `callback` once the events are over: at once (synchronously) when they are, else when
   * none has come for {@link pauseMs}, however long they go on. Returns a function that cancels
   * it (nothing once it ran).
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
const documentList = new EventPause();

/** The document list scrolled (from its scroll events). */
export function noteListScroll(now?: number): void {
  documentList.note(now);
}

/** {@link EventPause.whenStill} of the document list. */
export function whenListStill(callback: () => void, now?: () => number): () => void {
  return documentList.whenStill(callback, now);
}
