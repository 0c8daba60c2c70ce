/**
 * Flushing many new files to disk at once (Node side). An fsync per file costs a journal commit
 * per file: for the 10,000–20,000 files of an export, seconds. Linux can flush a whole file system
 * in one call, `syncfs(2)`, which Node does not expose; the `sync -f` command (GNU coreutils 8.24
 * and later, BusyBox) makes that call. Where that cannot be done, the caller fsyncs file by file.
 */
import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';

/**
 * Flushes everything written to the file systems that hold `files` (each file system once, by
 * `sync -f` on one of its folders, run without a shell): when it resolves true, the data and
 * metadata of every one of `files` written before the call are on disk, as after an fsync of each.
 * Resolves false, having flushed nothing for sure, where that cannot be done: not on Linux, no
 * `sync` command that takes `-f`, a folder that cannot be examined, a `sync` that fails. Never
 * rejects.
 */
export async function syncFileSystems(files: readonly string[]): Promise<boolean> {
  if (process.platform !== 'linux' || files.length === 0) return false;
  try {
    const byDevice = new Map<number, string>();
    for (const folder of new Set(files.map((f) => path.dirname(f)))) {
      const { dev } = await stat(folder);
      if (!byDevice.has(dev)) byDevice.set(dev, folder);
    }
    for (const folder of byDevice.values()) if (!(await syncFileSystemOf(folder))) return false;
    return true;
  } catch {
    return false;
  }
}

/** `sync -f folder`: true when it ran and exited with 0. */
function syncFileSystemOf(folder: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('sync', ['-f', folder], { windowsHide: true }, (error) => resolve(error === null));
  });
}
