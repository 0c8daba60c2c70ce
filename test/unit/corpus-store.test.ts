import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorpusError, CorpusStore } from '../../electron/corpus-store';
import { writeFileAtomic } from '../../electron/atomic-write';
import { DEFAULT_SCHEMA, serializeManifest } from '../../shared/corpus/manifest';
import type { Canonicalisation, Relation, Schema } from '../../shared/model';
import { refusal } from '../support/corpus-refusal';

const SEED_ID = '000_7db2a034c338d373';
const SEED_BYTES = readFileSync(new URL(`../../seeds/${SEED_ID}.txt`, import.meta.url));
const SEED = SEED_BYTES.toString('utf8');
const SEED_SHA = createHash('sha256').update(SEED_BYTES).digest('hex');
const PLAIN: Canonicalisation = { encoding: 'utf-8', bomRemoved: false, crlf: 0, cr: 0, nfcChanged: false, warnings: [] };

/** Real spans of seed 000 (code point offsets checked against the text by hand). */
const PLAIN_SPAN = { attributes: {}, note: '' } as const;
const DEIR_EZ_ZOR = { id: 's1', label: 'Place', start: 91, end: 100, text: 'دير الزور', ...PLAIN_SPAN };
const GOVERNORATE = { id: 's2', label: 'Place', start: 84, end: 100, text: 'محافظة\nدير الزور', ...PLAIN_SPAN };
const EASTERN_COUNTRYSIDE = { id: 's3', label: 'Place', start: 325, end: 345, text: 'ريف دير الزور الشرقي', ...PLAIN_SPAN };
const NESTED_DEIR_EZ_ZOR = { id: 's4', label: 'Place', start: 329, end: 338, text: 'دير الزور', ...PLAIN_SPAN };
const OBSERVATORY = { id: 's5', label: 'Actor', start: 219, end: 246, text: 'المرصد السوري لحقوق الإنسان', ...PLAIN_SPAN };
/** A save without relations or rejected suggestions. */
const NO_LINKS = { relations: [], rejected: [] } as const;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-store-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function corpusWithSeed(): Promise<CorpusStore> {
  const store = await CorpusStore.open(path.join(dir, 'corpus'), { create: true, name: 'Seeds' });
  await store.addDocument({ id: SEED_ID, source: `${SEED_ID}.txt`, text: SEED, canonicalisation: PLAIN, importedAt: '2025-03-01T10:15:00.000Z' });
  return store;
}

describe('CorpusStore.open', () => {
  it('creates a corpus in a missing folder, with the default schema, and opens it again', async () => {
    const root = path.join(dir, 'new', 'corpus');
    const store = await CorpusStore.open(root, { create: true });
    expect(store.root).toBe(root);
    expect(store.manifest).toEqual({ name: 'corpus', schema: DEFAULT_SCHEMA });
    const manifest = await readFile(path.join(root, 'hashiya.json'), 'utf8');
    expect(manifest).toBe(serializeManifest({ name: 'corpus', schema: DEFAULT_SCHEMA }));
    // The full conflict-news default: attributes and relation types included.
    expect(JSON.parse(manifest).schema.labels[2].attributes.map((a: { name: string }) => a.name)).toEqual([
      'outcome',
      'value',
      'min',
      'max',
      'qualifier',
      'asserted_zero',
      'affected_party',
      'reported_by',
    ]);
    expect(JSON.parse(manifest).schema.relations.map((r: { name: string }) => r.name)).toEqual(['located_at', 'part_of', 'same_as']);
    expect((await readdir(root)).sort()).toEqual(['documents', 'hashiya.json', 'layers']);
    const again = await CorpusStore.open(root);
    expect(again.manifest).toEqual(store.manifest);
  });

  it('turns an empty folder into a corpus only when asked', async () => {
    const error = await refusal(CorpusStore.open(dir));
    expect(error.kind).toBe('not_found');
    expect(error.problems[0]?.file).toBe(path.join(dir, 'hashiya.json'));
    await writeFile(path.join(dir, '.DS_Store'), '');
    expect((await CorpusStore.open(dir, { create: true, name: 'أخبار' })).manifest.name).toBe('أخبار');
  });

  it('refuses a non-empty folder without a manifest, naming the manifest', async () => {
    await writeFile(path.join(dir, 'notes.txt'), 'hello');
    const error = await refusal(CorpusStore.open(dir, { create: true }));
    expect(error.problems).toEqual([{ file: path.join(dir, 'hashiya.json'), message: expect.stringContaining('is not empty and is not a Hashiya corpus') }]);
    expect(existsSync(path.join(dir, 'hashiya.json'))).toBe(false);
  });

  it('refuses a damaged manifest, naming file and line', async () => {
    await writeFile(path.join(dir, 'hashiya.json'), '{\n  "format": "hashiya-corpus",\n  "version": 1,\n  "name": 7\n}\n');
    const error = await refusal(CorpusStore.open(dir, { create: true }));
    expect(error.kind).toBe('damaged');
    expect(error.problems[0]).toEqual({ file: path.join(dir, 'hashiya.json'), line: 4, message: '"name" must be a string, not a number' });
  });
});

