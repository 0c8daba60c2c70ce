/**
 * Where suggestion ghosts are drawn: the stretch of the article in view and a few screens' worth
 * on each side, so that a long article with tens of thousands of suggestions does not carry
 * them all in its DOM (every layout and paint would). Out of sight, no ghost is missed.
 *
 * The text is cut into chunks of {@link GHOST_CHUNK} code points; a ghost is drawn when the chunk
 * of its start is. When the view moves, the drawn chunks move towards the wanted ones one chunk
 * at a time ({@link ghostStep}), nearest the view first, so that no single update (and its layout)
 * adds or removes thousands of ghosts at once.
 */
import type { EditorView } from '@tiptap/pm/view';
import type { EditorPositions } from '../../../shared/text/editor-positions';
import type { EventPause } from '../event-pause';

/** A stretch of the text, code points `[start, end)`. */
export interface CodePointRange {
  readonly start: number;
  readonly end: number;
}

/**
 * Code points per chunk: what one step adds. Small, because ghosts can be dense (the bench's
 * article: some 700 per 2,000 code points at 5,000 spans) and each costs ProseMirror more where
 * spans are dense too: a 2,000-code-point step took 35–60 ms; at 250 a step is mostly under 10.
 */
export const GHOST_CHUNK = 250;
/** At least this many code points on each side of what is in view (about three screens). */
export const GHOST_MARGIN = 6_000;
/** The wanted chunks are taken in this many milliseconds after the scrolling pauses. */
export const GHOST_SETTLE_MS = 250;
/** No chunk drawn. */
const NO_GHOST_CHUNKS: ReadonlySet<number> = new Set();

/**
 * The chunks drawn of one list of suggestions (compared by identity): a new list has none drawn.
 * Suggestions arrive after the article opens; their first chunks are then added one a frame,
 * nearest the view first. Drawing the chunks of the article's beginning at once made the frame
 * they arrived in 110–120 ms long at 5,000 spans (about 4,000 ghosts in one ProseMirror update,
 * traced).
 */
export interface DrawnGhosts {
  readonly list: unknown;
  readonly chunks: ReadonlySet<number>;
}

export const NO_GHOSTS: DrawnGhosts = { list: undefined, chunks: NO_GHOST_CHUNKS };

/** The chunks of `drawn` that are drawn of `list`: none when they were drawn of another list. Pure. */
export function drawnChunksOf(drawn: DrawnGhosts, list: unknown): ReadonlySet<number> {
  return drawn.list === list ? drawn.chunks : NO_GHOST_CHUNKS;
}

/** The chunk of code point offset `cp`. */
export function ghostChunk(cp: number): number {
  return Math.floor(cp / GHOST_CHUNK);
}

/** The chunks that meet `[range.start, range.end)`, ascending. */
function chunksOf(range: CodePointRange): number[] {
  const chunks: number[] = [];
  for (let c = ghostChunk(Math.max(0, range.start)); c * GHOST_CHUNK < range.end; c++) chunks.push(c);
  return chunks;
}

/**
 * The chunks wanted around `visible` (code points): `visible` widened on each side by three times
 * its length or {@link GHOST_MARGIN}, whichever is more. Ascending. Pure.
 */
export function ghostTarget(visible: CodePointRange): readonly number[] {
  const margin = Math.max(GHOST_MARGIN, 3 * (visible.end - visible.start));
  return chunksOf({ start: visible.start - margin, end: visible.end + margin });
}

/**
 * One step from the `drawn` chunks towards the `target` ones: the missing chunk nearest to the
 * code point `center` added, or when none is missing, the unwanted chunk farthest from it taken
 * away. Null when `drawn` is the target already. Pure.
 */
export function ghostStep(drawn: ReadonlySet<number>, target: readonly number[], center: number): ReadonlySet<number> | null {
  const middle = ghostChunk(center);
  const distance = (c: number) => Math.abs(c - middle);
  const missing = target.filter((c) => !drawn.has(c));
  if (missing.length > 0) {
    const nearest = missing.reduce((a, b) => (distance(b) < distance(a) ? b : a));
    return new Set([...drawn, nearest]);
  }
  const wanted = new Set(target);
  const extra = [...drawn].filter((c) => !wanted.has(c));
  if (extra.length === 0) return null;
  const farthest = extra.reduce((a, b) => (distance(b) > distance(a) ? b : a));
  const next = new Set(drawn);
  next.delete(farthest);
  return next;
}

