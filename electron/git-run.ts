/**
 * Running the system `git` for corpus sync (see git-sync.ts for why the system git and not a
 * JavaScript implementation). Every command is `execFile`d, never through a shell, in the corpus
 * folder, with an environment that keeps it there and keeps it quiet:
 *
 * - `GIT_CEILING_DIRECTORIES` is the corpus's parent, so a corpus that is not (yet) a repository
 *   of its own never reaches a repository above it; `GIT_DIR`, `GIT_WORK_TREE`, `GIT_INDEX_FILE`
 *   and the like inherited from a caller are dropped for the same reason;
 * - `LC_ALL=C`, so messages can be classified ({@link remoteFailure}); paths are read with `-z`,
 *   so Arabic annotator names come through as they are;
 * - `GIT_TERMINAL_PROMPT=0` unless a prompt is allowed: an app window has no terminal to ask in,
 *   and a credential helper (which does work) is the way to give a password;
 * - `-c core.autocrlf=false` on every command: texts and layers are stored byte for byte.
 *
 * The user's configuration (global and system) is read as git reads it and never written.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { assertNever } from '../shared/model.js';
import type { CommitSummary } from '../shared/sync/sync-report.js';

/** Why a sync, link or clone could not be done. */
export type SyncErrorKind =
  /** No `git` program: {@link GIT_MISSING_MESSAGE}. */
  | 'git-missing'
  /** The remote cannot be reached (a clone; a sync reports this as its `offline` state instead). */
  | 'unreachable'
  /** The remote refused the credentials, or asked for some and none could be given. */
  | 'auth-failed'
  /** The remote answers but holds no git repository there (or it is not a Hashiya corpus). */
  | 'not-a-repository'
  /** The remote holds no branch yet: nobody has synced to it (a clone). */
  | 'empty-remote'
  /** Another sync of this corpus runs (another window), or git's own lock is fresh. */
  | 'busy'
  /** The folder is not a corpus (no hashiya.json), or a clone target is not empty. */
  | 'invalid'
  /** Any other git failure; the message quotes git. */
  | 'git-failed';

/**
 * A sync that could not finish. `committed` is what was committed locally before it stopped
 * (nothing of it is lost: the next sync sends it).
 */
export class SyncError extends Error {
  constructor(
    readonly kind: SyncErrorKind,
    message: string,
    readonly committed: CommitSummary | null = null,
  ) {
    super(message);
    this.name = 'SyncError';
  }
}

/** What to tell a user whose machine has no git. */
export const GIT_MISSING_MESSAGE =
  'Sync needs Git, which is not installed here (or not on the PATH). Install Git — Windows and macOS: https://git-scm.com/downloads ' +
  '(on macOS also "xcode-select --install"); Debian/Ubuntu: "sudo apt install git"; Fedora: "sudo dnf install git" — then sync again. ' +
  'A git program elsewhere can be named with the HASHIYA_GIT environment variable.';

/** How sync runs git. */
export interface GitOptions {
  /** The git program; default `HASHIYA_GIT` from the environment, else `git` on the PATH. */
  readonly git?: string;
  /**
   * Let git ask for a user name and password on the terminal (the command line in a terminal);
   * default false: an app has no terminal, and credential helpers answer without one.
   */
  readonly prompt?: boolean;
}

export interface GitResult {
  /** The exit code; -1 when git was killed (by {@link RunOptions.timeoutMs}). */
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
  /** True when {@link RunOptions.timeoutMs} ran out. */
  readonly timedOut: boolean;
}

export interface RunOptions {
  /** Bytes written to git's stdin. */
  readonly input?: string | Uint8Array;
  /** Kill git after this long (network commands); none by default. */
  readonly timeoutMs?: number;
  /** Set `GIT_OPTIONAL_LOCKS=0` (a status that must not take `index.lock` while a sync runs). */
  readonly noOptionalLocks?: boolean;
}

/** How long a fetch, push or clone may take before the remote is taken as unreachable. */
export const NETWORK_TIMEOUT_MS = 5 * 60_000;

/** Variables that point git at another repository, index or object store than the corpus's. */
const REDIRECTING_VARIABLES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_COMMON_DIR', 'GIT_NAMESPACE', 'GIT_PREFIX', 'GIT_CEILING_DIRECTORIES'];

/** Git commands of this process still running, by folder (see {@link gitRunningIn}). */
const running = new Map<string, number>();

/** Whether a git command this process started is running in `dir` now. */
export function gitRunningIn(dir: string): boolean {
  return (running.get(path.resolve(dir)) ?? 0) > 0;
}

/** Git, run in one folder. Never throws for a non-zero exit; throws {@link SyncError} `git-missing`. */
export class Git {
  readonly dir: string;
  readonly #program: string;
  readonly #env: NodeJS.ProcessEnv;

