import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syncFileSystems } from '../../electron/file-system-sync';
import { withPath } from '../support/with-path';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-fs-sync-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('syncFileSystems', () => {
  it.runIf(process.platform === 'linux')('flushes the file system of the files with sync -f on Linux', async () => {
    await writeFile(path.join(dir, 'a'), 'a');
    await writeFile(path.join(dir, 'b'), 'b');
    expect(await syncFileSystems([path.join(dir, 'a'), path.join(dir, 'b')])).toBe(true);
  });

  it.runIf(process.platform !== 'linux')('leaves flushing to the caller where syncfs cannot be had', async () => {
    await writeFile(path.join(dir, 'a'), 'a');
    expect(await syncFileSystems([path.join(dir, 'a')])).toBe(false);
  });

  it('says false, having flushed nothing for sure, for no files, a folder that is gone, no sync command, or a sync that fails', async () => {
    expect(await syncFileSystems([])).toBe(false);
    expect(await syncFileSystems([path.join(dir, 'gone', 'a')])).toBe(false);
    await writeFile(path.join(dir, 'a'), 'a');
    expect(await withPath(dir, () => syncFileSystems([path.join(dir, 'a')]))).toBe(false);
    // A `sync` that does not take -f, or fails: an executable of that name exiting with 1.
    if (process.platform !== 'win32') {
      await writeFile(path.join(dir, 'sync'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
      expect(await withPath(dir, () => syncFileSystems([path.join(dir, 'a')]))).toBe(false);
    }
  });
});
