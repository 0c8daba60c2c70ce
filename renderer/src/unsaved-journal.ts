/**
 * The journal of unsaved edits: the open layer's content is written to the browser's IndexedDB
 * (through idb-keyval, a small well-kept wrapper) when an autosave starts, and removed once the
 * host acknowledges that save. A crash of the renderer or of the host therefore leaves the edits
 * here, and `recovery.ts` puts them back when the document opens again. Keys are
 * `corpus root \0 annotator \0 document id`. Storage failures are reported, never thrown into the
 * editing path: the journal is a safety net, the host's save is the record.
 */
import { createStore, del, get, set, type UseStore } from 'idb-keyval';
import type { JournalEntry } from './recovery';

let store: UseStore | null = null;

function journal(): UseStore | null {
  if (store) return store;
  if (typeof indexedDB === 'undefined') return null;
  store = createStore('hashiya-journal', 'unsaved');
  return store;
}

export function journalKey(corpus: string, annotator: string, documentId: string): string {
  return `${corpus}\u0000${annotator}\u0000${documentId}`;
}

/** Writes `entry` (replacing any earlier one of the same layer). Resolves false when storage failed. */
export async function writeJournal(entry: JournalEntry): Promise<boolean> {
  const s = journal();
  if (!s) return false;
  try {
    await set(journalKey(entry.corpus, entry.annotator, entry.documentId), entry, s);
    return true;
  } catch {
    return false;
  }
}

export async function readJournal(corpus: string, annotator: string, documentId: string): Promise<JournalEntry | undefined> {
  const s = journal();
  if (!s) return undefined;
  try {
    return await get<JournalEntry>(journalKey(corpus, annotator, documentId), s);
  } catch {
    return undefined;
  }
}

/** Removes the entry of this layer if it is still the one written at `writtenAt` (a later one stays). */
export async function clearJournal(corpus: string, annotator: string, documentId: string, writtenAt: string): Promise<void> {
  const s = journal();
  if (!s) return;
  try {
    const key = journalKey(corpus, annotator, documentId);
    const current = await get<JournalEntry>(key, s);
    if (current && current.writtenAt === writtenAt) await del(key, s);
  } catch {
    // The entry stays; on next open it equals the disk and is dropped as 'nothing'.
  }
}
