import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { corpusSuggestions } from '../../electron/corpus-suggestions';
import { CorpusError, type CorpusStore } from '../../electron/corpus-store';
import { SuggestionThread } from '../../electron/suggestion-thread';
import { HostError } from '../../shared/host-reply';
import { ID_000, ID_004, fixtureCorpus } from '../fixtures/export/corpus';
import { cpOccurrences, seed004 } from '../fixtures/text/load';
import { useBundledWorker } from '../support/bundled-worker';

// Suggestions made in the host's worker thread (electron/suggestion-worker.ts bundled with
// esbuild, as scripts/build.mjs bundles it) against the same made in this thread: the same
// suggestions, at the same code point offsets; the worker's lexicon follows a layer saved after
// it was built; a document that cannot be read gives the store's own error; without a worker
// script, or with one that cannot run, suggestions are made in this thread; once closed, none.

const bundled = useBundledWorker('electron/suggestion-worker.ts');

let dir: string;
let store: CorpusStore;
let thread: SuggestionThread;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-suggestion-thread-'));
  store = await fixtureCorpus(dir);
});
afterEach(async () => {
  await thread?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('SuggestionThread', () => {
  it('makes in its worker the suggestions made here, and follows a layer saved after the lexicon was built', async () => {
    thread = new SuggestionThread(store, bundled.url);
    // Layla's layer of seed 004 has few spans: the lexicon (Ali's layers, Layla's) proposes more.
    const here = await corpusSuggestions(store, ID_004, 'Layla');
    const there = await thread.suggestions(ID_004, 'Layla');
    expect(thread.inWorker).toBe(true);
    expect(there).toEqual(here);
    const place = cpOccurrences(seed004, 'دير الزور');
    expect(there.filter((s) => s.text === 'دير الزور').map((s) => [s.label, s.start, s.end])).toEqual(place.map((start) => ['Place', start, start + 9]));

    // Ali labels «واشنطن» in seed 000 as a Place (a save: a new file): seed 004's «واشنطن» is proposed.
    const at = cpOccurrences(seed004, 'واشنطن');
    expect(at.length).toBeGreaterThan(0);
    expect(there.some((s) => s.text === 'واشنطن')).toBe(false);
    const read = await store.readLayer(ID_000, 'Ali');
    const text = await store.readText(ID_000);
    const start = cpOccurrences(text, 'واشنطن')[0] as number;
    await store.saveLayer(ID_000, 'Ali', {
      ...read.layer,
      spans: [...read.layer.spans, { id: 's99', label: 'Place', start, end: start + 6, text: 'واشنطن', attributes: {}, note: '' }],
      expectedRevision: read.layer.revision,
    });
    const after = await thread.suggestions(ID_004, 'Layla');
    expect(after).toEqual(await corpusSuggestions(store, ID_004, 'Layla'));
    expect(after.filter((s) => s.text === 'واشنطن').map((s) => [s.label, s.start, s.end])).toEqual(at.map((s) => ['Place', s, s + 6]));
  });

  it('gives the store’s error for a layer that does not parse, naming its file and line', async () => {
    thread = new SuggestionThread(store, bundled.url);
    await writeFile(store.layerPath(ID_004, 'Layla'), '{"format":"hashiya-layer"\n');
    const here = await corpusSuggestions(store, ID_004, 'Layla').catch((e: unknown) => e);
    const there = await thread.suggestions(ID_004, 'Layla').catch((e: unknown) => e);
    expect(here).toBeInstanceOf(CorpusError);
    expect(there).toBeInstanceOf(CorpusError);
    expect((there as CorpusError).kind).toBe((here as CorpusError).kind);
    expect((there as CorpusError).problems).toEqual((here as CorpusError).problems);
    expect((there as CorpusError).problems[0]?.file).toBe(store.layerPath(ID_004, 'Layla'));
    expect((there as CorpusError).problems[0]?.line).toBe(1);
  });

  it('makes them here when there is no worker script, or one that cannot run', async () => {
    const here = await corpusSuggestions(store, ID_004, 'Layla');
    thread = new SuggestionThread(store, pathToFileURL(path.join(bundled.dir, 'no-such-worker.mjs')));
    expect(await thread.suggestions(ID_004, 'Layla')).toEqual(here);
    expect(thread.inWorker).toBe(false);
    await thread.close();
    const broken = path.join(bundled.dir, 'broken-worker.mjs');
    await writeFile(broken, 'throw new Error("this worker cannot run");\n');
    thread = new SuggestionThread(store, pathToFileURL(broken));
    expect(await thread.suggestions(ID_004, 'Layla')).toEqual(here);
    expect(thread.inWorker).toBe(false);
  });

  it('refuses, once closed, what it was asked and did not answer, and anything asked after (nothing is made in this thread for a closed corpus)', async () => {
    thread = new SuggestionThread(store, bundled.url);
    const asked = thread.suggestions(ID_004, 'Layla').catch((e: unknown) => e);
    await thread.close();
    for (const refused of [asked, thread.suggestions(ID_000, 'Layla').catch((e: unknown) => e)]) {
      const error = await refused;
      expect(error).toBeInstanceOf(HostError);
      expect([(error as HostError).code, (error as HostError).message]).toEqual(['no_corpus', 'the corpus was closed: its suggestions are not made']);
    }
    // The same without a worker (made in this thread until closed).
    thread = new SuggestionThread(store, null);
    expect(await thread.suggestions(ID_004, 'Layla')).toEqual(await corpusSuggestions(store, ID_004, 'Layla'));
    await thread.close();
    expect(((await thread.suggestions(ID_004, 'Layla').catch((e: unknown) => e)) as HostError).code).toBe('no_corpus');
  });
});
