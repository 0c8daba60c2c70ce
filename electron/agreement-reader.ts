/**
 * The worker thread of agreement-reads.ts (bundled on its own as `agreement-reader.js` beside
 * the CLI and the main process): reads the documents of `workerData` ({@link AgreementReaderInput})
 * for agreement and posts them in batches, then `{ done: true }`; `{ error }` when reading fails
 * other than by a document's problem. Only reads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BATCH_DOCUMENTS, ReadBatchWriter, readAgreementDocuments, type AgreementReaderInput, type ReaderMessage } from './agreement-reads.js';
import { CorpusStore } from './corpus-store.js';

const input = workerData as AgreementReaderInput;
const port = parentPort;
const batch = new ReadBatchWriter();
const post = (message: ReaderMessage): void => {
  const transfer: ArrayBuffer[] = 'batch' in message ? [message.batch.spanLabels.buffer as ArrayBuffer, message.batch.offsets.buffer as ArrayBuffer] : [];
  port?.postMessage(message, transfer);
};
readAgreementDocuments(CorpusStore.forReading(input.root, input.manifest), input, (read) => {
  batch.add(read);
  if (batch.size >= (input.batch ?? BATCH_DOCUMENTS)) post({ batch: batch.take() });
}).then(
  () => {
    if (batch.size > 0) post({ batch: batch.take() });
    post({ done: true });
  },
  (error: unknown) => post({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) }),
);
