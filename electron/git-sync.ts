/**
 * Team sync through git: a corpus folder is a git repository whose remote `origin` is shared by
 * the team — a bare repository on a shared drive, or an HTTP(S) or SSH git server. A sync
 * commits this computer's changes, fetches, merges, settles conflicts so that nothing is lost,
 * and pushes.
 *
 * **Why the system git** (run with `execFile`, never a shell; git-run.ts) and not a JavaScript
 * git such as isomorphic-git: it speaks every transport a team uses — local and shared-drive
 * paths, HTTP(S) with the user's own credential helpers (the Windows and macOS keychains), SSH
 * with their keys and agent; it makes real three-way merges; and it is what a team's IT already
 * installs and trusts. Where git is missing, every call says so and names what to install
 * ({@link GIT_MISSING_MESSAGE}).
 *
 * What is shared: `hashiya.json`, `documents/`, `layers/`, `gold/`, `assignments.json`. Never
 * shared: `.hashiya/` (this computer's previous versions, locks, conflict copies, sync record) and
 * `.hashiya-tmp-*` (leftovers of interrupted writes), both written into `.gitignore`. The
 * `.gitattributes` sync writes stores every file byte for byte (`* -text`: no line-end
 * conversion, which would change texts and their hashes) and lets no line-by-line merge touch a
 * layer (`*.jsonl -merge`): a layer changed on both sides always comes to
 * git-sync-conflicts.ts, which merges it span by span.
 *
 * Merge, not rebase: the annotator's commit is never rewritten, an interrupted sync is undone by
 * aborting the merge (git-sync-recovery.ts), and the history shows when work met.
 *
 * Syncs of one corpus run one at a time: in this process one after another, across processes
 * through the lock file `.hashiya/locks/.sync.lock` (corpus-lock.ts); a second window's sync meanwhile
 * is refused as `busy`. The user's git configuration is read, never written; when it names no
 * committer, the annotator's name is given on the command line of each commit.
 */
