// Where the Electron binary is, or why there is none. The `electron` npm package downloads its
// binary in a postinstall step; on machines that cannot reach the download (our build machines)
// requiring it throws, and callers fall back to `hashiya serve`.
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';

/** @returns {{ path: string } | { missing: string }} */
export function electronBinary() {
  try {
    const path = createRequire(import.meta.url)('electron');
    if (typeof path === 'string' && existsSync(path)) return { path };
    return { missing: `the electron package names ${String(path)}, which does not exist` };
  } catch (error) {
    return { missing: String(error instanceof Error ? error.message : error).split('\n')[0] };
  }
}
