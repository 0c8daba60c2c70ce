/**
 * A layer made on another text than its document's (the text replaced, or the layer copied from a
 * corpus with an older text): the store re-anchors it on read, keeps what it cannot place, and
 * saves it onto the current text. Real text: seed 000 with its real spans, edited three ways.
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorpusStore } from '../../electron/corpus-store';
import { serializeLayer, sortSpans } from '../../shared/corpus/layer-file';
import { reanchorLayer } from '../../shared/corpus/reanchor-layer';
import type { Canonicalisation, Layer, Span } from '../../shared/model';
import { ID, SPANS, TEXT, span } from '../fixtures/reanchor/load';

const PLAIN: Canonicalisation = { encoding: 'utf-8', bomRemoved: false, crlf: 0, cr: 0, nfcChanged: false, warnings: [] };
const OLD_SHA = createHash('sha256').update(TEXT).digest('hex');

/** A sentence put before the article (45 code points). */
const INTRO = 'تحديث: أعيد استيراد هذا الخبر بعد تصحيح نصه.\n';
/**
 * Seed 000 re-imported after editing: a sentence inserted before everything (+45), a word changed
 * just before a span (وقال → وأفاد before المرصد السوري, +1), a word deleted inside the claim T13
 * (القدرة and its space, −7), and the name of T12 abbreviated (جون → ج., −1).
 */
const EDITED = (INTRO + TEXT)
  .replace('وقال المرصد السوري', 'وأفاد المرصد السوري')
  .replace('لدينا القدرة على الرد', 'لدينا على الرد')
  .replace('جون كيربي', 'ج. كيربي');

/** The code points `[start, end)` of `text`. */
function cpSlice(text: string, start: number, end: number): string {
  return [...text].slice(start, end).join('');
}

