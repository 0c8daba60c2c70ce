// @vitest-environment jsdom
/**
 * The editor's saves send what changed since the revision the host holds, over the real host
 * service and corpus store (the IPC transport, as the Electron preload gives it): a label sends
 * one span, a delete one id, and the layer on disk is the editor's. Seed 000, exact offsets.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CorpusStore } from '../../electron/corpus-store';
import { createHostService, toHostError, type HostService } from '../../electron/host-service';
import { HOST_METHODS } from '../../shared/host-channels';
import type { HostMethodName } from '../../shared/host-channels';
import { cpSlice, seed000 } from '../fixtures/text/load';
import { ID_000 as ID, SEEDS, seedCorpus } from '../support/seed-corpus';

let dir: string;
let service: HostService;
let store: CorpusStore;
/** Every host call the renderer made: its method and arguments as sent. */
const calls: { method: HostMethodName; args: unknown[] }[] = [];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-renderer-save-'));
  store = await seedCorpus(dir);
  service = await createHostService({ dataDir: path.join(dir, 'home'), seedsDir: SEEDS, corpus: store.root, annotator: 'amal', version: 'test' });
  const api: Record<string, (...args: unknown[]) => Promise<unknown>> = {};
  for (const method of HOST_METHODS) {
    api[method] = async (...args: unknown[]) => {
      calls.push({ method, args: JSON.parse(JSON.stringify(args)) as unknown[] });
      try {
        return { ok: true, value: await service.call(method, args) };
      } catch (error) {
        return { ok: false, error: toHostError(error) };
      }
    };
  }
  (window as unknown as { hashiyaHost: unknown }).hashiyaHost = api;
});
afterAll(async () => {
  await service.close();
  await rm(dir, { recursive: true, force: true });
});

/** Code point offsets of the first `needle` in seed 000. */
function find(needle: string): { start: number; end: number } {
  const start = Array.from(seed000.slice(0, seed000.indexOf(needle))).length;
  return { start, end: start + Array.from(needle).length };
}

describe('saving from the editor', () => {
  it('sends a label as one span and a delete as one id, and the layer on disk follows', async () => {
    const { useHashiya } = await import('../../renderer/src/store');
    const state = () => useHashiya.getState();
    await state().loadSession();
    await state().loadDocuments();
    await state().openArticle(ID);
    expect(state().article?.baseStored).toBe(true);

    const place = find('دير الزور');
    const actor = find('المرصد السوري لحقوق الإنسان');
    expect(cpSlice(seed000, place.start, place.end)).toBe('دير الزور');
    const [placeId] = state().addSpans([{ label: 'Place', ...place }]);
    await state().flushSave();
    const [actorId] = state().addSpans([{ label: 'Actor', ...actor }]);
    await state().flushSave();
    const saves = () => calls.filter((c) => c.method === 'saveLayer' || c.method === 'saveLayerChanges');
    expect(saves().map((c) => c.method)).toEqual(['saveLayerChanges', 'saveLayerChanges']);
    const second = saves()[1]?.args[1] as { upsert: { id: string; start: number; end: number; text: string }[]; remove: string[]; expectedRevision: number };
    expect(second.upsert.map(({ id, start, end, text }) => ({ id, start, end, text }))).toEqual([{ id: actorId, ...actor, text: 'المرصد السوري لحقوق الإنسان' }]);
    expect(second.remove).toEqual([]);
    expect(second.expectedRevision).toBe(1);

    if (!placeId) throw new Error('no span added');
    state().deleteSpan(placeId);
    await state().flushSave();
    const third = saves()[2]?.args[1] as { upsert: unknown[]; remove: string[]; expectedRevision: number };
    expect(third).toMatchObject({ upsert: [], remove: [placeId], expectedRevision: 2 });

    const onDisk = await store.readLayer(ID, 'amal');
    expect(onDisk.layer.revision).toBe(3);
    expect(onDisk.layer.spans.map(({ id, label, start, end, text }) => ({ id, label, start, end, text }))).toEqual([
      { id: actorId, label: 'Actor', ...actor, text: 'المرصد السوري لحقوق الإنسان' },
    ]);
    expect(state().article?.revision).toBe(3);
    expect(state().article?.save).toBe('saved');
    expect(state().documents.find((d) => d.id === ID)?.spans).toBe(1);
  });
});
