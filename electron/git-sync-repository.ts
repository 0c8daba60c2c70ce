/**
 * The corpus folder as a git repository: made one (branch `main`, the `.gitignore` and
 * `.gitattributes` sync needs), its first commit, and the commits of an annotator's changes with
 * messages that name them (shared/sync/sync-report.ts). See git-sync.ts for the whole of a sync.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { MANIFEST_FILE, parseManifest } from '../shared/corpus/manifest.js';
import { writeFileAtomic } from './atomic-write.js';
import type { Git } from './git-run.js';
import { commitMessage, parseNameStatus, type CommitSummary } from '../shared/sync/sync-report.js';
import { STATE_DIR } from './layer-history.js';
import { isErrnoCode } from './node-text.js';

/** The remote every corpus syncs with. */
export const REMOTE = 'origin';
/** The branch of a repository sync creates. */
export const DEFAULT_BRANCH = 'main';
/** The lines sync keeps in `.gitignore`. */
export const GITIGNORE_LINES: readonly string[] = [`${STATE_DIR}/`, '.hashiya-tmp-*'];
/** The lines sync keeps in `.gitattributes` (see the module comment). */
export const GITATTRIBUTES_LINES: readonly string[] = ['* -text', '*.jsonl -merge'];

/** Makes `git.dir` a repository when it is not one itself; keeps `.gitignore` and `.gitattributes` complete. Whether it was made now. */
export async function ensureRepository(git: Git): Promise<boolean> {
  const fresh = !(await exists(path.join(git.dir, '.git')));
  if (fresh) {
    await git.ok(['init', '--quiet']);
    await git.ok(['symbolic-ref', 'HEAD', `refs/heads/${DEFAULT_BRANCH}`]);
  }
  await ensureLines(path.join(git.dir, '.gitignore'), GITIGNORE_LINES, '# Hashiya: this computer\'s own state, never shared');
  await ensureLines(path.join(git.dir, '.gitattributes'), GITATTRIBUTES_LINES, '# Hashiya: files stored byte for byte; layers merged span by span by Hashiya, never line by line');
  return fresh;
}

/** What the first commit of a corpus holds: the corpus as everyone starts from it (layers follow in their own commit). */
const START_FILES: readonly string[] = [MANIFEST_FILE, 'documents', '.gitignore', '.gitattributes'];

/**
 * The first commit of a repository without one, "Hashiya: start corpus <name>": the manifest,
 * the documents and the git settings; null when the repository has a commit.
 */
export async function commitStart(git: Git, identity: readonly string[]): Promise<CommitSummary | null> {
  if ((await git.run(['rev-parse', '--verify', '-q', 'HEAD'])).code === 0) return null;
  let name = path.basename(git.dir);
  try {
    const parsed = parseManifest(await readFile(path.join(git.dir, MANIFEST_FILE), 'utf8'), MANIFEST_FILE);
    if (parsed.ok) name = parsed.value.name;
  } catch {
    // The folder's name, then.
  }
  const present = [];
  for (const file of START_FILES) if (await exists(path.join(git.dir, file))) present.push(file);
  await git.ok(['add', '-A', '--', ...present]);
  const files = await git.fields(['diff', '--cached', '--name-only', '-z']);
  const message = `Hashiya: start corpus ${name}`;
  await git.ok([...identity, 'commit', '--quiet', '--allow-empty', '-m', message]);
  return { message, files: [...files].sort() };
}

/** Appends to `file` each of `lines` it lacks (after `heading`); a missing file is created. */
async function ensureLines(file: string, lines: readonly string[], heading: string): Promise<void> {
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if (!isErrnoCode(error, 'ENOENT')) throw error;
  }
  const present = new Set(text.split(/\r?\n/).map((l) => l.trim()));
  const missing = lines.filter((l) => !present.has(l));
  if (missing.length === 0) return;
  const prefix = text === '' ? '' : text.endsWith('\n') ? '\n' : '\n\n';
  await writeFileAtomic(file, `${text}${prefix}${heading}\n${missing.join('\n')}\n`);
}

/** Commits every change of the working tree (`git add -A`); null when there is none. */
export async function commitChanges(git: Git, identity: readonly string[], annotator: string): Promise<CommitSummary | null> {
  await git.ok(['add', '-A']);
  const staged = parseNameStatus(await git.fields(['diff', '--cached', '--name-status', '--no-renames', '-z']));
  if (staged.length === 0) return null;
  const { subject, body } = commitMessage(staged, annotator);
  await git.ok([...identity, 'commit', '--quiet', '-m', subject, '-m', body]);
  return { message: subject, files: staged.map((c) => c.file).sort() };
}

/** Two commits' summaries as one (either may be null). */
export function joinCommits(a: CommitSummary | null, b: CommitSummary | null): CommitSummary | null {
  if (a === null || b === null) return a ?? b;
  return { message: `${a.message}\n${b.message}`, files: [...new Set([...a.files, ...b.files])].sort() };
}

/** The branch HEAD is on, or null (a detached HEAD). */
export async function currentBranch(git: Git): Promise<string | null> {
  const result = await git.run(['symbolic-ref', '--quiet', '--short', 'HEAD']);
  return result.code === 0 ? result.stdout.toString('utf8').trim() : null;
}

/** Whether `ref` names a commit here. */
export async function refExists(git: Git, ref: string): Promise<boolean> {
  return (await git.run(['rev-parse', '--verify', '--quiet', ref])).code === 0;
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}