  constructor(dir: string, options: GitOptions = {}) {
    this.dir = path.resolve(dir);
    this.#program = options.git ?? process.env.HASHIYA_GIT ?? 'git';
    const env: NodeJS.ProcessEnv = { ...process.env };
    for (const name of REDIRECTING_VARIABLES) delete env[name];
    env.GIT_CEILING_DIRECTORIES = path.dirname(this.dir);
    env.LC_ALL = 'C';
    env.LANGUAGE = 'C';
    if (options.prompt !== true) env.GIT_TERMINAL_PROMPT = '0';
    this.#env = env;
  }

  /** Runs `git -c core.autocrlf=false <args>` in {@link dir}. */
  run(args: readonly string[], options: RunOptions = {}): Promise<GitResult> {
    const env = options.noOptionalLocks ? { ...this.#env, GIT_OPTIONAL_LOCKS: '0' } : this.#env;
    const key = this.dir;
    running.set(key, (running.get(key) ?? 0) + 1);
    return new Promise<GitResult>((resolve, reject) => {
      const child = execFile(
        this.#program,
        ['-c', 'core.autocrlf=false', ...args],
        { cwd: this.dir, env, encoding: 'buffer', maxBuffer: 1 << 30, timeout: options.timeoutMs ?? 0, windowsHide: true },
        (error, stdout, stderr) => {
          const count = (running.get(key) ?? 1) - 1;
          if (count === 0) running.delete(key);
          else running.set(key, count);
          const errno = error as (NodeJS.ErrnoException & { killed?: boolean; code?: unknown }) | null;
          if (errno && errno.code === 'ENOENT' && errno.syscall?.startsWith('spawn')) {
            reject(new SyncError('git-missing', GIT_MISSING_MESSAGE));
            return;
          }
          if (errno && typeof errno.code === 'string') {
            reject(errno);
            return;
          }
          const timedOut = errno?.killed === true && (options.timeoutMs ?? 0) > 0;
          resolve({ code: errno ? (typeof errno.code === 'number' ? errno.code : -1) : 0, stdout, stderr: stderr.toString('utf8'), timedOut });
        },
      );
      if (options.input !== undefined) child.stdin?.end(options.input);
      else child.stdin?.end();
    });
  }

  /** {@link run}; a non-zero exit throws {@link SyncError} `git-failed` quoting git. */
  async ok(args: readonly string[], options: RunOptions = {}): Promise<Buffer> {
    const result = await this.run(args, options);
    if (result.code !== 0) throw new SyncError('git-failed', failureMessage(args, result));
    return result.stdout;
  }

  /** {@link ok} as UTF-8 text with the final newline trimmed. */
  async text(args: readonly string[], options: RunOptions = {}): Promise<string> {
    return (await this.ok(args, options)).toString('utf8').replace(/\n$/, '');
  }

  /** {@link ok} split on NUL (output of a `-z` command), without the empty last field. */
  async fields(args: readonly string[], options: RunOptions = {}): Promise<readonly string[]> {
    const out = (await this.ok(args, options)).toString('utf8');
    return out === '' ? [] : out.replace(/\0$/, '').split('\0');
  }

  /** The value of a configuration key as git sees it here (repository, global, system), or null. */
  async config(key: string): Promise<string | null> {
    const result = await this.run(['config', '--get', key]);
    return result.code === 0 ? result.stdout.toString('utf8').replace(/\n$/, '') : null;
  }
}

/** `git <command>` failed: its message, for a person. */
export function failureMessage(args: readonly string[], result: GitResult): string {
  const said = result.stderr.trim() || result.stdout.toString('utf8').trim();
  const command = args.find((a) => !a.startsWith('-')) ?? args[0] ?? '';
  return `git ${command} failed${result.timedOut ? ' (timed out)' : ` (exit ${result.code})`}${said === '' ? '' : `: ${said}`}`;
}

/**
 * `-c user.name=… -c user.email=…` for a command that commits, each only when git has no such
 * setting here (repository or global): the annotator's name, and an address made of it that
 * cannot be mistaken for a real one (`<ascii-slug>@hashiya.invalid`). Nothing is written to any
 * configuration.
 */
export async function identityArgs(git: Git, annotator: string): Promise<readonly string[]> {
  const [name, email] = await Promise.all([git.config('user.name'), git.config('user.email')]);
  return [...(name ? [] : ['-c', `user.name=${annotator}`]), ...(email ? [] : ['-c', `user.email=${emailSlug(annotator)}@hashiya.invalid`])];
}

/** An ASCII local part for `name`: accents dropped, other characters `-`; a hash for a name with no ASCII left (Arabic). */
export function emailSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .replace(/\.{2,}/g, '.');
  return slug === '' ? `annotator-${createHash('sha256').update(name).digest('hex').slice(0, 8)}` : slug;
}

