/**
 * A worker thread of an export (export-pool.ts; bundled on its own as `export-worker.js` beside
 * the CLI and the main process): exports the documents of `workerData` ({@link ExportWorkerInput})
 * with {@link DocumentExport}, a batch at a time, only as many batches as the exporting thread
 * has asked for (`{ more }`), and posts each ({@link ExportWorkerMessage}), the files' bytes
 * handed over; `{ error }` when exporting fails other than by a document's problem. Only reads.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { CorpusStore } from './corpus-store.js';
import { DocumentExport } from './export-documents.js';
import type { ExportWorkerInput, ExportWorkerMessage } from './export-pool.js';

const input = workerData as ExportWorkerInput;
const port = parentPort;
const exporter = DocumentExport.start(CorpusStore.forReading(input.work.root, input.work.manifest), input.work, input.ids, input.batch);
let asked = 0;
let running = false;

const post = (message: ExportWorkerMessage): void => {
  const transfer = 'batch' in message ? message.batch.items.flatMap((item) => ('files' in item ? item.files.flatMap((files) => files.map((f) => f.bytes.buffer as ArrayBuffer)) : [])) : [];
  port?.postMessage(message, transfer);
};

/** Exports the batches asked for, one at a time; ends the thread after the last. */
async function pump(): Promise<void> {
  if (running) return;
  running = true;
  try {
    while (asked > 0 && exporter.left > 0) {
      asked -= 1;
      post({ batch: await exporter.next(input.batch) });
    }
  } catch (error) {
    // The exporting thread stops this one.
    post({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    return;
  } finally {
    running = false;
  }
  if (exporter.left === 0) {
    await exporter.close();
    port?.close();
  }
}

port?.on('message', (message: { readonly more: number }) => {
  asked += message.more;
  void pump();
});
