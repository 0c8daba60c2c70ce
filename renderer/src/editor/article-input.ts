/**
 * The user's input while an article is open — selecting (the page's `selectionchange`), pressing
 * a key, pressing the mouse anywhere on the page — for the background work that waits while it
 * goes on: the paragraph reveal (paragraph-reveal.ts) and the suggestion ghosts' steps
 * (ArticleView, ghost-window.ts). A step run between a selection and the label key that follows
 * it left the page to lay out before the key's handler could run and its changes to paint in the
 * key's frame (traced at 5,000 spans, the key pressed half a second after a scroll: the ghosts'
 * steps were still going and doubled the time until the new highlight was painted); steps run
 * while a span's row in the annotation list was clicked made that click's task longer.
 */
import { EventPause } from '../event-pause';

/** Background steps wait until no input has come for this many milliseconds. */
export const ARTICLE_INPUT_PAUSE_MS = 500;

/** The article's input, noted by {@link listenForArticleInput}. */
export const articleInput = new EventPause(ARTICLE_INPUT_PAUSE_MS);

/**
 * Notes the input on the page of `root` (the article) — its selection changes, key presses and
 * mouse presses — in `pause` (by default {@link articleInput}) until the returned function is
 * called. Passive listeners that only note the time (`now`): they read neither the selection nor
 * the layout.
 */
export function listenForArticleInput(root: HTMLElement, pause: EventPause = articleInput, now: () => number = () => performance.now()): () => void {
  const page = root.ownerDocument;
  const note = (): void => pause.note(now());
  page.addEventListener('selectionchange', note, { passive: true });
  page.addEventListener('keydown', note, { capture: true, passive: true });
  page.addEventListener('pointerdown', note, { capture: true, passive: true });
  return () => {
    page.removeEventListener('selectionchange', note);
    page.removeEventListener('keydown', note, { capture: true });
    page.removeEventListener('pointerdown', note, { capture: true });
  };
}
