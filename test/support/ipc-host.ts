/**
 * For renderer tests in jsdom: `window.hashiyaHost` as the Electron preload gives it, each method
 * answered by a real host service in the reply envelope, and every call recorded.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { CorpusStore } from '../../electron/corpus-store';
import { createHostService, toHostError, type HostService } from '../../electron/host-service';
import { HOST_METHODS, type HostMethodName } from '../../shared/host-channels';
import { SEEDS, seedCorpus } from './seed-corpus';

/** A call the renderer made: its method, its arguments as sent (a copy), and whether it was answered yet. */
export interface RecordedCall {
  readonly method: HostMethodName;
  readonly args: unknown[];
  answered: boolean;
}

/** Installs the host on `window`; the calls made through it are pushed onto the array returned, in the order made. */
export function installIpcHost(service: HostService): RecordedCall[] {
  const calls: RecordedCall[] = [];
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const method of HOST_METHODS) {
    api[method] = async (...args: unknown[]) => {
      const call: RecordedCall = { method, args: JSON.parse(JSON.stringify(args)) as unknown[], answered: false };
      calls.push(call);
      try {
        return { ok: true, value: await service.call(method, args) };
      } catch (error) {
        return { ok: false, error: toHostError(error) };
      } finally {
        call.answered = true;
      }
    };
  }
  (window as unknown as { hashiyaHost: unknown }).hashiyaHost = api;
  return calls;
}

/**
 * A corpus of the seeds in a temporary folder, a host service on it for annotator `amal`, and
 * {@link installIpcHost} over it, made before the file's tests and removed after them. The
 * getters are valid inside the tests.
 */
export function useIpcHostOnSeeds(prefix: string): { readonly calls: RecordedCall[]; readonly store: CorpusStore } {
  let dir = '';
  let service: HostService | undefined;
  let store: CorpusStore | undefined;
  let calls: RecordedCall[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), prefix));
    store = await seedCorpus(dir);
    service = await createHostService({ dataDir: path.join(dir, 'home'), seedsDir: SEEDS, corpus: store.root, annotator: 'amal', version: 'test' });
    calls = installIpcHost(service);
  });
  afterAll(async () => {
    await service?.close();
    await rm(dir, { recursive: true, force: true });
  });
  return {
    get calls() {
      return calls;
    },
    get store() {
      if (store === undefined) throw new Error('useIpcHostOnSeeds: the corpus is made in beforeAll');
      return store;
    },
  };
}
