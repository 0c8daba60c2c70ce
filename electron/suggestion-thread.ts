/**
 * The host's suggestions, made in a worker thread (suggestion-worker.ts, bundled beside the CLI
 * and the main process) that keeps the corpus lexicon: building it takes hundreds of
 * milliseconds for a long layer and seconds for a large corpus, which on the host's own thread
 * held up every other call meanwhile (traced: a document opened at start waited 250 ms behind
 * the suggestions of the one opened by itself). Where there is no worker script (the sources run
 * unbundled) or the worker fails, they are made in this thread: the same answers.
 */
import type { Worker } from 'node:worker_threads';
import type { Manifest } from '../shared/corpus/manifest.js';
import type { Suggestion } from '../shared/host-contract.js';
import { HostError } from '../shared/host-reply.js';
import type { FileProblem } from '../shared/model.js';
import { startBundledWorker } from './bundled-worker.js';
import { corpusSuggestions } from './corpus-suggestions.js';
import { CorpusError, type CorpusErrorKind, type CorpusStore } from './corpus-store.js';

/** What the worker is started with: the corpus (its schema is not used: suggestions do not depend on it). */
export interface SuggestionWorkerInput {
  readonly root: string;
  readonly manifest: Manifest;
}

/** A request to the worker: the suggestions of `document` for `annotator`. */
export interface SuggestionRequest {
  readonly serial: number;
  readonly document: string;
  readonly annotator: string;
}

/** An error as it crosses from the worker: a {@link CorpusError}'s kind and problems, or another error's message. */
export type ReplyError = { readonly corpus: { readonly kind: CorpusErrorKind; readonly problems: readonly FileProblem[] } } | { readonly message: string };

/** The worker's answer to the request `serial`. */
export type SuggestionReply = { readonly serial: number; readonly value: readonly Suggestion[] } | { readonly serial: number; readonly error: ReplyError };

/** `error` as it is posted from the worker. */
export function replyError(error: unknown): ReplyError {
  if (error instanceof CorpusError) return { corpus: { kind: error.kind, problems: error.problems } };
  return { message: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}

/** The error thrown here for a {@link ReplyError}: the same {@link CorpusError}, or an Error with the message. */
function thrownError(error: ReplyError): Error {
  return 'corpus' in error ? new CorpusError(error.corpus.problems, error.corpus.kind) : new Error(error.message);
}

/**
 * Suggestions for the documents of one corpus (`store`), from a worker started from `script`
 * (null: none) at the first request. Each request is answered with its own reply (they may come
 * in any order; the lexicon's updates are one at a time in the worker, see corpus-lexicon.ts); a
 * worker that cannot start or stops is given up, and the requests not answered, and those after,
 * are made in this thread. {@link close} it when the corpus is closed: what it was asked and did not
 * answer, and anything asked after, is refused (not made in this thread: a corpus closed while its
 * lexicon was being built would otherwise have it built here, for nobody).
 */
export class SuggestionThread {
  readonly #store: CorpusStore;
  readonly #script: URL | null;
  #worker: Worker | undefined;
  #broken = false;
  #closed = false;
  #serial = 0;
  readonly #waiting = new Map<number, { readonly resolve: (value: readonly Suggestion[]) => void; readonly reject: (error: Error) => void; readonly request: SuggestionRequest }>();

  constructor(store: CorpusStore, script: URL | null) {
    this.#store = store;
    this.#script = script;
  }

  /** Whether requests go to a worker thread (false before the first, and once it was given up). */
  get inWorker(): boolean {
    return this.#worker !== undefined && !this.#broken;
  }

  /** What {@link corpusSuggestions} gives for `document` and `annotator`, or throws. */
  suggestions(document: string, annotator: string): Promise<readonly Suggestion[]> {
    if (this.#closed) return Promise.reject(closedError());
    const worker = this.#start();
    if (worker === undefined) return corpusSuggestions(this.#store, document, annotator);
    this.#serial += 1;
    const request: SuggestionRequest = { serial: this.#serial, document, annotator };
    return new Promise((resolve, reject) => {
      this.#waiting.set(request.serial, { resolve, reject, request });
      worker.postMessage(request);
    });
  }

  /** Stops the worker; requests not answered yet, and later ones, are refused (HostError `no_corpus`). */
  async close(): Promise<void> {
    this.#closed = true;
    this.#broken = true;
    const waiting = [...this.#waiting.values()];
    this.#waiting.clear();
    for (const { reject } of waiting) reject(closedError());
    await this.#worker?.terminate();
  }

  #start(): Worker | undefined {
    if (this.#broken) return undefined;
    if (this.#worker !== undefined) return this.#worker;
    const worker = startBundledWorker(this.#script, {
      workerData: { root: this.#store.root, manifest: this.#store.manifest } satisfies SuggestionWorkerInput,
      resourceLimits: { maxYoungGenerationSizeMb: 96 },
    });
    if (worker === undefined) {
      this.#broken = true;
      return undefined;
    }
    // It holds the lexicon, not the process: a host that is done exits without stopping it.
    worker.unref();
    worker.on('message', (reply: SuggestionReply) => {
      const waiting = this.#waiting.get(reply.serial);
      if (waiting === undefined) return;
      this.#waiting.delete(reply.serial);
      if ('value' in reply) waiting.resolve(reply.value);
      else waiting.reject(thrownError(reply.error));
    });
    worker.once('error', () => this.#giveUp());
    worker.once('exit', () => this.#giveUp());
    this.#worker = worker;
    return worker;
  }

  /** No more worker: what it was asked and did not answer is made here. */
  #giveUp(): void {
    this.#broken = true;
    const waiting = [...this.#waiting.values()];
    this.#waiting.clear();
    for (const { resolve, reject, request } of waiting) corpusSuggestions(this.#store, request.document, request.annotator).then(resolve, reject);
  }
}

/** Why a closed thread makes no suggestions. */
function closedError(): HostError {
  return new HostError('no_corpus', 'the corpus was closed: its suggestions are not made');
}
