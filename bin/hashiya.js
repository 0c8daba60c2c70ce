#!/usr/bin/env node
// The `hashiya` command: runs the built CLI (dist/node/cli.js, made by `npm run build`,
// which `npm install` runs through the `prepare` script).
import { existsSync } from 'node:fs';

const cli = new URL('../dist/node/cli.js', import.meta.url);
if (!existsSync(cli)) {
  console.error('hashiya: the CLI is not built yet. Run `npm run build` in the Hashiya folder first.');
  process.exit(1);
}
const { main } = await import(cli.href);
process.exitCode = await main(process.argv.slice(2));
