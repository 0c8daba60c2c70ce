// @vitest-environment jsdom
/**
 * The editor's saves send what changed since the revision the host holds, over the real host
 * service and corpus store (the IPC transport, as the Electron preload gives it): a label sends
 * one span, a delete one id, and the layer on disk is the editor's. Seed 000, exact offsets.
 */
import { describe, expect, it } from 'vitest';
import { cpSlice, seed000 } from '../fixtures/text/load';
import { useIpcHostOnSeeds } from '../support/ipc-host';
import { ID_000 as ID } from '../support/seed-corpus';

const host = useIpcHostOnSeeds('hashiya-renderer-save-');

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
    const saves = () => host.calls.filter((c) => c.method === 'saveLayer' || c.method === 'saveLayerChanges');
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

    const onDisk = await host.store.readLayer(ID, 'amal');
    expect(onDisk.layer.revision).toBe(3);
    expect(onDisk.layer.spans.map(({ id, label, start, end, text }) => ({ id, label, start, end, text }))).toEqual([
      { id: actorId, label: 'Actor', ...actor, text: 'المرصد السوري لحقوق الإنسان' },
    ]);
    expect(state().article?.revision).toBe(3);
    expect(state().article?.save).toBe('saved');
    expect(state().documents.find((d) => d.id === ID)?.spans).toBe(1);
  });
});