describe('documents', () => {
  it('stores the seed as imported and verifies it on every read', async () => {
    const store = await corpusWithSeed();
    expect(await readFile(store.textPath(SEED_ID))).toEqual(SEED_BYTES);
    const meta = await store.readMeta(SEED_ID);
    expect(meta).toEqual({ id: SEED_ID, source: `${SEED_ID}.txt`, importedAt: '2025-03-01T10:15:00.000Z', sha256: SEED_SHA, length: 2083, canonicalisation: PLAIN });
    expect(await store.readText(SEED_ID)).toBe(SEED);
    expect((await store.listDocuments()).map((m) => m.id)).toEqual([SEED_ID]);

    await writeFile(store.textPath(SEED_ID), SEED.replace('دير الزور', 'دير الزوز'));
    const error = await refusal(store.readText(SEED_ID));
    expect(error.problems[0]?.file).toBe(store.textPath(SEED_ID));
    expect(error.problems[0]?.message).toContain('the text changed after import');
  });

  it('refuses to add a document twice or a text that is not canonical', async () => {
    const store = await corpusWithSeed();
    expect((await refusal(store.addDocument({ id: SEED_ID, source: 'x.txt', text: SEED, canonicalisation: PLAIN }))).kind).toBe('conflict');
    const crlf = await refusal(store.addDocument({ id: 'crlf', source: 'x.txt', text: 'a\r\nb', canonicalisation: PLAIN }));
    expect(crlf.problems[0]?.message).toContain('not canonical');
    expect(await store.hasDocument('crlf')).toBe(false);
  });

  it('names a missing document as not found', async () => {
    const store = await corpusWithSeed();
    const error = await refusal(store.readMeta('004_fee82008326e4aee'));
    expect(error.kind).toBe('not_found');
  });
});

