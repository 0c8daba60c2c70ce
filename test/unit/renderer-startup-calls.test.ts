// @vitest-environment jsdom
/**
 * The session and the document list are asked for as soon as the page's script begins
 * (renderer/src/begin-host-calls.ts, main.tsx's first import), and the store's first session and
 * list take those answers instead of asking again. Over the real host service and corpus store
 * of the Arabic seeds (the IPC transport, as the Electron preload gives it).
 */
import { describe, expect, it } from 'vitest';
import { useIpcHostOnSeeds } from '../support/ipc-host';
import { ID_000, ID_004, TITLE_000 } from '../support/seed-corpus';

const host = useIpcHostOnSeeds('hashiya-startup-calls-');

describe('the first host calls', () => {
  it('go out when the script begins, and the store takes their answers once', async () => {
    await import('../../renderer/src/begin-host-calls');
    // Asked for on import, before the store exists.
    expect(host.calls.map((c) => c.method)).toEqual(['getSession', 'listDocuments']);
    const { useHashiya } = await import('../../renderer/src/store');
    const state = () => useHashiya.getState();
    await state().loadSession();
    await state().loadDocuments();
    // No call of its own: the two made at the start answered both.
    expect(host.calls.map((c) => c.method)).toEqual(['getSession', 'listDocuments']);
    expect(state().session?.annotator).toBe('amal');
    expect(state().documents.map((d) => d.id)).toEqual([ID_000, ID_004]);
    expect(state().documents[0]?.title).toBe(TITLE_000);

    // Later they are asked for anew.
    await state().loadSession();
    await state().loadDocuments();
    expect(host.calls.map((c) => c.method)).toEqual(['getSession', 'listDocuments', 'getSession', 'listDocuments']);
    // Imported again (a second import of the module is the same module): nothing more asked.
    const { beginStartupCalls, takeStartupCalls } = await import('../../renderer/src/startup-calls');
    beginStartupCalls((await import('../../renderer/src/host')).host);
    expect(host.calls).toHaveLength(4);
    expect(takeStartupCalls()).toBeNull();
  });
});
