/**
 * A lock across processes: one lock file, created with `O_EXCL` (`open(file, 'wx')`), holding
 * `{pid, hostname, startedAt, token}` as JSON. The store uses one per annotator
 * (`<corpus>/.hashiya/locks/<annotator>.lock`) so that two Hashiya processes (two windows, two
 * `hashiya serve`) never write the same annotator's layers.
 *
 * While held, the file's modification time is refreshed every {@link LOCK_HEARTBEAT_MS}. A lock
 * is **stale**, and is taken over (with a log line saying whose and why), when
 * - its process is gone: same host name, and `process.kill(pid, 0)` fails with `ESRCH`;
 * - it names this process but a token this process does not hold (left by an earlier process
 *   that had the same pid, e.g. before a reboot);
 * - its heartbeat stopped: not refreshed for {@link LOCK_STALE_MS} (the only test for a lock of
 *   another host, whose processes cannot be asked; on this host it catches a reused pid);
 * - it cannot be read (a crash between creating and writing it) and is older than
 *   {@link UNREADABLE_GRACE_MS}.
 *
 * A takeover holds a guard file (`<lock>.takeover`, also `O_EXCL`) while it checks that the lock
 * file is still the one it judged stale (same content and modification time) and removes it; the
 * new lock is then created with `O_EXCL` like any other. So two processes recovering the same
 * stale lock at once cannot both end up holding it.
 *
 * Within one process a lock is shared: acquiring a file this process already holds counts one
 * more holder; the file goes when the last one releases it, or when the process exits normally.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { mkdir, open, readFile, stat, unlink, utimes } from 'node:fs/promises';
import { hostname } from 'node:os';
import path from 'node:path';
import { assertNever } from '../shared/model.js';
import { isErrnoCode } from './node-text.js';

/** Who holds a lock: what the lock file says. */
export interface LockOwner {
  readonly pid: number;
  readonly hostname: string;
  /** ISO 8601 UTC: when the lock was taken. */
  readonly startedAt: string;
  /** Random, per acquisition: tells this holder from an earlier one with the same pid. */
  readonly token: string;
}

/** How often a held lock's modification time is refreshed. */
export const LOCK_HEARTBEAT_MS = 30_000;
/** A lock not refreshed for this long is stale: ten missed heartbeats. */
export const LOCK_STALE_MS = 5 * 60_000;
/** A lock file that cannot be read is being written for at most this long; after it, stale. */
export const UNREADABLE_GRACE_MS = 10_000;

export interface LockOptions {
  /** Default {@link LOCK_HEARTBEAT_MS}. */
  readonly heartbeatMs?: number;
  /** Default {@link LOCK_STALE_MS}. */
  readonly staleMs?: number;
  /** Takeovers and losses are reported here. */
  readonly log?: (message: string) => void;
}

/** What a lock file says about whether it may be taken. */
export type LockState =
  | { readonly kind: 'free' }
  /** Held by this process. */
  | { readonly kind: 'ours'; readonly owner: LockOwner }
  /** Held by a live process (or one of another host that still refreshes it); `owner` null while it is being written. */
  | { readonly kind: 'held'; readonly owner: LockOwner | null }
  | { readonly kind: 'stale'; readonly owner: LockOwner | null; readonly reason: string; readonly raw: string; readonly mtimeMs: number };

/** A lock this process holds (one holder's handle). */
export interface HeldLock {
  readonly file: string;
  readonly owner: LockOwner;
  /** True once the lock was found taken over by another process or gone beyond repair. */
  readonly lost: boolean;
  /**
   * Whether the file still names this holder (recreating it when it was deleted and nobody took
   * it meanwhile); false, and {@link lost} set, when another process holds it now.
   */
  verify(): Promise<boolean>;
  /** Lets go (idempotent): the file is removed when this was the process's last holder. */
  release(): Promise<void>;
  /** Called once if the lock is lost (found by the heartbeat or by {@link verify}). */
  onLost(listener: (holder: LockOwner | null) => void): void;
}

