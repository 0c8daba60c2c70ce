/**
 * Many files read as strict UTF-8 text ahead of their use, in a worker thread: reading a file
 * and decoding its bytes (about a third of the work of reading a corpus's 20,000 layer files)
 * then run on the other core while this thread parses and checks the files already read.
 * A file may also be asked for with its stamp (`fstat` of the file read, see `fileStamp` of
 * parallel-io.ts), the SHA-256 of its bytes, or decoded loosely (as `Buffer#toString('utf8')`):
 * what loading a document's meta and text needs (`CorpusStore`'s document loading), so that
 * validate, agreement and export read every file of a document in the worker.
 *
 * The worker reads the files in the order given, at most `ahead` of them beyond those taken
 * ({@link TextReadAhead.read}) or given up ({@link TextReadAhead.skip}), so memory stays bounded;
 * how many were taken is a counter in shared memory that the worker waits on (no message goes
 * from this thread to the worker). Its code is a few lines of plain JavaScript evaluated in the
 * worker ({@link WORKER_SOURCE}), so that it runs the same from the bundled CLI, the Electron
 * main process and the unit tests. Without a worker, every read is `failed` and the caller reads
 * the file itself: slower, never different.
 */
import { Worker } from 'node:worker_threads';
import { decodeUtf8Strict } from './node-text.js';
import type { FileStampParts } from './parallel-io.js';

/** Files read but not yet taken, at most (by default). */
export const READ_AHEAD = 64;
/** Files per message from the worker. */
const BATCH = 16;

/**
 * A file to read ahead: a path alone is read as strict UTF-8. `stamp`: give its
 * {@link FileStampParts} too (of the file opened, so of the very bytes read); `sha256`: give the
 * SHA-256 of its bytes (lowercase hex), also when they are not UTF-8; `loose`: decode as
 * `Buffer#toString('utf8')` does (ill-formed bytes become U+FFFD, never `invalid`, a byte order
 * mark kept); `bytes`: give the bytes themselves, checked as strict UTF-8 but not decoded (a read
 * of kind `bytes`; see {@link asText}).
 */
export type AheadFile = string | { readonly path: string; readonly stamp?: boolean; readonly sha256?: boolean; readonly loose?: boolean; readonly bytes?: boolean };

/**
 * What reading one file gave: its text (strict UTF-8, a byte order mark kept as U+FEFF, as
 * `decodeUtf8Strict` of node-text.ts decodes; loosely decoded when asked), `missing` (ENOENT),
 * `invalid` (not UTF-8), or `failed` (any other error, or no worker: read the file here to get
 * the text or the error); for a file asked for with `bytes`, its `bytes` instead of its text.
 * `stamp` and `sha256` are there when the file was asked for with them.
 */
export type TextRead =
  | { readonly kind: 'text'; readonly text: string; readonly stamp?: FileStampParts; readonly sha256?: string }
  /** Only for a file asked for with `bytes`: its bytes, strict UTF-8. */
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array; readonly stamp?: FileStampParts; readonly sha256?: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid'; readonly stamp?: FileStampParts; readonly sha256?: string }
  | { readonly kind: 'failed' };

interface WorkerResult {
  readonly index: number;
  readonly text?: string;
  readonly bytes?: Uint8Array;
  readonly error?: 'missing' | 'invalid' | 'failed';
  readonly stamp?: FileStampParts;
  readonly sha256?: string;
}

