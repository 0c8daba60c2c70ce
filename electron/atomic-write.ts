/**
 * Atomic file replacement: a reader (or a crash) sees the old file or the new one, never a
 * partial write.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/** Prefix of the temporary files {@link writeFileAtomic} makes; one left behind means a crash. */
export const ATOMIC_TEMP_PREFIX = '.hashiya-tmp-';

/**
 * Writes `data` (a string is written as UTF-8, no BOM) to `file`: first to a uniquely named
 * temporary file in the same folder (so the rename cannot cross file systems), flushed with
 * fsync, then renamed over `file`, then the folder is fsynced so the rename itself is durable
 * (skipped where the platform cannot open folders, as on Windows). The folder must exist. On
 * any failure the temporary file is removed and `file` is left as it was; the error is rethrown.
 */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await writeAtomic(file, (handle) => handle.writeFile(data));
}

/**
 * {@link writeFileAtomic} for content written piece by piece: `write` gets the temporary file's
 * handle (for streaming, e.g. a zip); flushing, renaming and clean-up on failure are the same.
 */
export async function writeAtomic(file: string, write: (handle: FileHandle) => Promise<void>): Promise<void> {
  const dir = path.dirname(file);
  const temp = path.join(dir, `${ATOMIC_TEMP_PREFIX}${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}`);
  const handle = await open(temp, 'wx', 0o644);
  try {
    try {
      await write(handle);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, file);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
  await syncFolder(dir);
}

async function syncFolder(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch {
    return; // Windows cannot open a folder; its rename is already durable enough there.
  }
  try {
    await handle.sync();
  } catch {
    // Some file systems refuse fsync on a folder (EINVAL); the data itself is already synced.
  } finally {
    await handle.close();
  }
}
