import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { BACKGROUND_NICE } from '../../electron/background-thread';

// A worker thread lowers its own priority (electron/background-thread.ts, bundled as the workers
// are): its nice value is then BACKGROUND_NICE, the process's other threads keep theirs.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The nice value in a thread's `/proc/…/stat` line (its 19th field). */
function niceOf(stat: string): number {
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
}

describe('lowerThreadPriority', () => {
  it.skipIf(process.platform !== 'linux')('lowers the calling thread only, on Linux', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'hashiya-nice-'));
    try {
      const outfile = path.join(dir, 'nice.mjs');
      await build({
        stdin: {
          contents: `
            import { readFileSync, readlinkSync } from 'node:fs';
            import { parentPort } from 'node:worker_threads';
            import { lowerThreadPriority } from './electron/background-thread.ts';
            const before = readFileSync('/proc/thread-self/stat', 'utf8');
            const lowered = lowerThreadPriority();
            parentPort.postMessage({ lowered, tid: readlinkSync('/proc/thread-self'), before, after: readFileSync('/proc/thread-self/stat', 'utf8') });`,
          resolveDir: ROOT,
          loader: 'ts',
        },
        outfile,
        bundle: true,
        platform: 'node',
        format: 'esm',
        target: 'node20',
        logLevel: 'error',
      });
      const main = niceOf(readFileSync('/proc/thread-self/stat', 'utf8'));
      const got = await new Promise<{ lowered: boolean; before: string; after: string }>((resolve, reject) => {
        const worker = new Worker(outfile);
        worker.once('message', (m: { lowered: boolean; before: string; after: string }) => {
          resolve(m);
          void worker.terminate();
        });
        worker.once('error', reject);
      });
      expect(got.lowered).toBe(true);
      expect(niceOf(got.before)).toBe(main);
      expect(niceOf(got.after)).toBe(Math.max(main, BACKGROUND_NICE));
      expect(niceOf(readFileSync('/proc/thread-self/stat', 'utf8'))).toBe(main);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
