/**
 * What a sync says: the values {@link syncCorpus} returns, the commit message made from the
 * files an annotator changed, and what came in, read from the paths a merge changed. Pure: paths
 * in, words out. Paths are relative to the corpus, with `/`.
 */
import { ASSIGNMENTS_FILE } from '../corpus/assignments.js';
import type { MergeConflict } from '../corpus/merge-layers.js';
import { GOLD_ANNOTATOR } from '../corpus/gold-file.js';
import { MANIFEST_FILE } from '../corpus/manifest.js';
import { assertNever } from '../model.js';


/** A commit sync made of the annotator's changes. */
export interface CommitSummary {
  /** The first line of the commit message; the first lines of each, one a line, when there were several (the first commit of a corpus, then the layers). */
  readonly message: string;
  /** The files committed (corpus-relative, `/`), sorted. */
  readonly files: readonly string[];
}

/** One layer file a sync brought in. */
export interface IncomingLayer {
  readonly annotator: string;
  readonly documentId: string;
}

/** What a sync brought from the remote (files the merge changed here). */
export interface IncomingChanges {
  /** Ids of documents that came in (their `.meta.json` was added). */
  readonly newDocuments: readonly string[];
  /** Colleagues' layers added or changed (not the syncing annotator's, not the gold). */
  readonly layers: readonly IncomingLayer[];
  /**
   * Ids of documents whose layer of the syncing annotator changed here: made on another
   * computer, or merged with it ({@link SyncReport.conflicts}). An open editor must reload them.
   */
  readonly ownLayers: readonly string[];
  /** Ids of documents whose gold layer was added or changed. */
  readonly gold: readonly string[];
  /** `hashiya.json` changed (the schema or the corpus name). */
  readonly schemaChanged: boolean;
  /** `assignments.json` changed. */
  readonly assignmentsChanged: boolean;
  /** Any other file added, changed or removed (corpus-relative). */
  readonly otherFiles: readonly string[];
}

/** How sync settled a file both sides changed. */
export type ConflictResolution =
  /** A layer or gold file: both versions merged span by span (shared/corpus/merge-layers.ts). */
  | 'merged'
  /** Any other file (or a layer that could not be merged): ours kept, theirs saved in {@link SyncConflict.theirsCopy}. */
  | 'kept-ours'
  /** Deleted on one side and changed on the other: the changed version kept. */
  | 'kept-changed';

export interface SyncConflict {
  /** Corpus-relative path. */
  readonly file: string;
  readonly resolution: ConflictResolution;
  /** Where the other side's version was saved (absolute, under `.hashiya/conflicts/`), or null. */
  readonly theirsCopy: string | null;
  /** Span and relation conflicts within a merged layer (none for other resolutions). */
  readonly layerConflicts: readonly MergeConflict[];
  /** One sentence saying what was done. */
  readonly message: string;
}

/**
 * - `synced`: local work sent and the remote's received (or both already equal);
 * - `conflicts-resolved`: the same, and files both sides changed were settled ({@link SyncReport.conflicts});
 * - `offline`: the remote could not be reached; the local commit stays and goes at the next sync;
 * - `no-remote`: the corpus is linked to no remote; the local commit was made.
 */
export interface CorpusSyncStatus {
  /** The corpus is a git repository with a remote. */
  readonly linked: boolean;
  readonly remote: string | null;
  readonly branch: string | null;
  /** Commits here not yet on the remote (as of the last fetch). */
  readonly ahead: number;
  /** Commits on the remote not yet here (as of the last fetch). */
  readonly behind: number;
  /** Files changed here since the last commit (the next sync commits them). */
  readonly uncommitted: number;
  /** When this computer last synced (ISO 8601 UTC), or null. */
  readonly lastSync: string | null;
}

export type SyncState = 'synced' | 'offline' | 'no-remote' | 'conflicts-resolved';

export interface SyncReport {
  readonly state: SyncState;
  /** What was committed of this computer's changes; null when there were none. */
  readonly committed: CommitSummary | null;
  readonly incoming: IncomingChanges;
  readonly conflicts: readonly SyncConflict[];
  /** Whether commits were sent to the remote. */
  readonly pushed: boolean;
  /** The remote (its URL or path), or null. */
  readonly remote: string | null;
  /** The branch synced, or null before the first commit. */
  readonly branch: string | null;
  /** What happened, in a sentence or two for the user. */
  readonly message: string;
}

/** A corpus file, by what it is. */
export type CorpusPath =
  | { readonly kind: 'manifest' }
  | { readonly kind: 'assignments' }
  | { readonly kind: 'document-text'; readonly id: string }
  | { readonly kind: 'document-meta'; readonly id: string }
  | { readonly kind: 'layer'; readonly annotator: string; readonly id: string }
  | { readonly kind: 'gold'; readonly id: string }
  | { readonly kind: 'other' };

