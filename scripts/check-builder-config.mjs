// `npm run dist:check`: what this machine can check of the packaging without downloading Electron
// or electron-builder's helper tools: electron-builder.yml read and validated by electron-builder's
// own loader and JSON schema (unknown or mistyped options fail), and every file it names present.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { getConfig, validateConfiguration } = require('app-builder-lib/out/util/config/config.js');
const { DebugLogger } = require('builder-util');

const projectDir = process.cwd();
const config = await getConfig(projectDir, 'electron-builder.yml', null);
await validateConfiguration(config, new DebugLogger(false));

const named = [
  config.icon,
  config.nsis?.include,
  config.deb?.afterInstall,
  config.deb?.afterRemove,
  ...(config.extraResources ?? []).map((r) => (typeof r === 'string' ? r : r.from)),
  path.join(config.directories?.buildResources ?? 'build', 'icon.svg'),
].filter(Boolean);
const missing = named.filter((file) => !existsSync(path.resolve(projectDir, file)));
if (missing.length > 0) {
  console.error(`electron-builder.yml names files that are missing: ${missing.join(', ')}`);
  process.exit(1);
}
const targets = ['linux', 'win', 'mac'].map((p) => `${p}: ${[config[p]?.target ?? []].flat().map((t) => (typeof t === 'string' ? t : t.target)).join(', ')}`);
console.log(`electron-builder.yml is valid (app id ${config.appId}; ${targets.join('; ')}); files named: ${named.join(', ')}`);