export type AcquireResult =
  | { readonly ok: true; readonly lock: HeldLock }
  /** Held by another live process; `holder` null when its file was still being written. */
  | { readonly ok: false; readonly holder: LockOwner | null };

/** One lock file held by this process, shared by every handle on it. */
interface Entry {
  readonly owner: LockOwner;
  readonly raw: string;
  readonly listeners: Set<(holder: LockOwner | null) => void>;
  holders: number;
  lost: boolean;
  timer: ReturnType<typeof setInterval> | undefined;
  /** The check in progress (heartbeat or verify), if any. */
  checking?: Promise<boolean>;
  /** Let go by its last holder. */
  released?: boolean;
}

/** Lock files held by this process, by absolute path. */
const held = new Map<string, Entry>();
let exitHookInstalled = false;

/**
 * Takes the lock `file` (its folder is created when missing), taking over a stale one. Resolves
 * `{ok: false, holder}` when another live process holds it; never waits for it. Other file-system
 * errors are thrown.
 */
export async function acquireLock(file: string, options: LockOptions = {}): Promise<AcquireResult> {
  const absolute = path.resolve(file);
  const log = options.log ?? (() => {});
  /** The stale lock this call removed, said once this call holds the lock. */
  let removed: string | undefined;
  for (let attempt = 0; attempt < 50; attempt++) {
    const mine = held.get(absolute);
    if (mine !== undefined && !mine.lost) {
      mine.holders++;
      return { ok: true, lock: handle(absolute, mine) };
    }
    const owner: LockOwner = { pid: process.pid, hostname: hostname(), startedAt: new Date().toISOString(), token: randomBytes(12).toString('hex') };
    const raw = `${JSON.stringify(owner)}\n`;
    const created = await createLockFile(absolute, raw);
    if (created === 'no-folder') {
      await mkdir(path.dirname(absolute), { recursive: true });
      continue;
    }
    if (created === 'created') {
      const entry: Entry = { owner, raw, listeners: new Set(), holders: 1, lost: false, timer: undefined };
      held.set(absolute, entry);
      startHeartbeat(absolute, entry, options);
      installExitHook();
      if (removed !== undefined) log(`took over the stale lock ${absolute}${removed}`);
      return { ok: true, lock: handle(absolute, entry) };
    }
    const state = await inspectLock(absolute, options);
    switch (state.kind) {
      case 'free':
        continue;
      case 'ours':
        continue; // The entry above answers on the next pass.
      case 'held':
        if (state.owner === null && attempt < 40) {
          await sleep(25); // Being written this very moment: read it again shortly.
          continue;
        }
        if (removed !== undefined) log(`removed the stale lock ${absolute}${removed}; another process took the lock first`);
        return { ok: false, holder: state.owner };
      case 'stale':
        if (await takeOver(absolute, state)) removed = `${state.owner ? ` of ${describeOwner(state.owner)}` : ''}: ${state.reason}`;
        continue;
      default:
        return assertNever(state, 'lock state');
    }
  }
  throw new Error(`could not take the lock ${absolute}: it kept changing`);
}

/**
 * Reads the lock `file` and judges it (see the module comment for when a lock is stale). Never
 * changes anything.
 */
