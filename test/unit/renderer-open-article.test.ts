// @vitest-environment jsdom
/**
 * The first document opened by itself is shown only once the document list is still: openArticle
 * waits for `beforeShowing` between reading the document and showing it, and a document opened
 * meanwhile wins. Over the real host service and corpus store of the Arabic seeds.
 */
import { describe, expect, it } from 'vitest';
import { useIpcHostOnSeeds } from '../support/ipc-host';
import { ID_000, ID_004 } from '../support/seed-corpus';

const host = useIpcHostOnSeeds('hashiya-open-article-');

/** A promise and the function that fulfils it. */
function gate(): { readonly wait: () => Promise<void>; readonly open: () => void } {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { wait: () => promise, open };
}

describe('openArticle with beforeShowing', () => {
  it('reads the document, waits, then shows it; a document opened while it waits is the one shown', async () => {
    const { useHashiya } = await import('../../renderer/src/store');
    const state = () => useHashiya.getState();
    await state().loadSession();
    await state().loadDocuments();

    // Opened by itself, waiting to be shown: read, not shown.
    const still = gate();
    const opening = state().openArticle(ID_000, still.wait);
    await expect.poll(() => host.calls.filter((c) => c.method === 'loadLayer' && c.answered).length).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect([state().article, state().opening]).toEqual([null, ID_000]);
    // The user opens seed 004 meanwhile: shown at once, and it stays when the wait ends.
    await state().openArticle(ID_004);
    expect(state().article?.id).toBe(ID_004);
    still.open();
    await opening;
    expect([state().article?.id, state().opening]).toEqual([ID_004, null]);

    // Waiting again (for seed 000): 004 stays shown until the wait ends, then 000 is.
    const later = gate();
    const waiting = state().openArticle(ID_000, later.wait);
    await expect.poll(() => host.calls.filter((c) => c.method === 'loadLayer' && c.answered).length).toBe(3);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect([state().article?.id, state().opening]).toEqual([ID_004, ID_000]);
    later.open();
    await waiting;
    expect([state().article?.id, state().opening]).toEqual([ID_000, null]);
    expect(state().article?.text.startsWith('شهدت الساعات الماضية')).toBe(true);
  });
});
