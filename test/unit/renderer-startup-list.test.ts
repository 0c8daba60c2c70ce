// @vitest-environment jsdom
/**
 * At start the renderer asks the host for the document list together with the session, not
 * after it: one round trip less while the host is busiest. Over the real host service and corpus
 * store of the Arabic seeds (the IPC transport, as the Electron preload gives it).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHostService, toHostError, type HostService } from '../../electron/host-service';
import { HOST_METHODS, type HostMethodName } from '../../shared/host-channels';
import { ID_000, ID_004, SEEDS, TITLE_000, seedCorpus } from '../support/seed-corpus';

let dir: string;
let service: HostService;
/** Every host call the renderer made, in the order made, and when each was answered. */
const calls: { method: HostMethodName; answered: boolean }[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-startup-list-'));
  const store = await seedCorpus(dir);
  service = await createHostService({ dataDir: path.join(dir, 'home'), seedsDir: SEEDS, corpus: store.root, annotator: 'amal', version: 'test' });
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const method of HOST_METHODS) {
    api[method] = async (...args: unknown[]) => {
      const call = { method, answered: false };
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
});
afterAll(async () => {
  await service.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the document list at start', () => {
  it('is asked for with the session, and the first loadDocuments takes that answer', async () => {
    const { useHashiya } = await import('../../renderer/src/store');
    const state = () => useHashiya.getState();
    const loading = state().loadSession();
    // Both asked before either is answered: the list does not wait for the session.
    expect(calls.map((c) => [c.method, c.answered])).toEqual([
      ['listDocuments', false],
      ['getSession', false],
    ]);
    await loading;
    expect(state().session?.annotator).toBe('amal');
    await state().loadDocuments();
    expect(calls.map((c) => c.method)).toEqual(['listDocuments', 'getSession']);
    expect(state().documents.map((d) => d.id)).toEqual([ID_000, ID_004]);
    expect(state().documents[0]?.title).toBe(TITLE_000);

    // Later loads ask again, and so does the first one after another annotator is chosen.
    await state().loadDocuments();
    expect(calls.map((c) => c.method)).toEqual(['listDocuments', 'getSession', 'listDocuments']);
    await state().loadSession();
    await state().setAnnotator('layla');
    expect(calls.slice(3).map((c) => c.method)).toEqual(['getSession', 'setAnnotator', 'listDocuments']);
    expect(state().session?.annotator).toBe('layla');
    expect(state().documents.map((d) => d.id)).toEqual([ID_000, ID_004]);
  });
});
