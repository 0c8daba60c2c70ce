/**
 * Where an export's documents are read and serialised: in worker threads (export-worker.ts,
 * bundled beside the CLI and the main process), so that an export of many documents uses every
 * core while the exporting thread only stages and writes files; or in this thread. Either way
 * the batches come in id order with the same contents ({@link ExportBatches.take}).
 */
import type { Worker } from 'node:worker_threads';
import { startBundledWorker } from './bundled-worker.js';
import type { CorpusStore } from './corpus-store.js';
import { DocumentExport, type ExportedBatch, type ExportWork } from './export-documents.js';

/** Where and how {@link ExportBatches} runs. */
export interface ExportRunning {
  /** The worker script (`export-worker.ts` bundled); null: export in this thread. */
  readonly worker: URL | null;
  /** Use workers only from this many documents on (a thread's start is not worth it for a few). */
  readonly workerFrom: number;
  /** Worker threads at most (fewer when there are fewer batches). */
  readonly workers: number;
  /** Documents per batch. */
  readonly batch: number;
}

/** What a worker is started with: the work, its documents (its batches one after another) and the batch size. */
export interface ExportWorkerInput {
  readonly work: ExportWork;
  readonly ids: readonly string[];
  readonly batch: number;
}

/** What a worker posts: a batch, or why it stopped. */
export type ExportWorkerMessage = { readonly batch: ExportedBatch } | { readonly error: string };

/** Batches each worker may have exported ahead of those taken. */
const AHEAD_PER_WORKER = 2;

/**
 * The batches of an export of `ids` (`running.batch` documents each, the last one shorter), in
 * order. With workers, batch b goes to worker b mod n, and each worker exports at most
 * {@link AHEAD_PER_WORKER} batches beyond those taken, so memory stays bounded. A worker that
 * cannot start (no such script, as when the sources run unbundled), or that stops before any
 * batch came from a worker, is given up: every batch is then exported in this thread, from the
 * first. A worker failing later fails {@link take}. {@link close} it when done, also on failure.
 */
export class ExportBatches {
  readonly #store: CorpusStore;
  readonly #work: ExportWork;
  readonly #ids: readonly string[];
  readonly #size: number;
  #workers: readonly BatchWorker[];
  #here: DocumentExport | undefined;
  #taken = 0;
  /** Whether a batch ever came from a worker (after that, a failure is not taken back). */
  #delivered = false;

  private constructor(store: CorpusStore, work: ExportWork, ids: readonly string[], running: ExportRunning) {
    this.#store = store;
    this.#work = work;
    this.#ids = ids;
    this.#size = running.batch;
    const batches = Math.ceil(ids.length / running.batch);
    const count = Math.min(running.workers, batches);
    const workers: BatchWorker[] = [];
    if (ids.length >= running.workerFrom && count >= 1) {
      for (let w = 0; w < count; w += 1) {
        const mine: string[] = [];
        for (let b = w; b < batches; b += count) mine.push(...ids.slice(b * running.batch, (b + 1) * running.batch));
        const worker = BatchWorker.start(running.worker, { work, ids: mine, batch: running.batch }, () => {
          this.#delivered = true;
        });
        if (worker === undefined) break;
        workers.push(worker);
      }
      if (workers.length < count) {
        for (const worker of workers) void worker.stop();
        workers.length = 0;
      }
    }
    this.#workers = workers;
    this.#here = workers.length === 0 ? DocumentExport.start(store, work, ids, running.batch) : undefined;
  }

  /** Starts exporting `ids` (checked, in export order) as `running` says; never throws. */
  static start(store: CorpusStore, work: ExportWork, ids: readonly string[], running: ExportRunning): ExportBatches {
    return new ExportBatches(store, work, ids, running);
  }

  /** Whether the batches come from worker threads (false once they were given up). */
  get inWorkers(): boolean {
    return this.#workers.length > 0;
  }

  /** The next batch, in order; call once at a time, at most as many times as there are batches. */
  async take(): Promise<ExportedBatch> {
    const b = this.#taken;
    this.#taken += 1;
    if (this.#here !== undefined) return this.#here.next(this.#size);
    const worker = this.#workers[b % this.#workers.length] as BatchWorker;
    try {
      return await worker.take();
    } catch (error) {
      if (this.#delivered || b > 0) throw error;
      // No worker ever delivered: give them up and export everything here, from the first batch.
      await this.#stopWorkers();
      this.#here = DocumentExport.start(this.#store, this.#work, this.#ids, this.#size);
      return this.#here.next(this.#size);
    }
  }

  /** Stops the workers and the reading ahead. */
  async close(): Promise<void> {
    await this.#stopWorkers();
    await this.#here?.close();
  }

  async #stopWorkers(): Promise<void> {
    const workers = this.#workers;
    this.#workers = [];
    await Promise.all(workers.map((w) => w.stop()));
  }
}

/** One worker thread and the batches it posted, taken in the order they came. */
class BatchWorker {
  readonly #worker: Worker;
  readonly #ready: ExportedBatch[] = [];
  #waiting: { readonly resolve: (batch: ExportedBatch) => void; readonly reject: (error: Error) => void } | undefined;
  #failure: Error | undefined;
  #received = 0;
  readonly #batches: number;

  private constructor(worker: Worker, batches: number, delivered: () => void) {
    this.#worker = worker;
    this.#batches = batches;
    worker.on('message', (message: ExportWorkerMessage) => {
      if ('error' in message) {
        this.#fail(new Error(`an export worker failed: ${message.error}`));
        return;
      }
      this.#received += 1;
      delivered();
      const waiting = this.#waiting;
      this.#waiting = undefined;
      if (waiting === undefined) this.#ready.push(message.batch);
      else waiting.resolve(message.batch);
    });
    worker.once('error', (error: Error) => this.#fail(new Error(`an export worker failed: ${error.message}`)));
    worker.once('exit', (code) => {
      if (this.#received < this.#batches) this.#fail(new Error(`an export worker stopped (exit code ${code}) before it had exported its documents`));
    });
    worker.postMessage({ more: AHEAD_PER_WORKER });
  }

  /** A worker exporting `input`; undefined when there is no script to run or it cannot be started. */
  static start(script: URL | null, input: ExportWorkerInput, delivered: () => void): BatchWorker | undefined {
    const worker = startBundledWorker(script, { workerData: input });
    return worker && new BatchWorker(worker, Math.ceil(input.ids.length / input.batch), delivered);
  }

  /** Its next batch; asks it for one more. */
  async take(): Promise<ExportedBatch> {
    const batch = await this.#next();
    this.#worker.postMessage({ more: 1 });
    return batch;
  }

  /** The batch that came first of those not taken, when it comes; rejects once the worker failed. */
  #next(): Promise<ExportedBatch> {
    const ready = this.#ready.shift();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.#failure !== undefined) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
    });
  }

  async stop(): Promise<void> {
    await this.#worker.terminate();
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    const waiting = this.#waiting;
    this.#waiting = undefined;
    waiting?.reject(this.#failure);
  }
}