describe('layers', () => {
  it('round-trips real spans with exact offsets: across the line break, nested, same label', async () => {
    const store = await corpusWithSeed();
    const empty = await store.readLayer(SEED_ID, 'علي');
    expect(empty).toEqual({
      layer: { document: SEED_ID, annotator: 'علي', textSha256: SEED_SHA, revision: 0, status: 'not_started', spans: [], relations: [], rejected: [] },
      problems: [],
      orphans: [],
      unfit: [],
      relationProblems: [],
      reanchored: false,
      moved: [],
    });

    const saved = await store.saveLayer(SEED_ID, 'علي', {
      ...NO_LINKS,
      spans: [NESTED_DEIR_EZ_ZOR, DEIR_EZ_ZOR, OBSERVATORY, GOVERNORATE, EASTERN_COUNTRYSIDE],
      status: 'in_progress',
      expectedRevision: 0,
    });
    expect(saved.revision).toBe(1);
    expect(saved.textSha256).toBe(SEED_SHA);
    expect(saved.spans.map((s) => s.id)).toEqual(['s2', 's1', 's5', 's3', 's4']);
    expect(saved.spans[1]).toEqual({ ...DEIR_EZ_ZOR, prefix: 'والية لإيران، في محافظة\n', suffix: '، شرقي سوريا.\nوقالت وسائ' });
    expect(saved.spans[0]).toEqual({ ...GOVERNORATE, prefix: 'يشيات موالية لإيران، في ', suffix: '، شرقي سوريا.\nوقالت وسائ' });
    expect(saved.spans[4]).toEqual({ ...NESTED_DEIR_EZ_ZOR, prefix: 'ت التحالف الدولي في ريف ', suffix: ' الشرقي، تعرضت لقصف بثلا' });

    const file = store.layerPath(SEED_ID, 'علي');
    expect(file).toBe(path.join(store.root, 'layers', 'علي', `${SEED_ID}.jsonl`));
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines).toHaveLength(7);
    expect(lines[2]).toBe(
      '{"type":"span","id":"s1","label":"Place","start":91,"end":100,"text":"دير الزور","prefix":"والية لإيران، في محافظة\\n","suffix":"، شرقي سوريا.\\nوقالت وسائ"}',
    );

    const read = await store.readLayer(SEED_ID, 'علي');
    expect(read).toEqual({ layer: saved, problems: [], orphans: [], unfit: [], relationProblems: [], reanchored: false, moved: [] });
    expect(await store.layerSummaries('علي')).toEqual(new Map([[SEED_ID, { status: 'in_progress', spans: 5, problems: [] }]]));
    expect((await readdir(path.dirname(file))).filter((n) => !n.endsWith('.jsonl'))).toEqual([]);
  });

  it('refuses a save over another revision and writes nothing', async () => {
    const store = await corpusWithSeed();
    await store.saveLayer(SEED_ID, 'Ali', { ...NO_LINKS, spans: [DEIR_EZ_ZOR], status: 'in_progress', expectedRevision: 0 });
    const before = await readFile(store.layerPath(SEED_ID, 'Ali'), 'utf8');
    const error = await refusal(store.saveLayer(SEED_ID, 'Ali', { ...NO_LINKS, spans: [GOVERNORATE], status: 'done', expectedRevision: 0 }));
    expect(error.kind).toBe('conflict');
    expect(error.problems[0]?.message).toContain('the layer is at revision 1, not 0');
    expect(await readFile(store.layerPath(SEED_ID, 'Ali'), 'utf8')).toBe(before);
  });

  it('serialises concurrent saves: one of two saves from revision 0 wins, chained saves both land', async () => {
    const store = await corpusWithSeed();
    const results = await Promise.allSettled([
      store.saveLayer(SEED_ID, 'Ali', { ...NO_LINKS, spans: [DEIR_EZ_ZOR], status: 'in_progress', expectedRevision: 0 }),
      store.saveLayer(SEED_ID, 'Ali', { ...NO_LINKS, spans: [GOVERNORATE], status: 'in_progress', expectedRevision: 0 }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected']);
    expect(results[1]?.status === 'rejected' && (results[1].reason as CorpusError).kind).toBe('conflict');

    const chained = await Promise.all([
      store.saveLayer(SEED_ID, 'Ali', { ...NO_LINKS, spans: [DEIR_EZ_ZOR, GOVERNORATE], status: 'in_progress', expectedRevision: 1 }),
      store.saveLayer(SEED_ID, 'Ali', { ...NO_LINKS, spans: [GOVERNORATE], status: 'done', expectedRevision: 2 }),
    ]);
    expect(chained.map((l) => l.revision)).toEqual([2, 3]);
    const read = await store.readLayer(SEED_ID, 'Ali');
    expect(read.layer.revision).toBe(3);
    expect(read.layer.spans.map((s) => s.id)).toEqual(['s2']);
  });

  it('refuses spans that do not match the text or the schema, naming each', async () => {
    const store = await corpusWithSeed();
    const error = await refusal(
      store.saveLayer(SEED_ID, 'Ali', {
        ...NO_LINKS,
        spans: [
          { ...DEIR_EZ_ZOR, start: 92, end: 101 },
          { ...OBSERVATORY, end: 5000 },
          { ...GOVERNORATE, label: 'Person' },
        ],
        status: 'in_progress',
        expectedRevision: 0,
      }),
    );
    expect(error.problems.map((p) => p.message)).toEqual([
      'span "s1": offsets 92–101 now yield "ير الزور،", not the quote "دير الزور"',
      'span "s5": offsets 219–5000 run past the end of the text (2083 code points)',
      'span "s2": label "Person" is not in the corpus schema (Actor, Place, CasualtyCount, Claim)',
    ]);
    expect(existsSync(store.layerPath(SEED_ID, 'Ali'))).toBe(false);
  });

  it('never overwrites a layer file that does not parse', async () => {
    const store = await corpusWithSeed();
    await store.saveLayer(SEED_ID, 'Ali', { ...NO_LINKS, spans: [DEIR_EZ_ZOR, GOVERNORATE], status: 'in_progress', expectedRevision: 0 });
    const file = store.layerPath(SEED_ID, 'Ali');
    const damaged = (await readFile(file, 'utf8')).replace('"start":91', '"start":9x');
    await writeFile(file, damaged);

    const readError = await refusal(store.readLayer(SEED_ID, 'Ali'));
    expect(readError.kind).toBe('damaged');
    expect(readError.problems).toEqual([{ file, line: 3, message: expect.stringContaining('invalid JSON') }]);

    const saveError = await refusal(store.saveLayer(SEED_ID, 'Ali', { ...NO_LINKS, spans: [], status: 'in_progress', expectedRevision: 1 }));
    expect(saveError.problems[0]).toMatchObject({ file, line: 3 });
    expect(saveError.problems[0]?.message).toContain('refusing to save over a layer file that does not parse');
    expect(await readFile(file, 'utf8')).toBe(damaged);
    // The document list still lists the document, naming the damaged file and line.
    expect(await store.layerSummaries('Ali')).toEqual(
      new Map([[SEED_ID, { status: 'not_started', spans: 0, problems: [expect.objectContaining({ file, line: 3 })] }]]),
    );
  });

  it('reports an orphaned span and keeps it, unchanged, across a save', async () => {
    const store = await corpusWithSeed();
    const file = store.layerPath(SEED_ID, 'Ali');
    await mkdir(path.dirname(file), { recursive: true });
    const orphanLine =
      '{"type":"span","id":"s7","label":"Place","start":92,"end":101,"text":"دير الزور","prefix":"hand-edited","suffix":""}';
    await writeFile(
      file,
      `{"format":"hashiya-layer","version":1,"document":"${SEED_ID}","annotator":"Ali","textSha256":"${SEED_SHA}","revision":4,"status":"in_progress"}\n${orphanLine}\n`,
    );
    const read = await store.readLayer(SEED_ID, 'Ali');
    expect(read.orphans).toEqual([{ spanId: 's7', message: 'offsets 92–101 now yield "ير الزور،", not the quote "دير الزور" (line 2)' }]);
    expect(read.layer.spans).toHaveLength(1);

    const orphan = read.layer.spans[0]!;
    const saved = await store.saveLayer(SEED_ID, 'Ali', { ...NO_LINKS, spans: [orphan, OBSERVATORY], status: 'done', expectedRevision: 4 });
    expect(saved.revision).toBe(5);
    expect(saved.spans).toContainEqual(orphan);
    const text = await readFile(file, 'utf8');
    expect(text.split('\n')).toContain(orphanLine);
    expect((await store.readLayer(SEED_ID, 'Ali')).orphans.map((o) => o.spanId)).toEqual(['s7']);

    // Its values and note may still be edited: the anchor stays exactly as stored.
    const noted = await store.saveLayer(SEED_ID, 'Ali', {
      ...NO_LINKS,
      spans: [{ ...orphan, attributes: { level: 'city' }, note: 'المدينة لا المحافظة' }, OBSERVATORY],
      status: 'done',
      expectedRevision: 5,
    });
    expect(noted.spans).toContainEqual({ ...orphan, attributes: { level: 'city' }, note: 'المدينة لا المحافظة' });
    expect((await readFile(file, 'utf8')).split('\n')).toContain(`${orphanLine.slice(0, -1)},"attributes":{"level":"city"},"note":"المدينة لا المحافظة"}`);

    // An orphan that was changed is no longer the stored one: refused like any bad span.
    const moved = await refusal(store.saveLayer(SEED_ID, 'Ali', { ...NO_LINKS, spans: [{ ...orphan, start: 93, end: 102 }], status: 'done', expectedRevision: 6 }));
    expect(moved.problems[0]?.message).toContain('span "s7": offsets 93–102');
  });

  it('refuses ids and annotator names that would leave the corpus folder', async () => {
    const store = await corpusWithSeed();
    const outside = path.join(dir, 'outside');
    for (const [id, annotator] of [
      ['../outside', 'Ali'],
      [SEED_ID, '../../outside'],
      [SEED_ID, 'a/b'],
      [SEED_ID, '..'],
      ['..', 'Ali'],
      [`${SEED_ID}/../../x`, 'Ali'],
    ] as const) {
      const error = await refusal(store.saveLayer(id, annotator, { ...NO_LINKS, spans: [], status: 'in_progress', expectedRevision: 0 }));
      expect(error.kind, `${id} ${annotator}`).toBe('invalid');
      await expect(store.readLayer(id, annotator)).rejects.toBeInstanceOf(CorpusError);
    }
    expect(existsSync(outside)).toBe(false);
    expect(await readdir(path.join(store.root, 'layers'))).toEqual([]);
  });

  it('builds the paths of a document and its layers inside the corpus folder, an annotator checked each time it is new', async () => {
    const store = await corpusWithSeed();
    for (const annotator of ['Ali', 'سارة', 'Layla Haddad', 'Ali']) {
      expect(store.layerPath(SEED_ID, annotator)).toBe(path.join(dir, 'corpus', 'layers', annotator, `${SEED_ID}.jsonl`));
    }
    expect(store.textPath(SEED_ID)).toBe(path.join(dir, 'corpus', 'documents', `${SEED_ID}.txt`));
    expect(store.metaPath(SEED_ID)).toBe(path.join(dir, 'corpus', 'documents', `${SEED_ID}.meta.json`));
    expect(store.goldPath(SEED_ID)).toBe(path.join(dir, 'corpus', 'gold', `${SEED_ID}.jsonl`));
    // A name refused once is refused again: only names that passed are remembered.
    for (let round = 0; round < 2; round++) {
      expect(() => store.layerPath(SEED_ID, '.hidden.')).toThrow(CorpusError);
      expect(() => store.layerPath(SEED_ID, 'C:x')).toThrow(CorpusError);
      expect(() => store.layerPath('..', 'Ali')).toThrow(CorpusError);
    }
  });
});

describe('attributes, notes, relations and rejected suggestions', () => {
  /** Real spans of seed 000 with values (code point offsets checked against the text by hand). */
  const US = { id: 's1', label: 'Actor', start: 39, end: 55, text: 'القوات الأمريكية', attributes: { actor_type: 'external_forces', nationality: 'USA' }, note: '' };
  const MILITIAS = {
    id: 's2',
    label: 'Actor',
    start: 58,
    end: 79,
    text: 'مليشيات موالية لإيران',
    attributes: { backed_by: 's3', actor_type: 'identity_militia' },
    note: 'موالية، لا مدعومة:\nالداعم إيران',
  };
  const IRAN = { id: 's3', label: 'Actor', start: 74, end: 79, text: 'إيران', attributes: { actor_type: 'government', nationality: 'IRN' }, note: '' };
  const DEIR = {
    id: 's4',
    label: 'Place',
    start: 91,
    end: 100,
    text: 'دير الزور',
    attributes: { level: 'governorate', gazetteer_id: 'GeoNames:170794', english_name: 'Deir ez-Zor' },
    note: '',
  };
  const FIVE = {
    id: 's5',
    label: 'CasualtyCount',
    start: 1413,
    end: 1431,
    text: 'خمسة جنود أمريكيين',
    attributes: { outcome: 'injured', value: 5, qualifier: 'exact', asserted_zero: false, affected_party: 's1' },
    note: '',
  };
  const RELATIONS: Relation[] = [
    { id: 'r10', type: 'located_at', from: 's2', to: 's4' },
    { id: 'r2', type: 'located_at', from: 's1', to: 's4' },
  ];
  /** `24 ساعة` (hours) and `نحو 78 هجوما` (attacks): numbers the annotator said are no casualties. */
  const REJECTED = [
    { label: 'CasualtyCount', start: 2025, end: 2027 },
    { label: 'CasualtyCount', start: 964, end: 971 },
  ];
  const FULL = { spans: [FIVE, DEIR, IRAN, MILITIAS, US], relations: RELATIONS, rejected: REJECTED, status: 'in_progress' as const, expectedRevision: 0 };

  it('saves and reads them back with exact offsets, the file written in a fixed order', async () => {
    const store = await corpusWithSeed();
    const saved = await store.saveLayer(SEED_ID, 'ليلى', FULL);
    expect(saved.spans.map((s) => [s.id, s.start, s.end, s.text])).toEqual([
      ['s1', 39, 55, 'القوات الأمريكية'],
      ['s2', 58, 79, 'مليشيات موالية لإيران'],
      ['s3', 74, 79, 'إيران'],
      ['s4', 91, 100, 'دير الزور'],
      ['s5', 1413, 1431, 'خمسة جنود أمريكيين'],
    ]);
    expect(saved.spans[1]).toEqual({ ...MILITIAS, prefix: ' بين القوات الأمريكية، و', suffix: '، في محافظة\nدير الزور، ش' });
    expect(saved.relations.map((r) => r.id)).toEqual(['r2', 'r10']);
    expect(saved.rejected).toEqual([REJECTED[1], REJECTED[0]]);

    const lines = (await readFile(store.layerPath(SEED_ID, 'ليلى'), 'utf8')).split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[2]).toBe(
      '{"type":"span","id":"s2","label":"Actor","start":58,"end":79,"text":"مليشيات موالية لإيران","prefix":" بين القوات الأمريكية، و","suffix":"، في محافظة\\nدير الزور، ش",' +
        '"attributes":{"actor_type":"identity_militia","backed_by":"s3"},"note":"موالية، لا مدعومة:\\nالداعم إيران"}',
    );
    expect(lines[5]).toMatch(/"attributes":\{"affected_party":"s1","asserted_zero":false,"outcome":"injured","qualifier":"exact","value":5\}\}$/);
    expect(lines.slice(6)).toEqual([
      '{"type":"relation","id":"r2","relation":"located_at","from":"s1","to":"s4"}',
      '{"type":"relation","id":"r10","relation":"located_at","from":"s2","to":"s4"}',
      '{"type":"rejected","label":"CasualtyCount","start":964,"end":971}',
      '{"type":"rejected","label":"CasualtyCount","start":2025,"end":2027}',
      '',
    ]);
    expect(await store.readLayer(SEED_ID, 'ليلى')).toEqual({ layer: saved, problems: [], orphans: [], unfit: [], relationProblems: [], reanchored: false, moved: [] });
    expect(await store.validate()).toEqual([]);
  });

  it('refuses dangling references and relation ends, repeated relation ids, cycles and bad values, and writes nothing', async () => {
    const store = await corpusWithSeed();
    const file = store.layerPath(SEED_ID, 'Ali');
    const refused = await refusal(
      store.saveLayer(SEED_ID, 'Ali', {
        ...FULL,
        spans: [
          { ...FIVE, attributes: { ...FIVE.attributes, affected_party: 's9' } },
          { ...IRAN, attributes: { backed_by: 's2' } },
          MILITIAS,
          { ...US, attributes: { nationality: 'USA', strength: Number.NaN } },
          DEIR,
        ],
        relations: [...RELATIONS, { id: 'r2', type: 'part_of', from: 's2', to: 's3' }, { id: 'r3', type: 'same_as', from: 's1', to: 's7' }],
        rejected: [{ label: 'CasualtyCount', start: 2080, end: 2090 }],
      }),
    );
    expect(refused.kind).toBe('invalid');
    expect(refused.problems).toEqual(
      [
        'span "s1": attribute "strength" must be text, a finite number or true/false, not NaN',
        'relation "r2": the id is used twice',
        'rejected suggestion #1 (CasualtyCount): offsets 2080–2090 are not a span of the text (0–2083 code points)',
      ].map((message) => ({ file, message })),
    );
    expect(existsSync(file)).toBe(false);

    // With the shape right, the links are checked.
    const links = await refusal(
      store.saveLayer(SEED_ID, 'Ali', {
        ...FULL,
        spans: [{ ...FIVE, attributes: { ...FIVE.attributes, affected_party: 's9' } }, { ...IRAN, attributes: { backed_by: 's2' } }, MILITIAS, US, DEIR],
        relations: [...RELATIONS, { id: 'r3', type: 'same_as', from: 's1', to: 's7' }],
      }),
    );
    expect(links.problems).toEqual(
      [
        'span "s5": "affected_party" refers to span "s9", which is not in the layer',
        'relation "r3" (same_as): "to" names span "s7", which is not in the layer',
        'spans s2, s3 refer to one another in a cycle (through their reference attributes); a cycle cannot be saved',
      ].map((message) => ({ file, message })),
    );
    expect(existsSync(file)).toBe(false);

    // Over a saved layer: deleting a span that others point at is refused; the file stays as it was.
    await store.saveLayer(SEED_ID, 'Ali', FULL);
    const before = await readFile(file, 'utf8');
    const deleted = await refusal(store.saveLayer(SEED_ID, 'Ali', { ...FULL, spans: [FIVE, DEIR, MILITIAS, US], expectedRevision: 1 }));
    expect(deleted.problems.map((p) => p.message)).toEqual(['span "s2": "backed_by" refers to span "s3", which is not in the layer']);
    expect(await readFile(file, 'utf8')).toBe(before);
  });

  it('keeps values that do not fit the schema and reports them when read', async () => {
    const store = await corpusWithSeed();
    const odd = { ...FIVE, attributes: { ...FIVE.attributes, outcome: 'wounded', affected_party: 's4', source_url: 'https://example.org' } };
    const saved = await store.saveLayer(SEED_ID, 'Ali', {
      ...FULL,
      spans: [odd, DEIR, IRAN, MILITIAS, US],
      relations: [...RELATIONS, { id: 'r3', type: 'LocatedIn', from: 's4', to: 's1' }],
    });
    expect(saved.spans[4]?.attributes).toEqual(odd.attributes);
    const read = await store.readLayer(SEED_ID, 'Ali');
    expect(read.unfit).toEqual([
      { spanId: 's5', attribute: 'affected_party', message: '"affected_party" refers to span "s4" (Place), but takes Actor' },
      { spanId: 's5', attribute: 'outcome', message: '"outcome": "wounded" is not one of killed, injured, killed_or_injured, missing, captured, unspecified' },
      { spanId: 's5', attribute: 'source_url', message: '"source_url" is not an attribute of CasualtyCount' },
    ]);
    expect(read.relationProblems).toEqual([{ relationId: 'r3', message: 'relation type "LocatedIn" is not in the corpus schema' }]);
    const file = store.layerPath(SEED_ID, 'Ali');
    expect((await store.validate()).map((p) => `${path.basename(p.file)}:${p.line}: ${p.message}`)).toEqual([
      `${SEED_ID}.jsonl:6: span "s5": "affected_party" refers to span "s4" (Place), but takes Actor`,
      `${SEED_ID}.jsonl:6: span "s5": "outcome": "wounded" is not one of killed, injured, killed_or_injured, missing, captured, unspecified`,
      `${SEED_ID}.jsonl:6: span "s5": "source_url" is not an attribute of CasualtyCount`,
      `${SEED_ID}.jsonl:8: relation "r3": relation type "LocatedIn" is not in the corpus schema`,
    ]);
    expect((await readFile(file, 'utf8')).split('\n')[7]).toBe('{"type":"relation","id":"r3","relation":"LocatedIn","from":"s4","to":"s1"}');
  });

  it('keeps a link broken by hand savable as it is, and reports it and a cycle by file and line', async () => {
    const store = await corpusWithSeed();
    await store.saveLayer(SEED_ID, 'Ali', FULL);
    const file = store.layerPath(SEED_ID, 'Ali');
    const text = (await readFile(file, 'utf8'))
      .replace('"affected_party":"s1"', '"affected_party":"s99"')
      .replace('"actor_type":"government","nationality":"IRN"', '"actor_type":"government","backed_by":"s2","nationality":"IRN"')
      .replace('"from":"s1","to":"s4"', '"from":"s1","to":"s8"');
    await writeFile(file, text);
    const read = await store.readLayer(SEED_ID, 'Ali');
    expect(read.unfit).toEqual([
      { spanId: 's2', attribute: 'backed_by', message: '"backed_by" refers to span "s3", and the references lead back: a cycle through spans s2, s3' },
      { spanId: 's3', attribute: 'backed_by', message: '"backed_by" refers to span "s2", and the references lead back: a cycle through spans s2, s3' },
      { spanId: 's5', attribute: 'affected_party', message: '"affected_party" refers to span "s99", which is not in the layer' },
    ]);
    expect(read.relationProblems).toEqual([{ relationId: 'r2', message: '"to" names span "s8", which is not in the layer' }]);
    expect((await store.validate()).map((p) => `${p.line}: ${p.message}`)).toEqual([
      '3: span "s2": "backed_by" refers to span "s3", and the references lead back: a cycle through spans s2, s3',
      '4: span "s3": "backed_by" refers to span "s2", and the references lead back: a cycle through spans s2, s3',
      '6: span "s5": "affected_party" refers to span "s99", which is not in the layer',
      '7: relation "r2": "to" names span "s8", which is not in the layer',
    ]);

    // Saved unchanged (with another status), nothing is refused; the broken links are kept.
    const layer = read.layer;
    const again = await store.saveLayer(SEED_ID, 'Ali', { spans: layer.spans, relations: layer.relations, rejected: layer.rejected, status: 'done', expectedRevision: 1 });
    expect(again.spans).toEqual(layer.spans);
    expect(await readFile(file, 'utf8')).toBe(text.replace('"revision":1,"status":"in_progress"', '"revision":2,"status":"done"'));
    // A new broken link is refused.
    const moved = await refusal(
      store.saveLayer(SEED_ID, 'Ali', {
        spans: layer.spans.map((s) => (s.id === 's5' ? { ...s, attributes: { ...s.attributes, affected_party: 's98' } } : s)),
        relations: layer.relations,
        rejected: layer.rejected,
        status: 'done',
        expectedRevision: 2,
      }),
    );
    expect(moved.problems.map((p) => p.message)).toEqual(['span "s5": "affected_party" refers to span "s98", which is not in the layer']);
  });
});

