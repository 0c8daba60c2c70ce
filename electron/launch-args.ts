/**
 * The corpus a launch asks for: `--corpus=DIR`, or a path the operating system passes when the
 * user opens a corpus manifest (`hashiya.json`) with Hashiya (file association, "Open with", a
 * drop on the dock icon). A manifest path means its folder; a folder holding `hashiya.json` means
 * itself. Other arguments (Electron's and Chromium's switches, the app path) are ignored.
 */
import path from 'node:path';
import { MANIFEST_FILE } from '../shared/corpus/manifest.js';

/**
 * The corpus folder named by `argv` (absolute), or undefined. `isFolderWithManifest` tells whether
 * a path is a folder holding a manifest (injected so that this stays testable without files).
 */
export function corpusFromArgs(argv: readonly string[], isFolderWithManifest: (p: string) => boolean): string | undefined {
  for (const arg of argv) {
    if (arg.startsWith('--corpus=')) return path.resolve(arg.slice('--corpus='.length));
  }
  for (const arg of argv.slice(1)) {
    if (arg.startsWith('-')) continue;
    const resolved = path.resolve(arg);
    if (path.basename(resolved) === MANIFEST_FILE) return path.dirname(resolved);
    if (isFolderWithManifest(resolved)) return resolved;
  }
  return undefined;
}
