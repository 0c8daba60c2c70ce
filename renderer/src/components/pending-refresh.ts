/**
 * When to ask again for a document list that came with entries still being read (`pending`): a
 * while after the answer, and not while the list is being scrolled. Each answer is the whole list
 * (10,000 documents: 2.5 MB of JSON, decoded and parsed in the page), a task of ~55 ms that a
 * scroll would pay for in a frame (traced: the longest tasks of a first scroll of the bench's
 * corpus); the pending rows fill in when the scrolling pauses.
 */
import { whenListStill } from '../event-pause';

/** How long after an answer with pending entries the list is asked for again (at the earliest). */
export const PENDING_REFRESH_MS = 1000;

/**
 * Calls `refresh` once, {@link PENDING_REFRESH_MS} from now or later: once the document list has
 * not been scrolled for its pause (event-pause.ts). Returns a function that cancels it. `now`:
 * the clock of the pause, for tests.
 */
export function refreshWhenListStill(refresh: () => void, now?: () => number): () => void {
  let stopWaiting = (): void => {};
  const timer = setTimeout(() => {
    stopWaiting = whenListStill(refresh, now);
  }, PENDING_REFRESH_MS);
  return () => {
    clearTimeout(timer);
    stopWaiting();
  };
}
