/**
 * Clearing the temporary files a kill in the middle of an atomic write leaves behind
 * (`.hashiya-tmp-*`, see atomic-write.ts). Such a file is never the truth: the write either
 * renamed it over its target (then it is gone) or died before (then the target is the old
 * version, whole). A temporary file younger than {@link STALE_TEMP_AGE_MS} may still be written
 * by a live save, in this process or another, and is left alone.
 */
import { readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { ATOMIC_TEMP_PREFIX } from './atomic-write.js';

/** A temporary file not written to for this long belongs to no live save. */
export const STALE_TEMP_AGE_MS = 60_000;

/**
 * Removes the files named `.hashiya-tmp-*` directly inside each folder of `dirs` (not below)
 * whose modification time is older than `olderThanMs`. Missing folders are skipped; a file that
 * cannot be removed is left (this is housekeeping and never fails). Returns the files removed.
 */
export async function removeStaleTempFiles(dirs: readonly string[], olderThanMs: number = STALE_TEMP_AGE_MS): Promise<readonly string[]> {
  const removed: string[] = [];
  const before = Date.now() - olderThanMs;
  for (const dir of dirs) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      if (!name.startsWith(ATOMIC_TEMP_PREFIX)) continue;
      const file = path.join(dir, name);
      try {
        const info = await stat(file);
        if (!info.isFile() || info.mtimeMs >= before) continue;
        await unlink(file);
        removed.push(file);
      } catch {
        // Gone meanwhile, or not removable here: left as it is.
      }
    }
  }
  return removed.sort();
}
