/**
 * Long passes on the main thread in slices of time (Node side). Work that completes
 * synchronously, or through promises that are already resolved, never lets the event loop run
 * (microtasks run to the end first), so HTTP requests, IPC and timers would wait for a whole
 * pass. Background passes call {@link pauseIfDue} between small units of work: once the slice
 * of the current turn of the event loop is used up, they wait for the next turn.
 *
 * The slice is shared: every pass paused resumes on the same next turn, and together they get
 * one slice of it (each does at most one more unit once it is used up), however many run at
 * once; the rest of each turn is left to the calls being answered.
 */

/** Milliseconds of background work per turn of the event loop. */
export const SLICE_MS = 4;

/** When the current slice began (the last time paused passes were resumed). */
let sliceStart = performance.now();
/** The next turn that paused passes wait for; one for all of them. */
let nextTurn: Promise<void> | undefined;

/** Whether the current slice is used up. */
export function sliceDue(): boolean {
  return performance.now() - sliceStart >= SLICE_MS;
}

/** Resolves at once while the current slice lasts; otherwise on the next turn of the event loop, where a new slice begins. */
export function pauseIfDue(): Promise<void> {
  if (!sliceDue()) return Promise.resolve();
  nextTurn ??= new Promise((resolve) =>
    setImmediate(() => {
      nextTurn = undefined;
      sliceStart = performance.now();
      resolve();
    }),
  );
  return nextTurn;
}
