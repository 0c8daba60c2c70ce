// `npm run bench`: builds the app (unless --no-build), bundles bench/main.ts with esbuild and runs
// it with the remaining arguments. Separate from `npm test`: it prints figures, it asserts nothing.
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

const args = process.argv.slice(2);
const noBuild = args.includes('--no-build');
const rest = args.filter((a) => a !== '--no-build');
if (!noBuild) {
  const built = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (built.status !== 0) process.exit(built.status ?? 1);
}
const outfile = 'node_modules/.cache/hashiya-bench/main.mjs';
await build({ entryPoints: ['bench/main.ts'], outfile, bundle: true, platform: 'node', target: 'node20', format: 'esm', packages: 'external', logLevel: 'warning' });
const run = spawnSync(process.execPath, [outfile, ...rest], { stdio: 'inherit' });
process.exit(run.status ?? 1);
