// Builds everything `npm start`, `hashiya` and the tests run: the renderer (Vite) into
// dist/renderer, and the Node side (esbuild) into dist/node (CLI, HTTP host) and dist/electron
// (main process as ESM, preload as one CommonJS file, as a sandboxed preload must be).
import { build as esbuild } from 'esbuild';
import { build as vite } from 'vite';

const only = process.argv[2]; // 'node' to skip the renderer
if (only !== 'node') await vite({ logLevel: 'warn' });

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };
await Promise.all([
  esbuild({ ...common, entryPoints: ['electron/cli.ts'], outfile: 'dist/node/cli.js', format: 'esm', packages: 'external' }),
  esbuild({ ...common, entryPoints: ['electron/main.ts'], outfile: 'dist/electron/main.js', format: 'esm', packages: 'external', external: ['electron'] }),
  esbuild({ ...common, entryPoints: ['electron/preload.ts'], outfile: 'dist/electron/preload.cjs', format: 'cjs', external: ['electron'] }),
]);
console.log('built dist/renderer, dist/node/cli.js, dist/electron/{main.js,preload.cjs}');