/** What the corpus-relative `file` (with `/`) is. Ids and names are taken as they are, unchecked. */
export function classifyCorpusPath(file: string): CorpusPath {
  if (file === MANIFEST_FILE) return { kind: 'manifest' };
  if (file === ASSIGNMENTS_FILE) return { kind: 'assignments' };
  const parts = file.split('/');
  const [top, second, third] = parts;
  if (top === 'documents' && parts.length === 2 && second !== undefined) {
    if (second.endsWith('.meta.json')) return { kind: 'document-meta', id: second.slice(0, -'.meta.json'.length) };
    if (second.endsWith('.txt')) return { kind: 'document-text', id: second.slice(0, -'.txt'.length) };
  }
  if (top === 'layers' && parts.length === 3 && second !== undefined && third?.endsWith('.jsonl')) {
    return { kind: 'layer', annotator: second, id: third.slice(0, -'.jsonl'.length) };
  }
  if (top === 'gold' && parts.length === 2 && second?.endsWith('.jsonl')) return { kind: 'gold', id: second.slice(0, -'.jsonl'.length) };
  return { kind: 'other' };
}

/** One line of `git diff --name-status`: `A`dded, `M`odified, `D`eleted, or another git status letter. */
export interface FileChange {
  readonly status: string;
  readonly file: string;
}

/** Reads the output of `git diff --name-status -z --no-renames` (fields: status, path, status, path, …). */
export function parseNameStatus(fields: readonly string[]): readonly FileChange[] {
  const changes: FileChange[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) changes.push({ status: (fields[i] as string).charAt(0), file: fields[i + 1] as string });
  return changes;
}

/** What the merge brought in, from the changes between the commit before it and after it. */
export function incomingChanges(changes: readonly FileChange[], annotator: string): IncomingChanges {
  const newDocuments: string[] = [];
  const layers: IncomingLayer[] = [];
  const ownLayers: string[] = [];
  const gold: string[] = [];
  const otherFiles: string[] = [];
  let schemaChanged = false;
  let assignmentsChanged = false;
  for (const { status, file } of changes) {
    const what = classifyCorpusPath(file);
    switch (what.kind) {
      case 'manifest':
        schemaChanged = true;
        break;
      case 'assignments':
        assignmentsChanged = true;
        break;
      case 'document-meta':
        if (status === 'A') newDocuments.push(what.id);
        else otherFiles.push(file);
        break;
      case 'document-text':
        if (status !== 'A') otherFiles.push(file);
        break;
      case 'layer':
        if (what.annotator === annotator) ownLayers.push(what.id);
        else layers.push({ annotator: what.annotator, documentId: what.id });
        break;
      case 'gold':
        gold.push(what.id);
        break;
      case 'other':
        otherFiles.push(file);
        break;
      default:
        assertNever(what, 'corpus path');
    }
  }
  return { newDocuments, layers, ownLayers, gold, schemaChanged, assignmentsChanged, otherFiles };
}

/** Nothing came in. */
export const NOTHING_INCOMING: IncomingChanges = { newDocuments: [], layers: [], ownLayers: [], gold: [], schemaChanged: false, assignmentsChanged: false, otherFiles: [] };

/** How many ids a message lists before "and N more". */
const IDS_SHOWN = 5;

/**
 * The commit message for `changes` (the staged files) by `annotator`: a subject such as
 * `Ali: layers of 3 documents (a, b, c); gold of 1 document (d)`, and a body listing every file
 * with its status. Another annotator's layers (changed here by an import, say) are named as
 * theirs: `Ali: Layla's layer of 1 document (a)`.
 */
