import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface AppPaths {
  /** The project (or packaged app) root: the folder holding Hashiya's package.json. */
  readonly root: string;
  /** Bundled seed articles; never written. */
  readonly seedsDir: string;
  /** The built renderer (`vite build` output). */
  readonly rendererDir: string;
  /** Per-user data: settings and the seeds working copy. `HASHIYA_HOME` overrides it. */
  readonly dataDir: string;
  readonly version: string;
}

let cached: AppPaths | null = null;

/** Finds the app's folders from this module's location, whether run from source or from `dist/`. */
export function appPaths(): AppPaths {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  let version = '0.0.0';
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (existsSync(manifest)) {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'hashiya') {
        version = pkg.version ?? version;
        break;
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('Cannot find the Hashiya package folder above ' + fileURLToPath(import.meta.url));
    dir = parent;
  }
  cached = {
    root: dir,
    seedsDir: path.join(dir, 'seeds'),
    rendererDir: path.join(dir, 'dist', 'renderer'),
    dataDir: defaultDataDir(),
    version,
  };
  return cached;
}

function defaultDataDir(): string {
  if (process.env.HASHIYA_HOME) return path.resolve(process.env.HASHIYA_HOME);
  const xdg = process.env.XDG_DATA_HOME;
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(os.homedir(), '.local', 'share'), 'hashiya');
}
