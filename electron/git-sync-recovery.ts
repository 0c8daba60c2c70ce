/**
 * Putting a corpus repository back in order after an interrupted sync (the app killed, the
 * computer off) or a git command a person left half done, before the next sync starts.
 *
 * **Lock files.** Git guards its index and refs with `*.lock` files (`.git/index.lock`,
 * `.git/refs/heads/main.lock`, …) that a killed git leaves behind, after which every later git
 * command refuses to run. A lock file is taken as stale, and removed, when no git command this
 * process started is running in the repository and the file is at least
 * {@link GIT_LOCK_STALE_MS} old. Other Hashiya processes cannot be running a sync meanwhile (sync
 * holds `.hashiya/locks/.sync.lock`), so a live lock could only be another program's git, whose
 * commands hold a lock for well under a second; a younger lock file is left and the sync refused
 * as `busy`.
 *
 * **An operation in progress** (a merge: `MERGE_HEAD`; a rebase; a cherry-pick; a revert) is
 * aborted. Sync commits the annotator's changes before it merges, so a merge sync left behind
 * loses nothing when aborted; the next sync merges again. What the working tree holds that git
 * does not (a layer saved while the merge hung, say) is read before the abort and written back
 * after it, unless it holds conflict markers; the next commit takes it.
 */
import { createHash } from 'node:crypto';
import { readFile, readdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from './atomic-write.js';
import { SyncError, gitRunningIn, type Git } from './git-run.js';
import { isErrnoCode } from './node-text.js';

/** A git lock file at least this old, in a repository where no git of ours runs, belongs to no live git. */
export const GIT_LOCK_STALE_MS = 60_000;

/** Operations git can be left in the middle of, the file that shows each, and how to undo it. */
const IN_PROGRESS: readonly { readonly marker: string; readonly what: string; readonly abort: readonly (readonly string[])[] }[] = [
  { marker: 'MERGE_HEAD', what: 'a merge', abort: [['merge', '--abort'], ['reset', '--merge']] },
  { marker: 'rebase-merge', what: 'a rebase', abort: [['rebase', '--abort']] },
  { marker: 'rebase-apply', what: 'a rebase', abort: [['rebase', '--abort'], ['am', '--abort']] },
  { marker: 'CHERRY_PICK_HEAD', what: 'a cherry-pick', abort: [['cherry-pick', '--abort']] },
  { marker: 'REVERT_HEAD', what: 'a revert', abort: [['revert', '--abort']] },
];

/**
 * Removes stale git lock files and aborts an operation in progress (see the module comment).
 * Returns what was done, one sentence each (empty when the repository was in order). Throws
 * {@link SyncError} `busy` for a lock file too young to judge, `git-failed` when an operation
 * cannot be aborted (the message says what to run by hand).
 */
export async function recoverInterruptedSync(git: Git): Promise<readonly string[]> {
  const done: string[] = [];
  const gitDir = await git.text(['rev-parse', '--absolute-git-dir']);
  for (const lock of await lockFiles(gitDir)) {
    const age = Date.now() - lock.mtimeMs;
    const shown = path.relative(git.dir, lock.file).split(path.sep).join('/');
    if (gitRunningIn(git.dir) || age < GIT_LOCK_STALE_MS) {
      throw new SyncError('busy', `git is at work in this corpus (${shown} is ${Math.round(age / 1000)} s old): another git program may be running; sync again in a minute`);
    }
    try {
      await unlink(lock.file);
      done.push(`removed ${shown}, left by a git command that did not finish`);
    } catch (error) {
      if (!isErrnoCode(error, 'ENOENT')) throw error;
    }
  }
  for (const op of IN_PROGRESS) {
    if (!(await exists(path.join(gitDir, op.marker)))) continue;
    const kept = await workingTreeOnly(git);
    let undone = false;
    const said: string[] = [];
    for (const args of op.abort) {
      const result = await git.run(args);
      if (result.code === 0 && !(await exists(path.join(gitDir, op.marker)))) {
        undone = true;
        break;
      }
      said.push(result.stderr.trim());
    }
    if (!undone) {
      throw new SyncError('git-failed', `${op.what} left unfinished in ${git.dir} could not be undone (${said.filter((s) => s !== '').join('; ')}); run "git ${op.abort[0]?.join(' ')}" there, then sync again`);
    }
    for (const [file, bytes] of kept) await writeFileAtomic(path.join(git.dir, ...file.split('/')), bytes);
    done.push(`undid ${op.what} left unfinished${kept.size > 0 ? ` (kept ${kept.size} file${kept.size === 1 ? '' : 's'} saved meanwhile)` : ''}`);
  }
  return done;
}

/** `*.lock` files directly in the git folder and anywhere under `refs/`. */
async function lockFiles(gitDir: string): Promise<readonly { file: string; mtimeMs: number }[]> {
  const found: { file: string; mtimeMs: number }[] = [];
  const visit = async (dir: string, recurse: boolean): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory() && recurse) await visit(file, true);
      else if (entry.isFile() && entry.name.endsWith('.lock')) {
        try {
          found.push({ file, mtimeMs: (await stat(file)).mtimeMs });
        } catch {
          // Gone meanwhile.
        }
      }
    }
  };
  await visit(gitDir, false);
  await visit(path.join(gitDir, 'refs'), true);
  return found;
}

/**
 * Files of the working tree whose content is in no stage of the index (edits git has not seen),
 * without conflict markers, by corpus-relative path.
 */
async function workingTreeOnly(git: Git): Promise<ReadonlyMap<string, Buffer>> {
  const known = new Map<string, Set<string>>();
  for (const entry of await git.fields(['ls-files', '-s', '-z'])) {
    const tab = entry.indexOf('\t');
    const sha = entry.slice(0, tab).split(' ')[1] ?? '';
    const file = entry.slice(tab + 1);
    known.set(file, (known.get(file) ?? new Set()).add(sha));
  }
  const kept = new Map<string, Buffer>();
  for (const file of new Set(await git.fields(['diff', '--name-only', '-z']))) {
    let bytes: Buffer;
    try {
      bytes = await readFile(path.join(git.dir, ...file.split('/')));
    } catch {
      continue;
    }
    if (known.get(file)?.has(blobSha(bytes)) || hasConflictMarkers(bytes)) continue;
    kept.set(file, bytes);
  }
  return kept;
}

/** Git's object id of a blob holding `bytes` (SHA-1 repositories). */
function blobSha(bytes: Uint8Array): string {
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}

function hasConflictMarkers(bytes: Buffer): boolean {
  const text = bytes.toString('utf8');
  return /^<{7}(?: |$)/m.test(text) && /^>{7}(?: |$)/m.test(text);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
