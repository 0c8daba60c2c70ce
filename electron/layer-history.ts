/**
 * The previous version of each layer file, kept for recovery. Before a save replaces
 * `layers/<annotator>/<id>.jsonl` or `gold/<id>.jsonl`, the file as it was is copied to
 *
 * ```
 * .hashiya/previous/layers/<annotator>/<id>.jsonl
 * .hashiya/previous/gold/<id>.jsonl
 * ```
 *
 * atomically, byte for byte, with the modification time it had: when that version was saved.
 * **One generation**: the copy is the version the last save replaced, and the next save replaces
 * the copy. Restoring it is an ordinary save of its content (see `CorpusStore.restorePreviousLayer`),
 * so it is undone the same way. A layer file that does not parse is never replaced by a save, so
 * it never becomes a previous version either.
 *
 * `.hashiya/` holds per-machine state (previous versions, locks): it is not part of the corpus,
 * validation ignores it, and it is not meant to be shared or versioned.
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeAtomic } from './atomic-write.js';
import { isErrnoCode } from './node-text.js';

/** The folder of per-machine state in a corpus. */
export const STATE_DIR = '.hashiya';
/** Under {@link STATE_DIR}: the previous version of each layer file. */
export const PREVIOUS_DIR = 'previous';
/** Under {@link STATE_DIR}: the lock file of each annotator whose layers a process writes. */
export const LOCKS_DIR = 'locks';

/**
 * Creates the state folder `dir` (`<corpus>/.hashiya`) with a `.gitignore` of `*` in it, so
 * that a corpus kept in git leaves this machine's state out without being told. An existing
 * `.gitignore` is left as it is.
 */
export async function ensureStateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  try {
    await writeFile(path.join(dir, '.gitignore'), '# This machine\'s Hashiya state (previous versions, locks): not part of the corpus.\n*\n', { flag: 'wx' });
  } catch (error) {
    if (!isErrnoCode(error, 'EEXIST')) throw error;
  }
}

/**
 * Copies `file` to `previous` (folders created), atomically, keeping its modification time.
 * Resolves false, copying nothing, when `file` does not exist. Errors are thrown: a save that
 * cannot keep the previous version does not go ahead.
 */
export async function keepPreviousVersion(file: string, previous: string): Promise<boolean> {
  let bytes: Uint8Array;
  let info;
  try {
    [bytes, info] = await Promise.all([readFile(file), stat(file)]);
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT')) return false;
    throw error;
  }
  await mkdir(path.dirname(previous), { recursive: true });
  await writeAtomic(previous, async (handle) => {
    await handle.writeFile(bytes);
    await handle.utimes(info.atime, info.mtime);
  });
  return true;
}

/** When the version kept in `previous` was saved (its modification time, ISO 8601 UTC), or undefined when there is none. */
export async function previousSavedAt(previous: string): Promise<string | undefined> {
  try {
    return (await stat(previous)).mtime.toISOString();
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT')) return undefined;
    throw error;
  }
}