export async function inspectLock(file: string, options: Pick<LockOptions, 'staleMs'> = {}): Promise<LockState> {
  const absolute = path.resolve(file);
  const staleMs = options.staleMs ?? LOCK_STALE_MS;
  let raw: string;
  let mtimeMs: number;
  try {
    [raw, mtimeMs] = await Promise.all([readFile(absolute, 'utf8'), stat(absolute).then((s) => s.mtimeMs)]);
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT')) return { kind: 'free' };
    throw error;
  }
  const age = Date.now() - mtimeMs;
  const owner = parseOwner(raw);
  if (owner === null) {
    if (age < UNREADABLE_GRACE_MS) return { kind: 'held', owner: null };
    return { kind: 'stale', owner: null, reason: `the lock file cannot be read and is ${seconds(age)} old`, raw, mtimeMs };
  }
  const mine = held.get(absolute);
  if (mine !== undefined && !mine.lost && mine.owner.token === owner.token) return { kind: 'ours', owner };
  const sameHost = owner.hostname === hostname();
  if (sameHost && owner.pid === process.pid) {
    return { kind: 'stale', owner, reason: `it names this process (pid ${owner.pid}) but not a lock it holds: left by an earlier process with the same pid`, raw, mtimeMs };
  }
  if (sameHost && !processAlive(owner.pid)) return { kind: 'stale', owner, reason: `process ${owner.pid} is gone`, raw, mtimeMs };
  if (age > staleMs) {
    const why = sameHost ? `process ${owner.pid} still runs, taken as another program that reuses the pid` : `host ${owner.hostname} cannot be asked`;
    return { kind: 'stale', owner, reason: `not refreshed for ${seconds(age)} (${why})`, raw, mtimeMs };
  }
  return { kind: 'held', owner };
}

/** `pid 1234 (since 2025-03-01T10:15:00.000Z)`, with ` on host` when the lock is another host's. */
export function describeOwner(owner: LockOwner): string {
  return `pid ${owner.pid}${owner.hostname === hostname() ? '' : ` on ${owner.hostname}`}, since ${owner.startedAt}`;
}

function handle(file: string, entry: Entry): HeldLock {
  let released = false;
  return {
    file,
    owner: entry.owner,
    get lost() {
      return entry.lost;
    },
    verify: () => (released ? Promise.resolve(false) : check(file, entry, false)),
    async release() {
      if (released) return;
      released = true;
      entry.holders--;
      if (entry.holders > 0 || held.get(file) !== entry) return;
      held.delete(file);
      entry.released = true;
      if (entry.timer !== undefined) clearInterval(entry.timer);
      await entry.checking; // a heartbeat under way must not make the file again after it goes
      if (entry.lost) return;
      try {
        if ((await readFile(file, 'utf8')) === entry.raw) await unlink(file);
      } catch (error) {
        if (!isErrnoCode(error, 'ENOENT')) throw error;
      }
    },
    onLost(listener) {
      entry.listeners.add(listener);
    },
  };
}

/** Creates `file` holding `raw` with `O_EXCL`, flushed; on a failed write the file is removed. */
async function createLockFile(file: string, raw: string): Promise<'created' | 'exists' | 'no-folder'> {
  let fd;
  try {
    fd = await open(file, 'wx', 0o644);
  } catch (error) {
    if (isErrnoCode(error, 'EEXIST')) return 'exists';
    if (isErrnoCode(error, 'ENOENT')) return 'no-folder';
    throw error;
  }
  try {
    await fd.writeFile(raw);
    await fd.sync();
    await fd.close();
  } catch (error) {
    await fd.close().catch(() => {});
    await unlink(file).catch(() => {});
    throw error;
  }
  return 'created';
}

/**
 * Removes the stale lock judged in `state`, if it is still that very file (same content and
 * modification time), holding the takeover guard `<file>.takeover` (created with `O_EXCL`) while
 * it checks and removes: two processes judging the same lock stale never remove a fresh lock one
 * of them made meanwhile. Whether the stale lock was removed by this call (false also when
 * another process holds the guard: the caller looks again).
 */
