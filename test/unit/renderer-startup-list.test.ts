// @vitest-environment jsdom
/**
 * At start the renderer asks the host for the document list together with the session, not
 * after it: one round trip less while the host is busiest. Over the real host service and corpus
 * store of the Arabic seeds (the IPC transport, as the Electron preload gives it). The store
 * alone, without main.tsx's calls at the script's start (renderer-startup-calls.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { useIpcHostOnSeeds } from '../support/ipc-host';
import { ID_000, ID_004, TITLE_000 } from '../support/seed-corpus';

const host = useIpcHostOnSeeds('hashiya-startup-list-');

describe('the document list at start', () => {
  it('is asked for with the session, and the first loadDocuments takes that answer', async () => {
    const { useHashiya } = await import('../../renderer/src/store');
    const state = () => useHashiya.getState();
    const loading = state().loadSession();
    // Both asked before either is answered: the list does not wait for the session.
    expect(host.calls.map((c) => [c.method, c.answered])).toEqual([
      ['listDocuments', false],
      ['getSession', false],
    ]);
    await loading;
    expect(state().session?.annotator).toBe('amal');
    await state().loadDocuments();
    expect(host.calls.map((c) => c.method)).toEqual(['listDocuments', 'getSession']);
    expect(state().documents.map((d) => d.id)).toEqual([ID_000, ID_004]);
    expect(state().documents[0]?.title).toBe(TITLE_000);

    // Later loads ask again, and so does the first one after another annotator is chosen.
    await state().loadDocuments();
    expect(host.calls.map((c) => c.method)).toEqual(['listDocuments', 'getSession', 'listDocuments']);
    await state().loadSession();
    await state().setAnnotator('layla');
    expect(host.calls.slice(3).map((c) => c.method)).toEqual(['getSession', 'setAnnotator', 'listDocuments']);
    expect(state().session?.annotator).toBe('layla');
    expect(state().documents.map((d) => d.id)).toEqual([ID_000, ID_004]);
  });
});
