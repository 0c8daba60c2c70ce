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

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface BundledWorker {
  /** The bundled script. */
  readonly url: URL;
  /** The temporary folder it is in (for other scripts a test writes, such as a broken worker). */
  readonly dir: string;
  /** Removes the folder. */
  remove(): Promise<void>;
}

/** Bundles `entry` (a path from the project root, e.g. `electron/export-worker.ts`) as an ES module. */
export async function bundleWorker(entry: string): Promise<BundledWorker> {
  const dir = await mkdtemp(path.join(tmpdir(), 'hashiya-worker-bundle-'));
  const outfile = path.join(dir, `${path.basename(entry, '.ts')}.mjs`);
  await build({ entryPoints: [path.join(ROOT, entry)], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'error' });
  return { url: pathToFileURL(outfile), dir, remove: () => rm(dir, { recursive: true, force: true }) };
}
