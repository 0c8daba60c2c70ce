/**
 * Test-only: a worker thread's script bundled with esbuild into a temporary folder, as
 * scripts/build.mjs bundles it beside the CLI and the main process, for the tests that run the
 * worker against the same work done in the test's own thread.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

interface BundledWorker {
  /** The bundled script. */
  readonly url: URL;
  /** The temporary folder it is in (for other scripts a test writes, such as a broken worker). */
  readonly dir: string;
  /** Removes the folder. */
  remove(): Promise<void>;
}

/** Bundles `entry` (a path from the project root, e.g. `electron/export-worker.ts`) as an ES module. */
async function bundleWorker(entry: string): Promise<BundledWorker> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hashiya-worker-bundle-'));
  const outfile = path.join(dir, `${path.basename(entry, '.ts')}.mjs`);
  await build({ entryPoints: [path.join(ROOT, entry)], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'error' });
  return { url: pathToFileURL(outfile), dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * `entry` bundled once for the test file that calls this (at its top level): before its tests and
 * removed after them. `url` and `dir` are the bundle's, read inside the tests.
 */
export function useBundledWorker(entry: string): { readonly url: URL; readonly dir: string } {
  let bundled: BundledWorker | undefined;
  beforeAll(async () => {
    bundled = await bundleWorker(entry);
  });
  afterAll(async () => {
    await bundled?.remove();
  });
  const built = (): BundledWorker => {
    if (bundled === undefined) throw new Error(`${entry} is bundled before the tests run, not while the file loads`);
    return bundled;
  };
  return {
    get url() {
      return built().url;
    },
    get dir() {
      return built().dir;
    },
  };
}
