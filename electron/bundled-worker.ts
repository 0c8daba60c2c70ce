/**
 * Starting a worker thread from a script bundled beside the CLI and the main process (Node side):
 * the agreement reader, an export's workers, the suggestions. When the sources run unbundled
 * (tests, `tsx`) there is no such script, and the caller does the work in its own thread.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * A worker running `script` with `options`; undefined when there is none to run (no script
 * given, not a `file:` URL, no such file) or it cannot be started. A script that exists but fails
 * as it runs gives a worker that emits `error` and `exit`: callers handle those.
 */
export function startBundledWorker(script: URL | null, options: WorkerOptions): Worker | undefined {
  if (script === null || script.protocol !== 'file:' || !existsSync(fileURLToPath(script))) return undefined;
  try {
    return new Worker(script, options);
  } catch {
    return undefined;
  }
}