let dir: string;
let store: CorpusStore;
let file: string;
/** The layer as the colleague made it, on the text before the edits (revision 3). */
let oldLayer: Layer;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-reanchor-'));
  store = await CorpusStore.open(path.join(dir, 'corpus'), { create: true });
  await store.addDocument({ id: ID, source: `${ID}.txt`, text: EDITED, canonicalisation: PLAIN });
  oldLayer = {
    document: ID,
    annotator: 'Ali',
    textSha256: OLD_SHA,
    revision: 3,
    status: 'in_progress',
    spans: SPANS.map((s) => (s.id === 'T6' ? { ...s, note: 'المرصد، لا الحكومة' } : s)),
    relations: [{ id: 'r1', type: 'located_at', from: 'T6', to: 'T7' }],
    rejected: [{ label: 'Place', start: 1000, end: 1010 }],
  };
  file = store.layerPath(ID, 'Ali');
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, serializeLayer(oldLayer));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('reading a layer made on another text', () => {
  it('moves every span it finds (exact, then fuzzy) to its new offsets and quote, and keeps the rest as orphans', async () => {
    const read = await store.readLayer(ID, 'Ali');
    expect(read.reanchored).toBe(true);
    const newSha = (await store.readMeta(ID)).sha256;
    expect(read.problems).toEqual([{ file, line: 1, message: `the layer was made on another text (textSha256 ${OLD_SHA.slice(0, 12)}…, the document's is ${newSha.slice(0, 12)}…)` }]);

    const moved = new Map(read.moved.map((m) => [m.spanId, m]));
    // Inserted sentence before: everything shifts by exactly 45 (46 after وأفاد).
    expect(moved.get('T1')).toMatchObject({ spanId: 'T1', outcome: 'exact', from: { start: 39, end: 55, text: 'القوات الأمريكية' }, to: { start: 84, end: 100, text: 'القوات الأمريكية' } });
    expect(moved.get('T1')?.score).toBeGreaterThan(0.999); // quote and context intact; only the position differs
    expect(moved.get('T4')).toMatchObject({ outcome: 'exact', to: { start: 136, end: 145, text: 'دير الزور' } });
    // A word changed right before the span: its prefix no longer matches, the quote still does.
    expect(moved.get('T6')).toMatchObject({ outcome: 'exact', from: { start: 219, end: 246 }, to: { start: 265, end: 292, text: 'المرصد السوري لحقوق الإنسان' } });
    expect(moved.get('T6')?.score).toBeCloseTo(0.963, 3);
    // Nested spans follow, each to its own occurrence of دير الزور.
    expect(moved.get('T8')).toMatchObject({ outcome: 'exact', to: { start: 371, end: 391, text: 'ريف دير الزور الشرقي' } });
    expect(moved.get('T9')).toMatchObject({ outcome: 'exact', to: { start: 375, end: 384, text: 'دير الزور' } });
    // A word deleted inside the claim: found with 7 edits, its quote now the edited sentence.
    expect(moved.get('T13')).toMatchObject({
      outcome: 'fuzzy',
      from: { start: 1112, end: 1201, text: span('T13').text },
      to: { start: 1158, end: 1240, text: 'قال البيان: "لدينا على الرد في حال تم استهداف مراكزنا وقواتنا على الأراضي السورية"' },
    });
    // After the deletion the shift is 45 + 1 − 7 = 39, and 38 after the shortened name.
    expect(moved.get('T11')).toMatchObject({ outcome: 'exact', to: { start: 1452, end: 1470, text: 'خمسة جنود أمريكيين' } });
    expect(moved.get('T14')).toMatchObject({ outcome: 'exact', to: { start: 1774, end: 1787, text: 'لم تقع إصابات' } });
    expect([...moved.keys()]).toEqual(['T1', 'T2', 'T4', 'T5', 'T6', 'T7', 'T8', 'T9', 'T10', 'T13', 'T11', 'T14']); // in layer order
    for (const m of read.moved) expect(cpSlice(EDITED, m.to.start, m.to.end)).toBe(m.to.text);

    // جون كيربي is gone: an orphan with the reason and its line, kept exactly as stored.
    expect(read.orphans).toEqual([
      { spanId: 'T12', message: 'could not be re-anchored in the changed text: the quote "جون كيربي" occurs nowhere in the text, verbatim or with at most 0 edit(s) (line 13)' },
    ]);
    expect(read.layer.spans.find((s) => s.id === 'T12')).toEqual(span('T12'));
    expect(read.layer.spans).toHaveLength(SPANS.length);

    // The moved spans carry the new text's context; everything else of a span stays.
    const t6 = read.layer.spans.find((s) => s.id === 'T6') as Span;
    expect(t6).toEqual({ ...span('T6'), start: 265, end: 292, prefix: ' الجانب الأمريكي.\nوأفاد ', suffix: '؛ إن مساكن قاعدة حقل الع', note: 'المرصد، لا الحكومة' });
    expect(read.layer.relations).toEqual(oldLayer.relations);
    expect(read.layer.revision).toBe(3);
    expect(read.relationProblems).toEqual([]);
    // The file is untouched until a save.
    expect(await readFile(file, 'utf8')).toBe(serializeLayer(oldLayer));
  });

  it('saves the re-anchored layer onto the current text, keeping the orphan, and the old one as the previous version', async () => {
    const read = await store.readLayer(ID, 'Ali');
    const saved = await store.saveLayer(ID, 'Ali', { ...read.layer, expectedRevision: read.layer.revision });
    expect(saved.revision).toBe(4);
    expect(saved.textSha256).toBe((await store.readMeta(ID)).sha256);
    expect(saved.spans.find((s) => s.id === 'T13')).toMatchObject({ start: 1158, end: 1240 });
    expect(saved.spans.find((s) => s.id === 'T12')).toEqual(span('T12'));

    const again = await store.readLayer(ID, 'Ali');
    expect(again).toMatchObject({ reanchored: false, moved: [], problems: [] });
    expect(again.layer).toEqual(saved);
    // Still an orphan, now measured against the text it is saved on.
    expect(again.orphans).toEqual([{ spanId: 'T12', message: 'offsets 1694–1703 now yield "ث باسم مج", not the quote "جون كيربي" (line 13)' }]);

    expect(await store.previousLayer(ID, 'Ali')).toMatchObject({ revision: 3, spans: SPANS.length, relations: 1, onOtherText: true });
    expect(await readFile(store.previousLayerPath(ID, 'Ali'), 'utf8')).toBe(serializeLayer(oldLayer));

    // Placing the orphan by hand is an ordinary edit of its offsets: accepted.
    const placed = again.layer.spans.map((s) => (s.id === 'T12' ? { ...s, start: 1733, end: 1741, text: 'ج. كيربي' } : s));
    const fixed = await store.saveLayer(ID, 'Ali', { ...again.layer, spans: placed, expectedRevision: 4 });
    expect(fixed.spans.find((s) => s.id === 'T12')).toMatchObject({ start: 1733, end: 1741, text: 'ج. كيربي', prefix: 'من القومي بالبيت الأبيض ' });
    expect((await store.readLayer(ID, 'Ali')).orphans).toEqual([]);
  });

  it('restores a previous version made on another text by re-anchoring it first', async () => {
    const read = await store.readLayer(ID, 'Ali');
    await store.saveLayer(ID, 'Ali', { ...read.layer, spans: [], relations: [], expectedRevision: 3 }); // everything deleted by mistake
    const restored = await store.restorePreviousLayer(ID, 'Ali', 4);
    expect(restored.revision).toBe(5);
    expect(restored.spans).toEqual(read.layer.spans);
    expect(restored.relations).toEqual(oldLayer.relations);
    expect((await store.readLayer(ID, 'Ali')).orphans.map((o) => o.spanId)).toEqual(['T12']);
  });

  it('leaves a gold layer made on another text where it is (its provenance names offsets)', async () => {
    const goldFile = store.goldPath(ID);
    await mkdir(path.dirname(goldFile), { recursive: true });
    await writeFile(goldFile, serializeLayer({ ...oldLayer, annotator: 'gold', relations: [] }));
    const gold = await store.readGold(ID);
    expect(gold.reanchored).toBe(false);
    expect(gold.layer.spans).toEqual(sortSpans(oldLayer.spans));
    expect(gold.orphans.map((o) => o.spanId)).toContain('T1');
  });
});

describe('reanchorLayer', () => {
  it('leaves out rejected suggestions past the end of a shorter text, and nothing else', () => {
    const shorter = TEXT.slice(0, 1500);
    const result = reanchorLayer({ ...oldLayerOf(), rejected: [{ label: 'Place', start: 91, end: 100 }, { label: 'Actor', start: 1694, end: 1703 }] }, shorter);
    expect(result.outside).toEqual([{ label: 'Actor', start: 1694, end: 1703 }]);
    expect(result.layer.rejected).toEqual([{ label: 'Place', start: 91, end: 100 }]);
    expect(result.moved).toEqual([]);
    expect(result.orphans.map((o) => o.spanId)).toEqual(['T12', 'T14']); // in layer order
    expect(result.layer.spans).toEqual(sortSpans(SPANS));
  });
});

function oldLayerOf(): Layer {
  return { document: ID, annotator: 'Ali', textSha256: OLD_SHA, revision: 1, status: 'in_progress', spans: SPANS, relations: [], rejected: [] };
}