/**
 * The code points in view: from the text at the top of `scroller`'s box to the text at its
 * bottom, both read in the middle of the article's width. Null when the view cannot tell (not
 * laid out, or the article is scrolled out of the box).
 */
export function visibleCodePoints(view: EditorView, positions: EditorPositions, scroller: Element): CodePointRange | null {
  const box = scroller.getBoundingClientRect();
  const article = view.dom.getBoundingClientRect();
  const top = Math.max(box.top, article.top) + 1;
  const bottom = Math.min(box.bottom, article.bottom) - 1;
  if (bottom <= top) return null;
  const left = article.left + article.width / 2;
  const from = view.posAtCoords({ left, top });
  const to = view.posAtCoords({ left, top: bottom });
  if (!from || !to) return null;
  const a = positions.fromPos(from.pos);
  const b = positions.fromPos(to.pos);
  return { start: Math.min(a, b), end: Math.max(a, b) };
}

/** What {@link followView} needs of the page. */
export interface FollowViewOptions {
  /** The chunks drawn now (of the list followed). */
  readonly drawn: () => ReadonlySet<number>;
  /** Draws these chunks (one more or one fewer than {@link drawn}). */
  readonly draw: (chunks: ReadonlySet<number>) => void;
  /** The code points in view now. */
  readonly visible: () => CodePointRange;
  /** Scrolls here and resizes of `resizes` make the view be measured again once they pause. */
  readonly scroller: EventTarget;
  readonly resizes: EventTarget;
  /** Steps wait while this says to (the user's selecting and key presses: article-input.ts). */
  readonly input: Pick<EventPause, 'wait'>;
  /** One step per animation frame (`requestAnimationFrame` by default). */
  readonly frame?: (callback: () => void) => number;
  readonly cancelFrame?: (handle: number) => void;
}

/**
 * Keeps the drawn chunks following the view: measures it at once, and again {@link GHOST_SETTLE_MS}
 * after scrolling or resizing pauses, then moves the drawn chunks towards {@link ghostTarget} of it
 * one {@link ghostStep} per frame. While `input` says to wait, no step is taken; they go on once it
 * says not to. Returns a function that stops it all.
 */
export function followView(options: FollowViewOptions): () => void {
  const frame = options.frame ?? ((callback: () => void) => requestAnimationFrame(callback));
  const cancelFrame = options.cancelFrame ?? ((handle: number) => cancelAnimationFrame(handle));
  let settle: ReturnType<typeof setTimeout> | undefined;
  let resume: ReturnType<typeof setTimeout> | undefined;
  let pending = 0;
  let target: readonly number[] = [];
  let center = 0;
  let stopped = false;
  // One chunk per frame, so that no update adds or removes many ghosts at once; none while the
  // user selects and labels, so that a key press finds the page at rest.
  const step = (): void => {
    pending = 0;
    if (stopped) return;
    const wait = options.input.wait();
    if (wait > 0) {
      resume = setTimeout(() => {
        resume = undefined;
        pending = frame(step);
      }, wait);
      return;
    }
    const next = ghostStep(options.drawn(), target, center);
    if (!next) return;
    options.draw(next);
    pending = frame(step);
  };
  const measure = (): void => {
    settle = undefined;
    if (stopped) return;
    const visible = options.visible();
    target = ghostTarget(visible);
    center = (visible.start + visible.end) / 2;
    cancelFrame(pending);
    clearTimeout(resume);
    resume = undefined;
    step();
  };
  // Once the scrolling pauses: moving ghosts in and out while it goes on would cost frames.
  const schedule = (): void => {
    clearTimeout(settle);
    settle = setTimeout(measure, GHOST_SETTLE_MS);
  };
  // The list has just arrived: its first chunks are drawn at once, not after a pause.
  measure();
  options.scroller.addEventListener('scroll', schedule, { passive: true });
  options.resizes.addEventListener('resize', schedule);
  return () => {
    stopped = true;
    clearTimeout(settle);
    clearTimeout(resume);
    cancelFrame(pending);
    options.scroller.removeEventListener('scroll', schedule);
    options.resizes.removeEventListener('resize', schedule);
  };
}
