/**
 * Saving what changed: the renderer sends the spans added or changed and the ids taken away
 * since the revision the host holds (shared/corpus/span-changes.ts), and the store applies them
 * to the layer on disk, checked and written as a whole save is. Real seed text and real spans.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorpusStore } from '../../electron/corpus-store';
import { createHostService } from '../../electron/host-service';
import { applySpanChanges, spanChanges } from '../../shared/corpus/span-changes';
import type { Canonicalisation, Span } from '../../shared/model';
import { quoteContext } from '../../shared/text';
import { ID, SPANS, TEXT } from '../fixtures/reanchor/load';
import { refusal } from '../support/corpus-refusal';
import { COUNTRYSIDE, DEIR_EZ_ZOR, NO_LINKS, OBSERVATORY } from '../fixtures/reanchor/saved-spans';

const PLAIN_SPAN = { attributes: {}, note: '' } as const;
const PLAIN: Canonicalisation = { encoding: 'utf-8', bomRemoved: false, crlf: 0, cr: 0, nfcChanged: false, warnings: [] };

/** The fields a save sends, in a fixed order, for comparing stored spans. */
const sent = ({ id, label, start, end, text, attributes, note }: Span) => ({ id, label, start, end, text, attributes, note });

describe('spanChanges and applySpanChanges', () => {
  const [a, b, c, d] = SPANS as [Span, Span, Span, Span];

  it('finds the added, changed and removed spans by id and object, and applying them gives the new list', () => {
    const changedB: Span = { ...b, attributes: { certainty: 'low' } };
    const next = [a, changedB, d];
    const changes = spanChanges([a, b, c], next);
    expect(changes.upsert).toEqual([changedB, d]);
    expect(changes.upsert[0]).toBe(changedB);
    expect(changes.remove).toEqual([c.id]);
    expect(applySpanChanges([a, b, c], changes)).toEqual([a, changedB, d]);
    expect(spanChanges(next, next)).toEqual({ upsert: [], remove: [] });
  });

  it('refuses changes that were not made against the stored list', () => {
    expect(applySpanChanges([a, b], { upsert: [], remove: [c.id] })).toBeNull(); // not there
    expect(applySpanChanges([a, b], { upsert: [b, b], remove: [] })).toBeNull(); // twice
    expect(applySpanChanges([a, b], { upsert: [b], remove: [b.id] })).toBeNull(); // both
    expect(applySpanChanges([a, b], { upsert: [], remove: [a.id, a.id] })).toBeNull();
  });
});

