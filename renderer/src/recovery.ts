/**
 * What to do with unsaved edits found in the journal when a document opens (after a crash of the
 * renderer or the host, or a window closed while saving failed). Pure, so the rules are tested in
 * Node; the journal itself is `unsaved-journal.ts`.
 */
import { mergeLayers, type LayerContentValue, type MergeConflict } from '../../shared/corpus/merge-layers';
import type { DocumentStatus, Schema } from '../../shared/model';
import { spanOrder } from './span-diff';

/** Unsaved edits of one annotator's layer of one document, as journaled. */
export interface JournalEntry {
  readonly corpus: string;
  readonly annotator: string;
  readonly documentId: string;
  /** SHA-256 of the text the edits were made on. */
  readonly textSha256: string;
  /** The revision on disk the edits started from, and its content. */
  readonly baseRevision: number;
  readonly base: LayerContentValue;
  /** The layer content with the edits, and its status. */
  readonly content: LayerContentValue;
  readonly status: DocumentStatus;
  /** When the entry was written (ISO 8601). */
  readonly writtenAt: string;
}

export type Recovery =
  /** Nothing to recover: the journal holds what is on disk already (or less). */
  | { readonly kind: 'nothing' }
  /** Open with this content, unsaved; tell the user. */
  | { readonly kind: 'restore'; readonly content: LayerContentValue; readonly status: DocumentStatus; readonly conflicts: readonly MergeConflict[]; readonly merged: boolean }
  /** The text changed since: the edits cannot be placed; keep the entry and say why. */
  | { readonly kind: 'text-changed' };

function sameContent(a: LayerContentValue, b: LayerContentValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Decides how `entry` applies to the layer now on disk (`disk`, at `diskRevision`, on the text
 * with `textSha256`). Same revision as the edits started from: the journaled content as it is.
 * A newer revision (saved elsewhere meanwhile, or the save was acknowledged but the journal was
 * not cleared): a three-way merge, so neither the disk's nor the journal's changes are lost.
 */
export function recoverUnsaved(entry: JournalEntry, disk: LayerContentValue, diskRevision: number, diskStatus: DocumentStatus, textSha256: string, schema: Schema): Recovery {
  if (entry.textSha256 !== textSha256) return { kind: 'text-changed' };
  if (sameContent(entry.content, disk) && entry.status === diskStatus) return { kind: 'nothing' };
  if (diskRevision === entry.baseRevision) return { kind: 'restore', content: entry.content, status: entry.status, conflicts: [], merged: false };
  const merged = mergeLayers(entry.base, entry.content, disk, schema);
  if (!merged.changedFromTheirs && entry.status === diskStatus) return { kind: 'nothing' };
  // In the store's order (spanOrder: ids compared as strings at one place and label), not the
  // file's (ids by number), which the merge gives: what is derived from the spans assumes it.
  const content = { ...merged.content, spans: [...merged.content.spans].sort(spanOrder) };
  return { kind: 'restore', content, status: entry.status, conflicts: merged.conflicts, merged: true };
}
