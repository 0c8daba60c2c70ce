/**
 * The fixed vocabulary of the layer file format (`layer-file.ts`): its name and version, the
 * shape of span and relation ids, document statuses, and the members each line type may have.
 * Kept apart so that both readers of the format (the line-numbered one and the fast path of
 * `layer-file-fast.ts`) take them from one place.
 */
import type { DocumentStatus } from '../model.js';

export const LAYER_FORMAT = 'hashiya-layer';
export const LAYER_VERSION = 1;

/** A span id: 1–32 ASCII letters, digits, `_` or `-` (the app makes `s<number>`). */
export const SPAN_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;
/** A relation id: 1–32 ASCII letters, digits, `_` or `-` (the app makes `r<number>`). */
export const RELATION_ID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/;

export const DOCUMENT_STATUSES: readonly DocumentStatus[] = ['not_started', 'in_progress', 'done'];

/** The members of an annotator's layer header line. */
export const HEADER_MEMBERS: readonly string[] = ['format', 'version', 'document', 'annotator', 'textSha256', 'revision', 'status'];
/** The members of a span line (`attributes` and `note` optional). */
export const SPAN_MEMBERS: readonly string[] = ['type', 'id', 'label', 'start', 'end', 'text', 'prefix', 'suffix', 'attributes', 'note'];
/** The members of a relation line. */
export const RELATION_MEMBERS: readonly string[] = ['type', 'id', 'relation', 'from', 'to'];
/** The members of a rejected-suggestion line. */
export const REJECTED_MEMBERS: readonly string[] = ['type', 'label', 'start', 'end'];