describe('saveSchema', () => {
  const casualty = DEFAULT_SCHEMA.labels[2]!;
  const actor = DEFAULT_SCHEMA.labels[0]!;
  /** No more `injured`; `nationality` becomes a reference to an Actor span. */
  const CHANGED: Schema = {
    ...DEFAULT_SCHEMA,
    labels: DEFAULT_SCHEMA.labels.map((l) =>
      l === casualty
        ? { ...l, attributes: l.attributes.map((a) => (a.name === 'outcome' ? { ...a, choices: a.choices.filter((c) => c !== 'injured') } : a)) }
        : l === actor
          ? { ...l, attributes: l.attributes.map((a) => (a.name === 'nationality' ? { ...a, type: 'reference' as const, targets: ['Actor'] } : a)) }
          : l,
    ),
  };
  const US = { id: 's1', label: 'Actor', start: 39, end: 55, text: 'القوات الأمريكية', attributes: { nationality: 'USA' }, note: '' };
  const FIVE = { id: 's5', label: 'CasualtyCount', start: 1413, end: 1431, text: 'خمسة جنود أمريكيين', attributes: { outcome: 'injured', value: 5, affected_party: 's1' }, note: 'أصيبوا' };

  it('writes the new schema, reports the values it orphans, and keeps them readable and savable', async () => {
    const store = await corpusWithSeed();
    await store.saveLayer(SEED_ID, 'Ali', { ...NO_LINKS, spans: [US, FIVE], status: 'in_progress', expectedRevision: 0 });
    await store.saveLayer(SEED_ID, 'ليلى', { ...NO_LINKS, spans: [FIVE, US], status: 'done', expectedRevision: 0 });
    const aliFile = store.layerPath(SEED_ID, 'Ali');
    const aliBefore = await readFile(aliFile, 'utf8');

    const { unfit } = await store.saveSchema(CHANGED);
    const outcome = '"outcome": "injured" is not one of killed, killed_or_injured, missing, captured, unspecified';
    const nationality = '"nationality" refers to span "USA", which is not in the layer';
    expect(unfit).toEqual([
      { document: SEED_ID, annotator: 'Ali', spanId: 's1', message: nationality },
      { document: SEED_ID, annotator: 'Ali', spanId: 's5', message: outcome },
      { document: SEED_ID, annotator: 'ليلى', spanId: 's1', message: nationality },
      { document: SEED_ID, annotator: 'ليلى', spanId: 's5', message: outcome },
    ]);
    expect(store.manifest).toEqual({ name: 'Seeds', schema: CHANGED });
    expect(await readFile(path.join(store.root, 'hashiya.json'), 'utf8')).toBe(serializeManifest({ name: 'Seeds', schema: CHANGED }));
    expect((await CorpusStore.open(store.root)).manifest.schema).toEqual(CHANGED);

    // No layer was touched; the values are read as stored and reported.
    expect(await readFile(aliFile, 'utf8')).toBe(aliBefore);
    const read = await store.readLayer(SEED_ID, 'Ali');
    expect(read.layer.spans.map((s) => s.attributes)).toEqual([US.attributes, FIVE.attributes]);
    expect(read.unfit.map((u) => `${u.spanId}.${u.attribute}`)).toEqual(['s1.nationality', 's5.outcome']);
    // The layer still saves as it is: a schema change never makes a layer unsavable.
    const saved = await store.saveLayer(SEED_ID, 'Ali', { ...NO_LINKS, spans: read.layer.spans, status: 'done', expectedRevision: 1 });
    expect(saved.spans).toEqual(read.layer.spans);

    // Changing it back reports nothing and restores the default bytes.
    expect((await store.saveSchema(DEFAULT_SCHEMA)).unfit).toEqual([]);
    expect(await readFile(path.join(store.root, 'hashiya.json'), 'utf8')).toBe(serializeManifest({ name: 'Seeds', schema: DEFAULT_SCHEMA }));
  });

  it('refuses a schema with problems, naming them, and writes nothing', async () => {
    const store = await corpusWithSeed();
    const manifestFile = path.join(store.root, 'hashiya.json');
    const before = await readFile(manifestFile, 'utf8');
    const bad: Schema = {
      labels: [...DEFAULT_SCHEMA.labels, { name: 'Weapon', color: '#eeeeee', key: '4', attributes: [{ name: 'kind', type: 'choice', choices: [], targets: [], help: '' }] }],
      relations: [...DEFAULT_SCHEMA.relations, { name: 'used_by', from: ['Weapon'], to: ['Person'] }],
    };
    const error = await refusal(store.saveSchema(bad));
    expect(error.kind).toBe('invalid');
    expect(error.problems).toEqual(
      [
        'key "4" is given to both "Claim" and "Weapon"',
        'attribute Weapon.kind: a choice attribute needs at least one choice',
        'relation "used_by": "to" label "Person" is not a label of the schema',
      ].map((message) => ({ file: manifestFile, message })),
    );
    expect(await readFile(manifestFile, 'utf8')).toBe(before);
    expect(store.manifest.schema).toBe(DEFAULT_SCHEMA);
  });

  it('opens a version 1 corpus without rewriting it, and saves layers and a new schema in it', async () => {
    const root = path.join(dir, 'seeds-copy');
    await mkdir(root);
    const v1 =
      '{\n  "format": "hashiya-corpus",\n  "version": 1,\n  "name": "Seeds (working copy)",\n  "schema": {\n    "labels": [\n' +
      DEFAULT_SCHEMA.labels.map((l) => `      {\n        "name": "${l.name}",\n        "color": "${l.color}",\n        "key": "${l.key}"\n      }`).join(',\n') +
      '\n    ]\n  }\n}\n';
    await writeFile(path.join(root, 'hashiya.json'), v1);
    const store = await CorpusStore.open(root, { create: true });
    expect(store.manifest.schema).toEqual({ labels: DEFAULT_SCHEMA.labels.map((l) => ({ ...l, attributes: [] })), relations: [] });
    expect(await readFile(path.join(root, 'hashiya.json'), 'utf8')).toBe(v1);

    await store.addDocument({ id: SEED_ID, source: `${SEED_ID}.txt`, text: SEED, canonicalisation: PLAIN });
    await store.saveLayer(SEED_ID, 'Ali', { ...NO_LINKS, spans: [US, FIVE], status: 'in_progress', expectedRevision: 0 });
    const read = await store.readLayer(SEED_ID, 'Ali');
    expect(read.unfit.map((u) => u.message)).toEqual([
      '"nationality" is not an attribute of Actor',
      '"affected_party" is not an attribute of CasualtyCount',
      '"outcome" is not an attribute of CasualtyCount',
      '"value" is not an attribute of CasualtyCount',
    ]);
    // Adopting the default schema: the values fit from then on.
    expect((await store.saveSchema(DEFAULT_SCHEMA)).unfit).toEqual([]);
    expect((await store.readLayer(SEED_ID, 'Ali')).unfit).toEqual([]);
    expect(JSON.parse(await readFile(path.join(root, 'hashiya.json'), 'utf8')).version).toBe(2);
  });
});

