/**
 * The stamps of many files at once (Node side), for the caches that check thousands of files per
 * call (the document list, corpus search). Synchronous `stat` in slices: on Node 20 one
 * `statSync` costs a few microseconds, while the thread-pool round trip of an asynchronous `stat`
 * costs several times that on the main thread alone (and more when the pool's threads compete
 * for two cores); between slices of time the event loop runs, so other calls are not held up.
 */
import { statSync } from 'node:fs';
import { isErrnoCode } from './node-text.js';
import { fileStamp } from './parallel-io.js';
import { pauseIfDue } from './time-slices.js';

/** Files stat'ed between two looks at the clock. */
const STAMP_BATCH = 64;

/** `fileStamp` of `file`, or undefined when it does not exist (`ENOENT`, or a folder on its path is missing or a file: `ENOTDIR`). Other failures are thrown. */
export function fileStampSync(file: string): string | undefined {
  try {
    const info = statSync(file, { throwIfNoEntry: false });
    return info === undefined ? undefined : fileStamp(info);
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT') || isErrnoCode(error, 'ENOTDIR')) return undefined;
    throw error;
  }
}

/**
 * {@link fileStampSync} of every file of `files`, in their order, in slices of time with a turn
 * of the event loop between them. Rejects with the first failure other than a missing file.
 */
export async function fileStamps(files: readonly string[]): Promise<(string | undefined)[]> {
  const stamps = new Array<string | undefined>(files.length);
  for (let i = 0; i < files.length; i++) {
    if (i % STAMP_BATCH === 0) await pauseIfDue();
    stamps[i] = fileStampSync(files[i] as string);
  }
  return stamps;
}