import { mkdir, readFile, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { validateAnnotatorName } from '../shared/corpus/ids.js';
import { MANIFEST_FILE } from '../shared/corpus/manifest.js';
import { writeFileAtomic } from './atomic-write.js';
import { acquireLock, describeOwner } from './corpus-lock.js';
import { Git, NETWORK_TIMEOUT_MS, SyncError, failureMessage, identityArgs, normaliseRemote, remoteError, type GitOptions } from './git-run.js';
import { resolveConflicts } from './git-sync-conflicts.js';
import { recoverInterruptedSync } from './git-sync-recovery.js';
import { DEFAULT_BRANCH, REMOTE, commitChanges, commitStart, currentBranch, ensureRepository, joinCommits, refExists } from './git-sync-repository.js';
import {
  NOTHING_INCOMING,
  describeIncoming,
  incomingChanges,
  parseNameStatus,
  type CorpusSyncStatus,
  type FileChange,
  type SyncConflict,
  type SyncReport,
  type SyncState,
} from '../shared/sync/sync-report.js';
import { LOCKS_DIR, STATE_DIR } from './layer-history.js';
import { isErrnoCode } from './node-text.js';

export { GIT_MISSING_MESSAGE, SyncError, type GitOptions, type SyncErrorKind } from './git-run.js';
export { DEFAULT_BRANCH, GITATTRIBUTES_LINES, GITIGNORE_LINES, REMOTE } from './git-sync-repository.js';
export type { CommitSummary, ConflictResolution, CorpusSyncStatus, IncomingChanges, IncomingLayer, SyncConflict, SyncReport, SyncState } from '../shared/sync/sync-report.js';

/** Under `.hashiya/`: when this computer last synced. */
export const SYNC_RECORD_FILE = 'sync.json';
/** A push the remote refused because it moved on is tried again (fetch, merge, push) this many times. */
export const PUSH_RETRIES = 3;

export interface SyncOptions extends GitOptions {
  /** Who syncs: the author of the commit, and whose layers are "own" in the report. */
  readonly annotator: string;
  /** The clock (names the conflict copies' folder, and the sync record). Default: now. */
  readonly now?: () => Date;
}

/** What {@link linkRemote} did. */
export interface LinkResult {
  /** The remote as stored (a local path made absolute). */
  readonly remote: string;
  /** The remote it replaced, or null. */
  readonly previous: string | null;
  /** True when the corpus was made a git repository by this call. */
  readonly initialized: boolean;
}

/** What {@link cloneCorpus} made. */
export interface CloneResult {
  /** The new corpus folder (absolute). */
  readonly root: string;
  readonly remote: string;
  readonly branch: string;
  /** How many documents the corpus holds. */
  readonly documents: number;
}

/** A corpus's link to its remote, for a status line. */

/**
 * Links the corpus in `corpusDir` to the remote `url` (a path — made absolute against `cwd`,
 * default the process's — a `file://`, `http(s)://` or `ssh://` URL, or `host:path`), as
 * `origin`, replacing an earlier link. A corpus that is not a git repository yet becomes one
 * (branch `main`, `.gitignore` and `.gitattributes` written; the first sync commits). The remote
 * is not contacted: the next sync says whether it can be reached. Throws {@link SyncError}
 * (`invalid` for a folder without `hashiya.json`, `git-missing`, `busy`).
 */
export async function linkRemote(corpusDir: string, url: string, options: GitOptions & { readonly cwd?: string } = {}): Promise<LinkResult> {
  const root = path.resolve(corpusDir);
  const remote = normaliseRemote(url, options.cwd);
  if (remote === '') throw new SyncError('invalid', 'the remote is empty: give a path or URL');
  return exclusive(root, async () => {
    const git = new Git(root, options);
    const initialized = await ensureRepository(git);
    const previous = await git.config(`remote.${REMOTE}.url`);
    if (previous === null) await git.ok(['remote', 'add', REMOTE, remote]);
    else if (previous !== remote) await git.ok(['remote', 'set-url', REMOTE, remote]);
    return { remote, previous, initialized };
  });
}

/**
 * Clones the corpus at `url` (as for {@link linkRemote}) into `dir` (missing, or an empty
 * folder): how an annotator joins.
 * Checks out the remote's default branch, else `main`, else its only branch. Throws
 * {@link SyncError}: `invalid` (the folder is not empty), `unreachable`, `auth-failed`,
 * `not-a-repository` (or a repository that holds no corpus), `empty-remote` (nobody has synced
 * to it yet), `git-missing`; what the failed clone made is removed.
 */
export async function cloneCorpus(url: string, dir: string, options: GitOptions & { readonly cwd?: string } = {}): Promise<CloneResult> {
  const root = path.resolve(dir);
  const remote = normaliseRemote(url, options.cwd);
  let existing: string[] | undefined;
  try {
    existing = await readdir(root);
  } catch (error) {
    if (!isErrnoCode(error, 'ENOENT')) throw error;
  }
  if (existing !== undefined && existing.length > 0) throw new SyncError('invalid', `${root} is not empty: clone into a new folder`);
  await mkdir(path.dirname(root), { recursive: true });
  const undo = async (): Promise<void> => {
    if (existing === undefined) await rm(root, { recursive: true, force: true });
    else for (const name of await readdir(root).catch(() => [])) await rm(path.join(root, name), { recursive: true, force: true });
  };
  const outside = new Git(path.dirname(root), options);
  const cloned = await outside.run(['clone', '--quiet', '--origin', REMOTE, '--', remote, root], { timeoutMs: NETWORK_TIMEOUT_MS });
  if (cloned.code !== 0) {
    await undo();
    throw await remoteError(remote, cloned, ['clone'], null);
  }
  const git = new Git(root, options);
  try {
    let branch = await currentBranch(git);
    if ((await git.run(['rev-parse', '--verify', '-q', 'HEAD'])).code !== 0) {
      // The remote's HEAD names a branch it does not have (a bare repository made with another default).
      const listed = await git.text(['for-each-ref', '--format=%(refname:strip=3)', `refs/remotes/${REMOTE}/`]);
      const branches = listed.split('\n').filter((b) => b !== '' && b !== 'HEAD');
      const chosen = branches.includes(DEFAULT_BRANCH) ? DEFAULT_BRANCH : branches.includes('master') ? 'master' : branches.length === 1 ? branches[0] : undefined;
      if (chosen === undefined) {
        throw new SyncError(
          branches.length === 0 ? 'empty-remote' : 'invalid',
          branches.length === 0 ? `${remote} holds no corpus yet: the first annotator links the corpus to it and syncs, then others clone` : `${remote} has several branches (${branches.join(', ')}) and none is ${DEFAULT_BRANCH}`,
        );
      }
      await git.ok(['checkout', '-q', '-B', chosen, '--track', `${REMOTE}/${chosen}`]);
      branch = chosen;
    }
    if (!(await exists(path.join(root, MANIFEST_FILE)))) throw new SyncError('not-a-repository', `${remote} is a git repository but not a Hashiya corpus (it has no ${MANIFEST_FILE})`);
    const documents = (await readdir(path.join(root, 'documents')).catch(() => [] as string[])).filter((n) => n.endsWith('.meta.json')).length;
    return { root, remote, branch: branch ?? DEFAULT_BRANCH, documents };
  } catch (error) {
    await undo();
    throw error;
  }
}

/**
 * Syncs the corpus in `corpusDir` for `annotator`:
 * 1. makes it a git repository when it is not (branch `main`, `.gitignore`, `.gitattributes`, a
 *    first commit "Hashiya: start corpus <name>");
 * 2. undoes what an interrupted sync left (git-sync-recovery.ts);
 * 3. commits every change (`git add -A`) with a message naming what changed
 *    ("Ali: layers of 3 documents (a, b, c); gold of 1 document (d)");
 * 4. fetches `origin` — unreachable: state `offline`, the commit stays and goes next time;
 * 5. merges `origin/<branch>`, settling conflicts (git-sync-conflicts.ts) and committing;
 * 6. pushes `HEAD:<branch>` (creating it on an empty remote); a push refused because the remote
 *    moved on is fetched, merged and pushed again, up to {@link PUSH_RETRIES} times;
 * 7. reports what came in (the files the merges changed here).
 *
 * Resolves with the report for every outcome the next sync can carry on from (`offline`,
 * `no-remote` included). Throws {@link SyncError} for the rest: `auth-failed`,
 * `not-a-repository`, `busy`, `invalid` (not a corpus, a bad annotator name), `git-missing`,
 * `git-failed`; its `committed` says what was committed here before it stopped. Nothing
 * committed, saved or received is ever discarded.
 */
export async function syncCorpus(corpusDir: string, options: SyncOptions): Promise<SyncReport> {
  const root = path.resolve(corpusDir);
  const name = validateAnnotatorName(options.annotator);
  if (!name.ok) throw new SyncError('invalid', name.errors[0]?.message ?? 'not an annotator name');
  const annotator = options.annotator;
  const now = options.now ?? (() => new Date());
  return exclusive(root, async () => {
    const git = new Git(root, options);
    await ensureRepository(git);
    await recoverInterruptedSync(git);
    const identity = await identityArgs(git, annotator);
    let committed = joinCommits(await commitStart(git, identity), await commitChanges(git, identity, annotator));
    const branch = await currentBranch(git);
    if (branch === null) throw new SyncError('git-failed', `${root} is not on a branch (a detached HEAD): check out a branch, then sync again`, committed);
    const remote = await git.config(`remote.${REMOTE}.url`);
    if (remote === null) {
      return report('no-remote', { committed, remote, branch, message: `Committed on this computer${committed === null ? ' (nothing new)' : ''}; the corpus is linked to no remote yet, so nothing was sent or received.` });
    }

    const remoteRef = `refs/remotes/${REMOTE}/${branch}`;
    const incoming: FileChange[] = [];
    const conflicts: SyncConflict[] = [];
    let sent = 0;
    for (let attempt = 0; ; attempt++) {
      const fetched = await git.run(['fetch', '--quiet', '--prune', REMOTE], { timeoutMs: NETWORK_TIMEOUT_MS });
      if (fetched.code !== 0) {
        const failure = await remoteError(remote, fetched, ['fetch'], committed);
        if (failure.kind !== 'unreachable') throw failure;
        return offline(failure.message, incoming, conflicts);
      }
      if (await refExists(git, remoteRef)) {
        const merged = await mergeRemote(git, identity, annotator, remoteRef, now);
        if (merged === 'changed-meanwhile') {
          committed = joinCommits(committed, await commitChanges(git, identity, annotator));
          if (attempt < PUSH_RETRIES) continue;
          throw new SyncError('git-failed', 'files kept changing while the sync merged: sync again', committed);
        }
        incoming.push(...merged.changes);
        conflicts.push(...merged.conflicts);
      }
      const head = await git.text(['rev-parse', 'HEAD']);
      const theirs = (await refExists(git, remoteRef)) ? await git.text(['rev-parse', remoteRef]) : null;
      if (head === theirs) break;
      const count = Number(await git.text(['rev-list', '--count', theirs === null ? 'HEAD' : `${remoteRef}..HEAD`]));
      const pushed = await git.run(['push', '--porcelain', '--set-upstream', REMOTE, `HEAD:refs/heads/${branch}`], { timeoutMs: NETWORK_TIMEOUT_MS });
      if (pushed.code === 0) {
        sent = count;
        break;
      }
      const said = `${pushed.stdout.toString('utf8')}\n${pushed.stderr}`;
      // Refused because the remote moved on (another annotator pushed since the fetch): again.
      if (/\((?:fetch first|non-fast-forward)\)|cannot lock ref|incorrect old value/.test(said)) {
        if (attempt < PUSH_RETRIES) continue;
        throw new SyncError('git-failed', `${remote} kept moving on while this computer tried to send its work (${PUSH_RETRIES + 1} tries): sync again`, committed);
      }
      const failure = await remoteError(remote, pushed, ['push'], committed);
      if (failure.kind !== 'unreachable') throw failure;
      return offline(failure.message, incoming, conflicts);
    }

    const changes = incomingChanges(dedupeChanges(incoming), annotator);
    const state: SyncState = conflicts.length > 0 ? 'conflicts-resolved' : 'synced';
    await recordSync(root, now(), remote, branch);
    const received = describeIncoming(changes);
    const message = [
      sent === 0 && received === '' ? `Up to date with ${remote}.` : `Synced with ${remote}.`,
      sent > 0 ? `Sent ${sent} commit${sent === 1 ? '' : 's'}.` : '',
      received === '' ? '' : `Received ${received}.`,
      conflicts.length > 0 ? `${conflicts.length} file${conflicts.length === 1 ? '' : 's'} changed on both sides, settled without losing either side.` : '',
    ].filter((s) => s !== '').join(' ');
    return { state, committed, incoming: changes, conflicts, pushed: sent > 0, remote, branch, message };

    function offline(why: string, changed: readonly FileChange[], settled: readonly SyncConflict[]): SyncReport {
      return {
        ...report('offline', { committed, remote, branch, message: `${why}. ${committed === null ? 'Nothing new to send; ' : 'Your changes are committed on this computer; '}the next sync sends and receives what is waiting.` }),
        incoming: incomingChanges(dedupeChanges(changed), annotator),
        conflicts: settled,
      };
    }
  });
}

/**
 * The corpus's link and how far it is from its remote, as of the last fetch (nothing is fetched).
 * A folder that is not a git repository is `linked: false` with zeros. Takes no lock and never
 * takes git's index lock, so it may run during a sync. Throws {@link SyncError} `git-missing`.
 */
export async function corpusSyncStatus(corpusDir: string, options: GitOptions = {}): Promise<CorpusSyncStatus> {
  const root = path.resolve(corpusDir);
  const lastSync = await readSyncRecord(root);
  if (!(await exists(path.join(root, '.git')))) return { linked: false, remote: null, branch: null, ahead: 0, behind: 0, uncommitted: 0, lastSync };
  const git = new Git(root, options);
  const remote = await git.config(`remote.${REMOTE}.url`);
  const branch = await currentBranch(git);
  const hasHead = (await git.run(['rev-parse', '--verify', '-q', 'HEAD'])).code === 0;
  const status = await git.run(['status', '--porcelain', '-z', '--untracked-files=all'], { noOptionalLocks: true });
  const uncommitted = status.code === 0 ? status.stdout.toString('utf8').split('\0').filter((e) => e.length > 3).length : 0;
  let ahead = 0;
  let behind = 0;
  if (hasHead && branch !== null) {
    const remoteRef = `refs/remotes/${REMOTE}/${branch}`;
    if (await refExists(git, remoteRef)) {
      const [a, b] = (await git.text(['rev-list', '--left-right', '--count', `HEAD...${remoteRef}`])).split(/\s+/).map(Number);
      ahead = a ?? 0;
      behind = b ?? 0;
    } else ahead = Number(await git.text(['rev-list', '--count', 'HEAD']));
  }
  return { linked: remote !== null, remote, branch, ahead, behind, uncommitted, lastSync };
}

/** One sync, link or status change per corpus at a time: in this process queued, across processes locked. */
const queues = new Map<string, Promise<unknown>>();

async function exclusive<T>(root: string, task: () => Promise<T>): Promise<T> {
  const previous = queues.get(root) ?? Promise.resolve();
  const run = async (): Promise<T> => {
    await requireCorpus(root);
    const lock = await acquireLock(path.join(root, STATE_DIR, LOCKS_DIR, '.sync.lock'));
    if (!lock.ok) throw new SyncError('busy', `another Hashiya window is syncing this corpus${lock.holder === null ? '' : ` (${describeOwner(lock.holder)})`}: wait for it to finish`);
    try {
      return await task();
    } finally {
      await lock.lock.release();
    }
  };
  const next = previous.then(run, run);
  queues.set(root, next);
  const cleanup = (): void => {
    if (queues.get(root) === next) queues.delete(root);
  };
  next.then(cleanup, cleanup);
  return next;
}

async function requireCorpus(root: string): Promise<void> {
  if (!(await exists(path.join(root, MANIFEST_FILE)))) throw new SyncError('invalid', `${root} is not a Hashiya corpus (it has no ${MANIFEST_FILE})`);
}

/**
 * Merges `remoteRef` into HEAD; settles conflicts and commits. `changed-meanwhile` when git
 * refused because files changed since the commit (an editor saved): commit and merge again.
 */
async function mergeRemote(
  git: Git,
  identity: readonly string[],
  annotator: string,
  remoteRef: string,
  now: () => Date,
): Promise<{ readonly changes: readonly FileChange[]; readonly conflicts: readonly SyncConflict[] } | 'changed-meanwhile'> {
  const before = await git.text(['rev-parse', 'HEAD']);
  const shortRef = remoteRef.replace(/^refs\/remotes\//, '');
  const subject = `${annotator}: merge the team's work from ${shortRef}`;
  const merged = await git.run([...identity, 'merge', '--ff', '--no-edit', '--allow-unrelated-histories', '-X', 'no-renames', '-m', subject, remoteRef]);
  let conflicts: readonly SyncConflict[] = [];
  if (merged.code !== 0) {
    if ((await git.fields(['ls-files', '-u', '-z'])).length === 0) {
      if (/would be overwritten by merge|untracked working tree files would be/i.test(merged.stderr)) return 'changed-meanwhile';
      throw new SyncError('git-failed', failureMessage(['merge'], merged));
    }
    conflicts = await resolveConflicts(git, stampOf(now()));
    const body = ['Settled by Hashiya:', ...conflicts.map((c) => `${c.file}: ${c.message}`)].join('\n');
    await git.ok([...identity, 'commit', '--quiet', '--no-edit', '-m', subject, '-m', body]);
  }
  const changes = parseNameStatus(await git.fields(['diff', '--name-status', '--no-renames', '-z', before, 'HEAD']));
  return { changes, conflicts };
}

/** One change per file: the first status seen (an `A` then `M` stays `A`). */
function dedupeChanges(changes: readonly FileChange[]): readonly FileChange[] {
  const byFile = new Map<string, FileChange>();
  for (const c of changes) if (!byFile.has(c.file)) byFile.set(c.file, c);
  return [...byFile.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
}

/** A folder name for the moment `date`, safe on every file system: `2025-03-01T10-15-00Z`. */
function stampOf(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/:/g, '-');
}

function report(state: SyncState, parts: Pick<SyncReport, 'committed' | 'remote' | 'branch' | 'message'>): SyncReport {
  return { state, incoming: NOTHING_INCOMING, conflicts: [], pushed: false, ...parts };
}

async function recordSync(root: string, when: Date, remote: string, branch: string): Promise<void> {
  const dir = path.join(root, STATE_DIR);
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(path.join(dir, SYNC_RECORD_FILE), `${JSON.stringify({ lastSync: when.toISOString(), remote, branch }, null, 2)}\n`);
}

async function readSyncRecord(root: string): Promise<string | null> {
  try {
    const value = JSON.parse(await readFile(path.join(root, STATE_DIR, SYNC_RECORD_FILE), 'utf8')) as { lastSync?: unknown };
    return typeof value.lastSync === 'string' ? value.lastSync : null;
  } catch {
    return null;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