async function takeOver(file: string, state: Extract<LockState, { kind: 'stale' }>): Promise<boolean> {
  const guard = `${file}.takeover`;
  if ((await createLockFile(guard, `${JSON.stringify({ pid: process.pid, hostname: hostname() })}\n`)) !== 'created') {
    // Another process is taking over. A guard left by one that died doing so is cleared.
    const age = await stat(guard).then((s) => Date.now() - s.mtimeMs, () => 0);
    if (age > UNREADABLE_GRACE_MS) await unlink(guard).catch(() => {});
    else await sleep(10);
    return false;
  }
  try {
    const [raw, info] = await Promise.all([readFile(file, 'utf8'), stat(file)]);
    if (raw !== state.raw || info.mtimeMs !== state.mtimeMs) return false;
    await unlink(file);
    return true;
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT')) return false;
    throw error;
  } finally {
    await unlink(guard).catch(() => {});
  }
}

/**
 * Whether the lock is still this entry's. A file that is gone is created again (nobody took it);
 * `refresh` also renews the modification time. Marks the entry lost, and tells its listeners,
 * when another process holds the file, or when it cannot be made again.
 */
async function check(file: string, entry: Entry, refresh: boolean): Promise<boolean> {
  // One check at a time per lock: two would each see the other's re-creation half written.
  const previous = entry.checking ?? Promise.resolve(true);
  const run = (): Promise<boolean> => checkNow(file, entry, refresh);
  const next = previous.then(run, run);
  entry.checking = next;
  return next;
}

async function checkNow(file: string, entry: Entry, refresh: boolean): Promise<boolean> {
  if (entry.lost || entry.released) return false;
  let raw: string | undefined;
  try {
    raw = await readFile(file, 'utf8');
  } catch (error) {
    if (!isErrnoCode(error, 'ENOENT')) return true; // Cannot tell (a passing I/O error): keep holding.
  }
  if (raw === entry.raw) {
    if (refresh) {
      const now = new Date();
      await utimes(file, now, now).catch(() => {});
    }
    return true;
  }
  if (raw === undefined) {
    try {
      const made = await createLockFile(file, entry.raw);
      if (made === 'created') return true;
      if (made === 'exists') raw = await readFile(file, 'utf8');
    } catch {
      // Fall through: lost.
    }
    if (raw === entry.raw) return true;
  }
  lose(file, entry, raw === undefined ? null : parseOwner(raw));
  return false;
}

function lose(file: string, entry: Entry, holder: LockOwner | null): void {
  if (entry.lost) return;
  entry.lost = true;
  if (entry.timer !== undefined) clearInterval(entry.timer);
  if (held.get(file) === entry) held.delete(file);
  for (const listener of entry.listeners) listener(holder);
}

function startHeartbeat(file: string, entry: Entry, options: LockOptions): void {
  const log = options.log ?? (() => {});
  entry.timer = setInterval(() => {
    void check(file, entry, true).then((ours) => {
      if (!ours) log(`lost the lock ${file}${entry.listeners.size > 0 ? '' : ' (no one was told)'}`);
    });
  }, options.heartbeatMs ?? LOCK_HEARTBEAT_MS);
  entry.timer.unref();
}

/** On a normal exit (including `process.exit` from a signal handler), the locks still held go. */
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const [file, entry] of held) {
      try {
        if (!entry.lost && readFileSync(file, 'utf8') === entry.raw) unlinkSync(file);
      } catch {
        // Gone already, or unreadable: nothing to release.
      }
    }
  });
}

function parseOwner(raw: string): LockOwner | null {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { pid, hostname: host, startedAt, token } = value as Record<string, unknown>;
  if (!Number.isSafeInteger(pid) || (pid as number) <= 0) return null;
  if (typeof host !== 'string' || typeof startedAt !== 'string' || typeof token !== 'string' || token === '') return null;
  return { pid: pid as number, hostname: host, startedAt, token };
}

/** `process.kill(pid, 0)`: alive unless `ESRCH` (`EPERM` means another user's live process). */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return !isErrnoCode(error, 'ESRCH');
  }
}

function seconds(ms: number): string {
  return ms >= 120_000 ? `${Math.round(ms / 60_000)} min` : `${Math.round(ms / 1000)} s`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