/**
 * The worker: reads `workerData.files` ({@link AheadFile}) in order, decodes each (strictly
 * unless `loose`), with stamp and hash where asked, posts them in batches
 * (and what it has when it must wait); never more than `workerData.ahead` beyond the count of
 * files taken, `Int32Array(workerData.taken)[0]`; when it must wait, it waits until half the
 * window is free again, with that count in `[1]` meanwhile. Ends when all are read.
 * Plain JavaScript (CommonJS), evaluated as given.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { closeSync, fstatSync, openSync, readFileSync } = require('node:fs');
const { createHash } = require('node:crypto');
const { isUtf8 } = require('node:buffer');
const { files, ahead, batch } = workerData;
const taken = new Int32Array(workerData.taken);
function readOne(index) {
  const file = files[index];
  const asked = typeof file === 'string' ? { path: file } : file;
  const out = { index };
  let bytes;
  try {
    if (asked.stamp) {
      const fd = openSync(asked.path, 'r');
      try {
        const s = fstatSync(fd);
        out.stamp = { mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, size: s.size, ino: s.ino };
        bytes = readFileSync(fd);
      } finally {
        closeSync(fd);
      }
    } else {
      bytes = readFileSync(asked.path);
    }
  } catch (error) {
    return { index, error: error && error.code === 'ENOENT' ? 'missing' : 'failed' };
  }
  if (asked.sha256) out.sha256 = createHash('sha256').update(bytes).digest('hex');
  if (asked.loose) {
    out.text = bytes.toString('utf8');
    return out;
  }
  if (asked.bytes) {
    if (isUtf8(bytes)) out.bytes = bytes;
    else out.error = 'invalid';
    return out;
  }
  // As decodeUtf8Strict of node-text.ts: checked, then decoded.
  if (isUtf8(bytes)) out.text = bytes.toString('utf8');
  else out.error = 'invalid';
  return out;
}
// Bytes are handed over, not copied: a buffer of its own is transferred (a small file's may be
// a slice of a shared pool, which is copied first).
function post(reads) {
  const transfer = [];
  for (const r of reads) {
    if (r.bytes === undefined) continue;
    if (r.bytes.byteOffset !== 0 || r.bytes.byteLength !== r.bytes.buffer.byteLength) r.bytes = new Uint8Array(r.bytes);
    transfer.push(r.bytes.buffer);
  }
  parentPort.postMessage(reads, transfer);
}
let out = [];
for (let next = 0; next < files.length; next++) {
  for (;;) {
    const done = Atomics.load(taken, 0);
    if (next - done < ahead) break;
    if (out.length > 0) {
      post(out);
      out = [];
    }
    // Wait until half the window is free (so that the parent wakes this thread once per half
    // window, not per file): say from which count on, then wait while the count is below it.
    const resume = next - (ahead >> 1);
    Atomics.store(taken, 1, resume);
    for (;;) {
      const now = Atomics.load(taken, 0);
      if (now >= resume) break;
      Atomics.wait(taken, 0, now);
    }
    Atomics.store(taken, 1, 0);
  }
  out.push(readOne(next));
  if (out.length >= batch) {
    post(out);
    out = [];
  }
}
if (out.length > 0) post(out);
`;

export class TextReadAhead {
  readonly #worker: Worker | undefined;
  /** In shared memory: `[0]` files taken or given up (the worker waits on it), `[1]` the count the waiting worker waits for (0: not waiting). */
  readonly #taken: Int32Array;
  readonly #results = new Map<number, TextRead>();
  readonly #waiting = new Map<number, (read: TextRead) => void>();
  /** Indexes given up before their read arrived. */
  readonly #skipped = new Set<number>();
  #stopped = false;

  private constructor(files: readonly AheadFile[], ahead: number) {
    const shared = new SharedArrayBuffer(8);
    this.#taken = new Int32Array(shared);
    let worker: Worker | undefined;
    try {
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { files, ahead, batch: BATCH, taken: shared } });
    } catch {
      worker = undefined;
    }
    this.#worker = worker;
    if (worker === undefined) {
      this.#stopped = true;
      return;
    }
    worker.on('message', (batch: readonly WorkerResult[]) => {
      for (const r of batch) this.#deliver(r.index, delivered(r));
    });
    // The worker ends by itself once every file was read. One that cannot run, fails or is
    // stopped makes every read not delivered `failed`: the caller reads those files itself.
    const stopped = (): void => {
      this.#stopped = true;
      for (const [index, resolve] of this.#waiting) {
        this.#waiting.delete(index);
        resolve({ kind: 'failed' });
      }
    };
    worker.on('error', stopped);
    worker.on('exit', stopped);
  }

  /**
   * Starts reading `files` (absolute paths, see {@link AheadFile}) in a worker, at most `ahead`
   * of them beyond those taken. Every index must then be taken ({@link read}) or given up
   * ({@link skip}), or the worker stops reading further; {@link close} it when done. Never throws.
   */
  static start(files: readonly AheadFile[], ahead = READ_AHEAD): TextReadAhead {
    return new TextReadAhead(files, ahead);
  }

  /** What reading `files[index]` gave; each index is taken once (a second take is `failed`). */
  read(index: number): Promise<TextRead> {
    const known = this.#results.get(index);
    if (known !== undefined) {
      this.#results.delete(index);
      this.#took();
      return Promise.resolve(known);
    }
    if (this.#stopped) return Promise.resolve({ kind: 'failed' });
    return new Promise((resolve) => this.#waiting.set(index, resolve));
  }

  /** Gives up `files[index]`: it is not wanted (its read, if made, is dropped). */
  skip(index: number): void {
    if (this.#results.delete(index)) this.#took();
    else if (!this.#stopped) this.#skipped.add(index);
  }

  /** Stops the worker if it still runs (reads not delivered yet are `failed`). Call it when done, also on failure. */
  async close(): Promise<void> {
    if (!this.#stopped) await this.#worker?.terminate();
  }

  #deliver(index: number, read: TextRead): void {
    if (this.#skipped.delete(index)) {
      this.#took();
      return;
    }
    const waiter = this.#waiting.get(index);
    if (waiter === undefined) {
      this.#results.set(index, read);
      return;
    }
    this.#waiting.delete(index);
    this.#took();
    waiter(read);
  }

  #took(): void {
    const now = Atomics.add(this.#taken, 0, 1) + 1;
    // Waking costs a system call: only when the worker waits for this count.
    const resume = Atomics.load(this.#taken, 1);
    if (resume > 0 && now >= resume) Atomics.notify(this.#taken, 0);
  }
}

/** A worker's result as a {@link TextRead}: stamp and hash only where the worker gave them. */
function delivered(r: WorkerResult): TextRead {
  const extra = { ...(r.stamp === undefined ? {} : { stamp: r.stamp }), ...(r.sha256 === undefined ? {} : { sha256: r.sha256 }) };
  if (r.text !== undefined) return { kind: 'text', text: r.text, ...extra };
  if (r.bytes !== undefined) return { kind: 'bytes', bytes: r.bytes, ...extra };
  if (r.error === 'invalid') return { kind: 'invalid', ...extra };
  return { kind: r.error ?? 'failed' };
}

/**
 * `read` with a read of kind `bytes` decoded into a read of kind `text` (`decodeUtf8Strict`, as
 * the worker decodes a file asked for as text): what a reader of text is given when the bytes
 * were asked for but turn out to be needed as text. Other reads as they are.
 */
export function asText(read: TextRead): TextRead {
  if (read.kind !== 'bytes') return read;
  const { bytes, kind: _kind, ...extra } = read;
  const text = decodeUtf8Strict(bytes);
  // The worker gave bytes only once they were found to be UTF-8.
  return text === undefined ? { kind: 'invalid', ...extra } : { kind: 'text', text, ...extra };
}
