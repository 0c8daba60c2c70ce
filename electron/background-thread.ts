/**
 * Background work yielding the processor to the app (Node side): a worker thread whose work can
 * wait (the corpus lexicon, suggestion-worker.ts) lowers its own scheduling priority, so that on
 * a machine whose cores are all busy the host's own thread and the window still get them first.
 */
import { readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';

/** The nice value of a background thread (0 is the default, 19 the lowest priority). */
export const BACKGROUND_NICE = 10;

/**
 * Lowers the priority of the calling thread to {@link BACKGROUND_NICE} (never raises it: a thread
 * already as low or lower is left); returns whether it is that low now.
 * On Linux a thread has its own nice value, set through its thread id (`/proc/thread-self`);
 * elsewhere `setPriority` would lower the whole process, so nothing is done. Never throws.
 */
export function lowerThreadPriority(): boolean {
  if (process.platform !== 'linux') return false;
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (!Number.isInteger(tid) || tid <= 0) return false;
    if (getPriority(tid) < BACKGROUND_NICE) setPriority(tid, BACKGROUND_NICE);
    return true;
  } catch {
    return false;
  }
}
