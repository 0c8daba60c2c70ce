/**
 * Reading many corpus files at once (Node side): a bounded number of file operations in flight,
 * results always in the order of the input, so that what is built from them does not depend on
 * which read finished first.
 */
import { readFile as readFileCallback, stat as statCallback, type Stats } from 'node:fs';
import { promisify } from 'node:util';

/** File operations in flight at once for the corpus-wide passes (listing, search, validation, export). */
export const IO_CONCURRENCY = 32;

/**
 * `task` applied to every item, at most `limit` running at a time; the results in the order of
 * `items` (not of completion). On the first rejection no further task is started, the ones
 * running are waited for, and the promise rejects with that first error.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`Limit ${limit} is not a positive count`);
  const results = new Array<R>(items.length);
  let next = 0;
  let failure: { readonly error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < items.length) {
      const index = next;
      next += 1;
      try {
        results[index] = await task(items[index] as T, index);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure.error;
  return results;
}

/**
 * The bytes of `file`. The callback form of `fs.readFile`, promisified: for many small files it
 * is several times faster than `fs/promises` `readFile` on Node 20 (which reads through a
 * FileHandle in several round trips of the thread pool).
 */
export const readFileBytes: (file: string) => Promise<Buffer> = promisify(readFileCallback);

/** `fs.stat`, callback form promisified (as {@link readFileBytes}, for many files). */
export const statFile: (file: string) => Promise<Stats> = promisify(statCallback);

/** The members of `fs.Stats` that {@link fileStamp} takes. */
export type FileStampParts = Pick<Stats, 'mtimeMs' | 'ctimeMs' | 'size' | 'ino'>;

/**
 * What identifies one version of a file: modification and change times, size and inode. Every
 * write of the store replaces the file by a rename (a new inode); a file edited in place by
 * another program gets a new modification and change time. Caches keyed by it notice both.
 */
export function fileStamp(info: FileStampParts): string {
  return `${info.mtimeMs}:${info.ctimeMs}:${info.size}:${info.ino}`;
}
