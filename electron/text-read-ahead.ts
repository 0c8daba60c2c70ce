/**
 * Many files read as strict UTF-8 text ahead of their use, in a worker thread: reading a file
 * and decoding its bytes (about a third of the work of reading a corpus's 20,000 layer files)
 * then run on the other core while this thread parses and checks the files already read.
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

/** Files read but not yet taken, at most (by default). */
export const READ_AHEAD = 64;
/** Files per message from the worker. */
const BATCH = 16;

/**
 * What reading one file gave: its text (strict UTF-8, a byte order mark kept as U+FEFF, as
 * `decodeUtf8Strict` of node-text.ts decodes), `missing` (ENOENT), `invalid` (not UTF-8), or
 * `failed` (any other error, or no worker: read the file here to get the text or the error).
 */
export type TextRead =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid' }
  | { readonly kind: 'failed' };

interface WorkerResult {
  readonly index: number;
  readonly text?: string;
  readonly error?: 'missing' | 'invalid' | 'failed';
}

/**
 * The worker: reads `workerData.files` in order, decodes each strictly, posts them in batches
 * (and what it has when it must wait); never more than `workerData.ahead` beyond the count of
 * files taken, `Int32Array(workerData.taken)[0]`; when it must wait, it waits until half the
 * window is free again, with that count in `[1]` meanwhile. Ends when all are read.
 * Plain JavaScript (CommonJS), evaluated as given.
 */
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const { files, ahead, batch } = workerData;
const taken = new Int32Array(workerData.taken);
function readOne(index) {
  let bytes;
  try {
    bytes = readFileSync(files[index]);
  } catch (error) {
    return { index, error: error && error.code === 'ENOENT' ? 'missing' : 'failed' };
  }
  try {
    return { index, text: decoder.decode(bytes) };
  } catch {
    return { index, error: 'invalid' };
  }
}
let out = [];
for (let next = 0; next < files.length; next++) {
  for (;;) {
    const done = Atomics.load(taken, 0);
    if (next - done < ahead) break;
    if (out.length > 0) {
      parentPort.postMessage(out);
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
    parentPort.postMessage(out);
    out = [];
  }
}
if (out.length > 0) parentPort.postMessage(out);
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

  private constructor(files: readonly string[], ahead: number) {
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
      for (const r of batch) this.#deliver(r.index, r.text !== undefined ? { kind: 'text', text: r.text } : { kind: r.error ?? 'failed' });
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
   * Starts reading `files` (absolute paths) in a worker, at most `ahead` of them beyond those
   * taken. Every index must then be taken ({@link read}) or given up ({@link skip}), or the
   * worker stops reading further; {@link close} it when done. Never throws.
   */
  static start(files: readonly string[], ahead = READ_AHEAD): TextReadAhead {
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