describe('writeFileAtomic', () => {
  it('replaces a file whole and leaves nothing behind when the rename fails', async () => {
    const file = path.join(dir, 'layer.jsonl');
    await writeFileAtomic(file, 'first\n');
    await writeFileAtomic(file, 'دير الزور\n');
    expect(await readFile(file, 'utf8')).toBe('دير الزور\n');

    const folder = path.join(dir, 'a-folder');
    await mkdir(path.join(folder, 'inside'), { recursive: true });
    await expect(writeFileAtomic(folder, 'x')).rejects.toThrow();
    expect((await readdir(dir)).sort()).toEqual(['a-folder', 'layer.jsonl']);
  });
});

describe('validate', () => {
  it('finds nothing wrong in a sound corpus and names file and line of each problem otherwise', async () => {
    const store = await corpusWithSeed();
    await store.saveLayer(SEED_ID, 'Ali', { ...NO_LINKS, spans: [DEIR_EZ_ZOR, GOVERNORATE], status: 'in_progress', expectedRevision: 0 });
    await mkdir(path.join(store.root, '.git'));
    expect(await store.validate()).toEqual([]);

    const layerFile = store.layerPath(SEED_ID, 'Ali');
    const lines = (await readFile(layerFile, 'utf8')).split('\n');
    lines[1] = lines[1]!.replace('"label":"Place"', '"label":"Person"');
    lines[2] = lines[2]!.replace('"start":91,"end":100', '"start":90,"end":99');
    await writeFile(layerFile, lines.join('\n'));
    await writeFile(path.join(store.root, 'documents', 'stray.meta.json'), '{}');
    await writeFile(path.join(store.root, 'notes.md'), 'x');
    await writeFileAtomic(path.join(store.root, 'layers', 'Ali', 'leftover.jsonl'), 'not json\n');
    const temp = path.join(store.root, 'layers', 'Ali', `.hashiya-tmp-${SEED_ID}.jsonl.4242.0a1b2c`);
    await writeFile(temp, '{"format":');

    const problems = await store.validate();
    expect(problems).toEqual([
      { file: path.join(store.root, 'documents', 'stray.meta.json'), message: 'has no stray.txt: the document text is missing' },
      { file: temp, message: 'left over from an interrupted save, or a save in progress; removed when the corpus is opened once it is a minute old', severity: 'warning' },
      { file: layerFile, line: 2, message: 'span "s2": label "Person" is not in the corpus schema' },
      { file: layerFile, line: 3, message: 'span "s1" is orphaned: offsets 90–99 now yield "\\nدير الزو", not the quote "دير الزور"' },
      { file: path.join(store.root, 'layers', 'Ali', 'leftover.jsonl'), line: 1, message: 'invalid JSON: unexpected character "n"' },
      { file: path.join(store.root, 'notes.md'), message: 'does not belong to a Hashiya corpus (stray file or folder)' },
    ]);
  });

  it('reports a changed text and a damaged meta by file', async () => {
    const store = await corpusWithSeed();
    await writeFile(store.textPath(SEED_ID), `\uFEFF${SEED}`);
    const problems = await store.validate();
    expect(problems).toEqual([{ file: store.textPath(SEED_ID), message: expect.stringContaining('the text changed after import') }]);
    await writeFile(store.metaPath(SEED_ID), '{"id": 3}');
    expect((await store.validate()).map((p) => `${path.basename(p.file)}:${p.line}`)).toContain(`${SEED_ID}.meta.json:1`);
  });
});
