/**
 * Reading documents for the corpus-wide passes (document list, search) without the store's
 * round trips (Node side). `CorpusStore.readDocument` stats and reads each of the two files in
 * turn: four or more trips through the thread pool, whose main-thread share alone (and its
 * garbage) is most of the time of a pass over 10,000 documents when the cores are busy. These
 * read synchronously (a few tens of microseconds for a small file in the page cache; the passes
 * read one file at a time between slices of the event loop's time, time-slices.ts), check what
 * the store checks, and leave anything that is not all well to the store, so that a failure is
 * always the store's own error.
 */
import { readFileSync } from 'node:fs';
import type { DocumentMeta } from '../shared/model.js';
import { parseDocumentMeta } from '../shared/corpus/document-meta.js';
import type { CorpusStore } from './corpus-store.js';
import { decodeUtf8Strict, isErrnoCode, sha256Hex } from './node-text.js';

/** A document's meta and verified text, as `CorpusStore.readDocument` gives them. */
export interface ReadDocument {
  readonly meta: DocumentMeta;
  readonly text: string;
}

/** The bytes of `file`, or undefined when it cannot be read (the store then says why). */
function bytesOf(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** The bytes of `file`, read synchronously; undefined when there is no such file (`ENOENT`, `ENOTDIR`). Other failures are thrown. */
export function readIfThere(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT') || isErrnoCode(error, 'ENOTDIR')) return undefined;
    throw error;
  }
}

/** `text`'s bytes decoded, when they are UTF-8 and their SHA-256 is `sha256`. */
function verified(bytes: Buffer | undefined, sha256: string): string | undefined {
  if (bytes === undefined || sha256Hex(bytes) !== sha256) return undefined;
  return decodeUtf8Strict(bytes);
}

/**
 * What `store.readDocument(id)` gives: the meta (it parses and names `id`) and the text (its
 * SHA-256 is the meta's, it is UTF-8), read synchronously. When any of that fails, the
 * store reads the document itself and throws its error (or, when the files changed meanwhile,
 * returns what it read).
 */
export async function readDocumentQuickly(store: CorpusStore, id: string): Promise<ReadDocument> {
  const metaFile = store.metaPath(id);
  const metaBytes = bytesOf(metaFile);
  if (metaBytes !== undefined) {
    const parsed = parseDocumentMeta(metaBytes.toString('utf8'), metaFile);
    if (parsed.ok && parsed.value.id === id) {
      const text = verified(bytesOf(store.textPath(id)), parsed.value.sha256);
      if (text !== undefined) return { meta: parsed.value, text };
    }
  }
  return store.readDocument(id);
}

/**
 * The text of `id` with its SHA-256: read synchronously when its hash is `sha256` (the hash its
 * meta gave a moment ago) and it is UTF-8; otherwise what `store.readDocument(id)` gives (the
 * meta and text read again and verified against each other) or throws.
 */
export async function readTextQuickly(store: CorpusStore, id: string, sha256: string): Promise<{ readonly sha256: string; readonly text: string }> {
  const text = verified(bytesOf(store.textPath(id)), sha256);
  if (text !== undefined) return { sha256, text };
  const read = await store.readDocument(id);
  return { sha256: read.meta.sha256, text: read.text };
}