/** What went wrong talking to a remote. */
export type RemoteFailure = 'unreachable' | 'auth-failed' | 'not-a-repository' | 'other';

const UNREACHABLE = [
  /could not resolve host/i,
  /could not resolve hostname/i,
  /failed to connect/i,
  /couldn't connect to server/i,
  /connection refused/i,
  /connection timed out/i,
  /operation timed out/i,
  /network is unreachable/i,
  /no route to host/i,
  /connection reset/i,
  /temporary failure in name resolution/i,
  /the remote end hung up unexpectedly/i,
  /unable to access .*: (?:recv failure|send failure|empty reply)/i,
];
const AUTH_FAILED = [
  /authentication failed/i,
  /could not read username/i,
  /could not read password/i,
  /terminal prompts disabled/i,
  /permission denied \(publickey/i,
  /host key verification failed/i,
  /returned error: 40[13]\b/i,
  /the requested url returned error: 40[13]/i,
  /access denied/i,
];
const NOT_A_REPOSITORY = [/does not appear to be a git repository/i, /repository .* not found/i, /returned error: 404\b/i, /not a git repository/i, /not found: did you run git update-server-info/i];

/**
 * Classifies the stderr of a failed fetch, push, clone or ls-remote. `url` is the remote: a
 * local path (or `file://` URL) that does not exist is `unreachable` (a shared drive not
 * connected), while one that exists but holds no repository is `not-a-repository`.
 */
export async function remoteFailure(url: string, result: GitResult): Promise<RemoteFailure> {
  if (result.timedOut) return 'unreachable';
  const local = localPath(url);
  if (local !== null && !(await exists(local))) return 'unreachable';
  const said = result.stderr;
  if (AUTH_FAILED.some((p) => p.test(said))) return 'auth-failed';
  if (NOT_A_REPOSITORY.some((p) => p.test(said))) return 'not-a-repository';
  if (UNREACHABLE.some((p) => p.test(said))) return 'unreachable';
  return 'other';
}

/**
 * The error for a failed fetch, push or clone of `remote`, in words: `unreachable`,
 * `auth-failed`, `not-a-repository` or `git-failed` (with a hint for the usual causes).
 * `committed` is carried along.
 */
export async function remoteError(remote: string, result: GitResult, args: readonly string[], committed: CommitSummary | null): Promise<SyncError> {
  const failure = await remoteFailure(remote, result);
  const gitSaid = result.stderr.trim().split('\n').filter((l) => l.trim() !== '')[0] ?? '';
  switch (failure) {
    case 'unreachable': {
      const why = result.timedOut
        ? 'no answer in time'
        : localPath(remote) !== null
          ? 'the folder is not there: is the shared drive connected?'
          : gitSaid.replace(/^fatal: /, '') || 'no connection';
      return new SyncError('unreachable', `Could not reach ${remote} (${why})`, committed);
    }
    case 'auth-failed':
      return new SyncError('auth-failed', `${remote} refused the sign-in (authentication failed): check the user name and password or key your git credential helper keeps for it${committed === null ? '' : '; your changes are committed on this computer'}`, committed);
    case 'not-a-repository':
      return new SyncError('not-a-repository', `${remote} holds no git repository: check the address (a bare repository is made with "git init --bare")`, committed);
    case 'other': {
      const hint = /dubious ownership/.test(result.stderr)
        ? ` (git does not trust a repository another user owns: ask IT to add it with "git config --global --add safe.directory ${remote}")`
        : /branch is currently checked out/.test(result.stderr)
          ? ' (the remote is a working folder, not a bare repository: make one with "git init --bare")'
          : '';
      return new SyncError('git-failed', `${failureMessage(args, result)}${hint}`, committed);
    }
    default:
      return assertNever(failure, 'remote failure');
  }
}

/** The folder a local remote names (a path or a `file://` URL), or null for a network remote. */
export function localPath(url: string): string | null {
  if (/^file:\/\//i.test(url)) {
    try {
      return decodeURIComponent(new URL(url).pathname).replace(/^\/([A-Za-z]:)/, '$1');
    } catch {
      return null;
    }
  }
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(url)) return null;
  // scp-like `host:path` (two or more characters before the colon, no slash): a network remote.
  if (/^[^/\\:]{2,}:/.test(url)) return null;
  return url;
}

/**
 * `url` as git should be given it: a local path made absolute against `cwd` (git would read a
 * relative one against the corpus folder, not where the user typed it); anything else unchanged.
 */
export function normaliseRemote(url: string, cwd: string = process.cwd()): string {
  const trimmed = url.trim();
  if (/^file:\/\//i.test(trimmed)) return trimmed;
  return localPath(trimmed) === null ? trimmed : path.resolve(cwd, trimmed);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