export function commitMessage(changes: readonly FileChange[], annotator: string): { readonly subject: string; readonly body: string } {
  const added = (kind: string) => changes.filter((c) => c.status === 'A' && kindOf(c.file) === kind);
  const parts: string[] = [];
  const importedIds = added('document-meta').map((c) => idOf(c.file));
  if (importedIds.length > 0) parts.push(`imported ${documents(importedIds)}`);
  const otherDocumentIds = changes.filter((c) => (kindOf(c.file) === 'document-meta' && c.status !== 'A') || (kindOf(c.file) === 'document-text' && !importedIds.includes(idOf(c.file))));
  if (otherDocumentIds.length > 0) parts.push(`changed the files of ${documents(unique(otherDocumentIds.map((c) => idOf(c.file))))}`);
  if (changes.some((c) => c.file === MANIFEST_FILE)) parts.push('the schema (hashiya.json)');
  if (changes.some((c) => c.file === ASSIGNMENTS_FILE)) parts.push('the assignments');

  const layersBy = new Map<string, { changed: string[]; removed: string[] }>();
  for (const c of changes) {
    const what = classifyCorpusPath(c.file);
    if (what.kind !== 'layer' && what.kind !== 'gold') continue;
    const owner = what.kind === 'layer' ? what.annotator : GOLD_KEY;
    const entry = layersBy.get(owner) ?? { changed: [], removed: [] };
    (c.status === 'D' ? entry.removed : entry.changed).push(what.id);
    layersBy.set(owner, entry);
  }
  const rank = (owner: string): number => (owner === annotator ? 0 : owner === GOLD_KEY ? 2 : 1);
  const owners = [...layersBy.keys()].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  for (const owner of owners) {
    const { changed, removed } = layersBy.get(owner) as { changed: string[]; removed: string[] };
    const named = (ids: readonly string[]): string =>
      owner === GOLD_KEY ? `gold of ${documents(ids)}` : `${owner === annotator ? '' : `${owner}'s `}${ids.length === 1 ? 'layer' : 'layers'} of ${documents(ids)}`;
    if (changed.length > 0) parts.push(named(changed));
    if (removed.length > 0) parts.push(`removed ${named(removed)}`);
  }
  const others = changes.filter((c) => kindOf(c.file) === 'other').map((c) => c.file);
  if (others.length > 0) parts.push(`${others.length} other file${others.length === 1 ? '' : 's'} (${listed(others)})`);
  const subject = `${annotator}: ${parts.join('; ') || 'no changes'}`;
  const body = changes.map((c) => `${STATUS_WORDS[c.status] ?? c.status} ${c.file}`).join('\n');
  return { subject, body };
}

/** The gold layer's key among layer owners: no annotator folder can be named so. */
const GOLD_KEY = `\u0000${GOLD_ANNOTATOR}`;

const STATUS_WORDS: Readonly<Record<string, string>> = { A: 'added:  ', M: 'changed:', D: 'removed:', T: 'changed:' };

function kindOf(file: string): CorpusPath['kind'] {
  return classifyCorpusPath(file).kind;
}

function idOf(file: string): string {
  const what = classifyCorpusPath(file);
  return 'id' in what ? what.id : file;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

/** `3 documents (a, b, c)`; more than {@link IDS_SHOWN} ids end in `and N more`. */
export function documents(ids: readonly string[]): string {
  const sorted = unique(ids).sort();
  return `${sorted.length} document${sorted.length === 1 ? '' : 's'} (${listed(sorted)})`;
}

function listed(items: readonly string[]): string {
  if (items.length <= IDS_SHOWN) return items.join(', ');
  return `${items.slice(0, IDS_SHOWN).join(', ')} and ${items.length - IDS_SHOWN} more`;
}

/** What came in, in words (`2 new documents (a, b); Layla's layer of 1 document (a); …`), or '' for nothing. */
export function describeIncoming(incoming: IncomingChanges): string {
  const parts: string[] = [];
  if (incoming.newDocuments.length > 0) parts.push(`new: ${documents(incoming.newDocuments)}`);
  const byAnnotator = new Map<string, string[]>();
  for (const l of incoming.layers) byAnnotator.set(l.annotator, [...(byAnnotator.get(l.annotator) ?? []), l.documentId]);
  for (const [who, ids] of [...byAnnotator].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) parts.push(`${who}'s ${ids.length === 1 ? 'layer' : 'layers'} of ${documents(ids)}`);
  if (incoming.ownLayers.length > 0) parts.push(`your ${incoming.ownLayers.length === 1 ? 'layer' : 'layers'} of ${documents(incoming.ownLayers)} (from another computer)`);
  if (incoming.gold.length > 0) parts.push(`gold of ${documents(incoming.gold)}`);
  if (incoming.schemaChanged) parts.push('a changed schema (hashiya.json)');
  if (incoming.assignmentsChanged) parts.push('changed assignments');
  if (incoming.otherFiles.length > 0) parts.push(`${incoming.otherFiles.length} other file${incoming.otherFiles.length === 1 ? '' : 's'} (${listed(incoming.otherFiles)})`);
  return parts.join('; ');
}

/** The report as lines of plain words (what the command line prints). */
export function describeSyncReport(report: SyncReport): readonly string[] {
  const lines: string[] = [];
  if (report.committed !== null) {
    const files = report.committed.files.length;
    report.committed.message.split('\n').forEach((line, i, all) => lines.push(`committed: ${line}${i === all.length - 1 ? ` (${files} file${files === 1 ? '' : 's'})` : ''}`));
  }
  const incoming = describeIncoming(report.incoming);
  if (incoming !== '') lines.push(`received: ${incoming}`);
  for (const c of report.conflicts) lines.push(`conflict: ${c.file}: ${c.message}`);
  if (report.pushed) lines.push(`sent to ${report.remote ?? 'the remote'}${report.branch === null ? '' : ` (branch ${report.branch})`}`);
  lines.push(report.message);
  return lines;
}
