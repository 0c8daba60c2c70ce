// Builds everything `npm start`, `hashiya` and the tests run: the renderer (Vite) into
// dist/renderer, and the Node side (esbuild) into dist/node (CLI, HTTP host) and dist/electron
// (main process as ESM, preload as one CommonJS file, as a sandboxed preload must be), each with
// the agreement reader's worker script beside it.
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';

const only = process.argv[2]; // 'node' to skip the renderer
if (only !== 'node') await vite({ logLevel: 'warn' });

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };
await Promise.all([
  esbuild({ ...common, entryPoints: ['electron/cli.ts'], outfile: 'dist/node/cli.js', format: 'esm', packages: 'external' }),
  // The worker thread that reads a corpus for agreement (agreement-reads.ts starts it from beside the CLI or the main process).
  esbuild({ ...common, entryPoints: ['electron/agreement-reader.ts'], outfile: 'dist/node/agreement-reader.js', format: 'esm', packages: 'external' }),
  esbuild({ ...common, entryPoints: ['electron/agreement-reader.ts'], outfile: 'dist/electron/agreement-reader.js', format: 'esm', packages: 'external' }),
  // The worker thread that makes suggestions (suggestion-thread.ts starts it from beside the CLI or the main process).
  esbuild({ ...common, entryPoints: ['electron/suggestion-worker.ts'], outfile: 'dist/node/suggestion-worker.js', format: 'esm', packages: 'external' }),
  esbuild({ ...common, entryPoints: ['electron/suggestion-worker.ts'], outfile: 'dist/electron/suggestion-worker.js', format: 'esm', packages: 'external' }),
  // The worker threads of an export (export-pool.ts starts them from beside the CLI or the main process).
  esbuild({ ...common, entryPoints: ['electron/export-worker.ts'], outfile: 'dist/node/export-worker.js', format: 'esm', packages: 'external' }),
  esbuild({ ...common, entryPoints: ['electron/export-worker.ts'], outfile: 'dist/electron/export-worker.js', format: 'esm', packages: 'external' }),
  esbuild({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.js', format: 'esm', packages: 'external', external: ['electron'] }),
  esbuild({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs', external: ['electron'] }),
]);
console.log('built dist/renderer, dist/node/{cli.js,agreement-reader.js,export-worker.js,suggestion-worker.js}, dist/electron/{main.js,preload.cjs,agreement-reader.js,export-worker.js,suggestion-worker.js}');
