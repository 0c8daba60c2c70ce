/**
 * A layer file's header line (revision and status) read without reading the rest: what the app
 * polls to notice a layer changed by another window, a sync or an editor. Reads at most the first
 * 64 KiB; a file with no parsable header gives nulls (reading the whole layer reports why).
 */
import { open } from 'node:fs/promises';
import type { DocumentStatus } from '../shared/model.js';
import { DOCUMENT_STATUSES } from '../shared/corpus/layer-file.js';
import { isErrnoCode } from './node-text.js';

const HEAD_BYTES = 64 * 1024;

export async function readLayerHead(file: string): Promise<{ readonly revision: number | null; readonly status: DocumentStatus | null }> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT')) return { revision: null, status: null };
    throw error;
  }
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    const text = buffer.subarray(0, bytesRead).toString('utf8').replace(/^\uFEFF/, '');
    const end = text.indexOf('\n');
    const header: unknown = JSON.parse(end < 0 ? text : text.slice(0, end));
    if (typeof header !== 'object' || header === null) return { revision: null, status: null };
    const { revision, status } = header as { revision?: unknown; status?: unknown };
    return {
      revision: typeof revision === 'number' && Number.isInteger(revision) ? revision : null,
      status: DOCUMENT_STATUSES.find((s) => s === status) ?? null,
    };
  } catch {
    return { revision: null, status: null };
  } finally {
    await handle.close();
  }
}