describe('CorpusStore.saveLayerChanges', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hashiya-save-changes-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function corpus(text = TEXT, id = ID): Promise<CorpusStore> {
    const store = await CorpusStore.open(path.join(dir, 'corpus'), { create: true });
    await store.addDocument({ id, source: `${id}.txt`, text, canonicalisation: PLAIN });
    return store;
  }

  it('applies added, changed and removed spans to the stored layer and writes what a whole save of the result writes', async () => {
    const store = await corpus();
    await store.saveLayer(ID, 'Ali', { ...NO_LINKS, spans: [DEIR_EZ_ZOR, OBSERVATORY], status: 'in_progress', expectedRevision: 0 });
    const observatory = { ...OBSERVATORY, note: 'مصدر المعارضة' };
    const written = await store.saveLayerChanges(ID, 'Ali', { ...NO_LINKS, upsert: [observatory, COUNTRYSIDE], remove: ['s1'], status: 'done', expectedRevision: 1 });
    expect(written.revision).toBe(2);
    expect(written.status).toBe('done');
    expect(written.spans.map(sent)).toEqual([observatory, COUNTRYSIDE]);
    const read = await store.readLayer(ID, 'Ali');
    expect(read.layer.spans.map(sent)).toEqual([observatory, COUNTRYSIDE]);
    expect(read.layer.spans[1]?.prefix).toBe(quoteContext(TEXT, 325, 345).prefix);

    // The same content saved whole, in another corpus: the same file but for nothing.
    const other = await CorpusStore.open(path.join(dir, 'other'), { create: true });
    await other.addDocument({ id: ID, source: `${ID}.txt`, text: TEXT, canonicalisation: PLAIN });
    await other.saveLayer(ID, 'Ali', { ...NO_LINKS, spans: [DEIR_EZ_ZOR, OBSERVATORY], status: 'in_progress', expectedRevision: 0 });
    await other.saveLayer(ID, 'Ali', { ...NO_LINKS, spans: [observatory, COUNTRYSIDE], status: 'done', expectedRevision: 1 });
    expect(await readFile(store.layerPath(ID, 'Ali'), 'utf8')).toBe(await readFile(other.layerPath(ID, 'Ali'), 'utf8'));
  });

  it('refuses a stale revision, changes not made against the file, a span that does not anchor and a damaged file, and writes nothing', async () => {
    const store = await corpus();
    await store.saveLayer(ID, 'Ali', { ...NO_LINKS, spans: [DEIR_EZ_ZOR], status: 'in_progress', expectedRevision: 0 });
    const file = store.layerPath(ID, 'Ali');
    const before = await readFile(file, 'utf8');

    const stale = await refusal(store.saveLayerChanges(ID, 'Ali', { ...NO_LINKS, upsert: [OBSERVATORY], remove: [], status: 'in_progress', expectedRevision: 0 }));
    expect(stale.kind).toBe('conflict');
    expect(stale.problems[0]?.message).toBe('the layer is at revision 1, not 0: it was saved elsewhere meanwhile; reload it before saving');

    const elsewhere = await refusal(store.saveLayerChanges(ID, 'Ali', { ...NO_LINKS, upsert: [], remove: ['s2'], status: 'in_progress', expectedRevision: 1 }));
    expect(elsewhere.kind).toBe('conflict');
    expect(elsewhere.problems[0]?.file).toBe(file);

    const moved = { ...OBSERVATORY, start: 220, end: 247 };
    const invalid = await refusal(store.saveLayerChanges(ID, 'Ali', { ...NO_LINKS, upsert: [moved], remove: [], status: 'in_progress', expectedRevision: 1 }));
    expect(invalid.kind).toBe('invalid');
    expect(invalid.problems.map((p) => p.file)).toEqual([file]);

    expect(await readFile(file, 'utf8')).toBe(before);
    expect((await store.readLayer(ID, 'Ali')).layer.revision).toBe(1);

    // A layer file damaged on disk: refused, naming the file and the line, and left as it is.
    const damaged = before.replace('"start":91', '"start":9x');
    await writeFile(file, damaged);
    const unparsed = await refusal(store.saveLayerChanges(ID, 'Ali', { ...NO_LINKS, upsert: [COUNTRYSIDE], remove: [], status: 'in_progress', expectedRevision: 1 }));
    expect(unparsed.kind).toBe('damaged');
    expect(unparsed.problems).toEqual([{ file, line: 2, message: 'refusing to save over a layer file that does not parse: invalid JSON: expected "," or "}", found character "x"' }]);
    expect(await readFile(file, 'utf8')).toBe(damaged);
  });

  it('refuses a malformed request at the host before the store is asked, and a stale one as a conflict, writing nothing', async () => {
    const store = await corpus();
    await store.saveLayer(ID, 'Ali', { ...NO_LINKS, spans: [DEIR_EZ_ZOR], status: 'in_progress', expectedRevision: 0 });
    const file = store.layerPath(ID, 'Ali');
    const before = await readFile(file, 'utf8');
    const host = await createHostService({ dataDir: path.join(dir, 'home'), seedsDir: path.join(dir, 'no-seeds'), corpus: store.root, annotator: 'Ali', version: 'test' });
    try {
      const changes = { ...NO_LINKS, upsert: [OBSERVATORY], remove: [], status: 'in_progress', expectedRevision: 1 };
      const { upsert: _upsert, ...withoutUpsert } = changes;
      await expect(host.call('saveLayerChanges', [ID, { ...changes, remove: ['s1 و s2'] }])).rejects.toMatchObject({ code: 'invalid_argument', message: 'saveLayerChanges: not a span id at 1.remove.0' });
      await expect(host.call('saveLayerChanges', [ID, withoutUpsert])).rejects.toMatchObject({ code: 'invalid_argument', message: 'saveLayerChanges: Invalid input: expected array, received undefined at 1.upsert' });
      await expect(host.call('saveLayerChanges', [ID, { ...changes, spans: [OBSERVATORY] }])).rejects.toMatchObject({ code: 'invalid_argument', message: 'saveLayerChanges: Unrecognized key: "spans" at 1' });
      await expect(host.call('saveLayerChanges', [ID, { ...changes, expectedRevision: -1 }])).rejects.toMatchObject({ code: 'invalid_argument', message: 'saveLayerChanges: Too small: expected number to be >=0 at 1.expectedRevision' });
      await expect(host.call('saveLayerChanges', [ID, { ...changes, expectedRevision: 0 }])).rejects.toMatchObject({
        code: 'conflict',
        problems: [{ file, message: 'the layer is at revision 1, not 0: it was saved elsewhere meanwhile; reload it before saving' }],
      });
      expect(await readFile(file, 'utf8')).toBe(before);
      expect(await host.call('saveLayerChanges', [ID, changes])).toEqual({ revision: 2, status: 'in_progress', spans: 2 });
    } finally {
      await host.close();
    }
  });

  it('keeps code point offsets after an emoji, diacritics and tatweel as sent', async () => {
    // Canonical text (CRLF and BOM are gone by import): an emoji, a diacritic and tatweel before the spans.
    const text = '🙂 قالَ المرصــد السوري إن غارة\nقتلت ١٢ مدنياً في دير الزور.';
    const store = await corpus(text, 'emoji');
    const cp = (needle: string) => {
      const at = Array.from(text.slice(0, text.indexOf(needle))).length;
      return { start: at, end: at + Array.from(needle).length, text: needle };
    };
    const actor = { id: 's1', label: 'Actor', ...cp('المرصــد السوري'), ...PLAIN_SPAN };
    const place = { id: 's2', label: 'Place', ...cp('دير الزور'), ...PLAIN_SPAN };
    expect(actor).toMatchObject({ start: 7, end: 22 });
    expect(place).toMatchObject({ start: 49, end: 58 });
    await store.saveLayer('emoji', 'Ali', { ...NO_LINKS, spans: [actor], status: 'in_progress', expectedRevision: 0 });
    const written = await store.saveLayerChanges('emoji', 'Ali', { ...NO_LINKS, upsert: [place], remove: [], status: 'in_progress', expectedRevision: 1 });
    expect(written.spans.map(sent)).toEqual([actor, place]);
    expect(Array.from(text).slice(49, 58).join('')).toBe('دير الزور');
  });
});
