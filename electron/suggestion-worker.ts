/**
 * The worker thread of suggestion-thread.ts (bundled on its own as `suggestion-worker.js` beside
 * the CLI and the main process): keeps the lexicon of the corpus of `workerData`
 * ({@link SuggestionWorkerInput}) and answers each request ({@link SuggestionRequest}) with
 * {@link corpusSuggestions}, or with the error it threw ({@link SuggestionReply}), at a lower
 * priority than the host's own thread (background-thread.ts). Only reads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { lowerThreadPriority } from './background-thread.js';
import { CorpusStore } from './corpus-store.js';
import { corpusSuggestions } from './corpus-suggestions.js';
import { replyError, type SuggestionReply, type SuggestionRequest, type SuggestionWorkerInput } from './suggestion-thread.js';

// The ghosts can wait; the host's answers and the window should not (background-thread.ts).
lowerThreadPriority();
const input = workerData as SuggestionWorkerInput;
const store = CorpusStore.forReading(input.root, input.manifest);

parentPort?.on('message', (request: SuggestionRequest) => {
  corpusSuggestions(store, request.document, request.annotator).then(
    (value) => parentPort?.postMessage({ serial: request.serial, value } satisfies SuggestionReply),
    (error: unknown) => parentPort?.postMessage({ serial: request.serial, error: replyError(error) } satisfies SuggestionReply),
  );
});
