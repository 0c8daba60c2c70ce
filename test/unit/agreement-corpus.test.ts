import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { corpusAgreement, corpusAgreementSummary, writeDisagreementCsv } from '../../electron/corpus-agreement';
import { agreementReport, labelConfusion } from '../../shared/agreement';
import type { CorpusStore } from '../../electron/corpus-store';
import { exportBundle } from '../../electron/export-bundle';
import { ID_000, ID_004, agreementCorpus } from '../fixtures/agreement/corpus';

// Agreement of a real corpus on disk: three annotators' layers of the seeds, a document not
// started, texts and layers that no longer match, and that computing agreement writes nothing.

let dir: string;
let store: CorpusStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-agreement-'));
  store = await agreementCorpus(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Path, size, mtime and SHA-256 of every file under `root`. */
async function snapshot(root: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    const info = await stat(file);
    out.push(`${path.relative(root, file)} ${info.size} ${info.mtimeMs} ${createHash('sha256').update(await readFile(file)).digest('hex')}`);
  }
  return out.sort();
}

describe('corpusAgreement', () => {
  it('compares the three annotators, with a document not started as missing data', async () => {
    const { report, refused, withoutLayers } = await corpusAgreement(store);
    expect(refused).toEqual([]);
    expect(withoutLayers).toEqual([]);
    expect(report.annotators).toEqual(['Ali', 'Layla', 'Omar']);
    expect(report.labels).toEqual(['Actor', 'Place', 'CasualtyCount', 'Claim']);
    // Omar saved 000 as not started (with a span): missing, not O; in 004 everyone counts.
    expect(report.documents.map((d) => [d.document, d.annotated, d.missing])).toEqual([
      [ID_000, ['Ali', 'Layla'], ['Omar']],
      [ID_004, ['Ali', 'Layla', 'Omar'], []],
    ]);
    expect(report.corpus).toMatchObject({ documents: 2, complete_documents: 1 });
    const pairs = Object.fromEntries(report.corpus.pairs.map((p) => [`${p.reference}/${p.other}`, p]));
    expect(Object.keys(pairs)).toEqual(['Ali/Layla', 'Ali/Omar', 'Layla/Omar']);
    // Ali/Layla by hand. 000: Ali 8 spans, Layla 7; exact: القوات الأمريكية, دير الزور, سوريا,
    // المرصد, عدة إصابات (5); by overlap also مليشيات/ومليشيات and إيران/لإيران (7); Ali's
    // governorate span stays alone. 004: Ali 4, Layla 3, all 3 exact.
    expect(pairs['Ali/Layla']).toMatchObject({ documents: 2 });
    expect(pairs['Ali/Layla']?.overall).toMatchObject({ reference_spans: 12, other_spans: 10, matched_exact: 8, matched_overlap: 10 });
    expect(pairs['Ali/Layla']?.overall.f1_exact).toBeCloseTo(16 / 22, 12);
    expect(pairs['Ali/Layla']?.overall.f1_overlap).toBeCloseTo(20 / 22, 12);
    expect(pairs['Ali/Omar']).toMatchObject({ documents: 1 });
    expect(pairs['Ali/Omar']?.overall).toMatchObject({ reference_spans: 4, other_spans: 3, matched_exact: 3, precision_exact: 1, recall_exact: 0.75 });
    // The disagreement table of 000: the clitic و Layla left on, the governorate Ali marked.
    expect(report.disagreements.filter((r) => r.document === ID_000).map((r) => [r.text, r.labels.Ali, r.labels.Layla, r.labels.Omar])).toEqual([
      ['و', 'O', 'Actor', null],
      ['محافظة', 'Place', 'O', null],
    ]);
    expect(JSON.stringify(report)).not.toContain('NaN');
  });

  it('is the report agreementReport gives for the documents it compared, tallied as they were read', async () => {
    for (const options of [{}, { annotators: ['Omar', 'Ali'] }, { excludeIncomplete: true }]) {
      const { report, documents, confusion } = await corpusAgreement(store, options);
      expect(documents.map((d) => d.id)).toEqual([ID_000, ID_004]);
      expect(report).toEqual(agreementReport(documents, report.annotators, { labels: store.manifest.schema.labels.map((l) => l.name) }));
      expect(confusion).toEqual(labelConfusion(documents, report.corpus.pairs, report.labels));
    }
  });

  it('takes the annotators and documents asked for, in that order', async () => {
    const { report } = await corpusAgreement(store, { annotators: ['Omar', 'Ali'], documents: [ID_004] });
    expect(report.annotators).toEqual(['Omar', 'Ali']);
    expect(report.documents.map((d) => d.document)).toEqual([ID_004]);
    expect(report.corpus.pairs[0]).toMatchObject({ reference: 'Omar', other: 'Ali' });
    expect(report.corpus.pairs[0]?.overall).toMatchObject({ precision_exact: 0.75, recall_exact: 1 });
    await expect(corpusAgreement(store, { documents: ['no_such_doc'] })).rejects.toThrow('no document "no_such_doc" in this corpus');
    await expect(corpusAgreement(store, { annotators: ['Ali', '../x'] })).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('names annotators with no layer and leaves them out', async () => {
    await mkdir(path.join(store.root, 'layers', 'Zaid'));
    const { report, withoutLayers } = await corpusAgreement(store, { annotators: ['Ali', 'Layla', 'Zaid', 'Nadia'] });
    expect(report.annotators).toEqual(['Ali', 'Layla']);
    expect(withoutLayers.map((w) => [w.annotator, w.message])).toEqual([
      ['Zaid', 'annotator "Zaid" has started none of the 2 chosen documents (no layer, or not started): left out'],
      ['Nadia', 'annotator "Nadia" has no layers in this corpus: left out'],
    ]);
    expect(withoutLayers[0]?.file).toBe(path.join(store.root, 'layers', 'Zaid'));
    const omar = await corpusAgreement(store, { annotators: ['Ali', 'Omar'], documents: [ID_000] });
    expect(omar.withoutLayers.map((w) => w.message)).toEqual(['annotator "Omar" has started none of the chosen document (no layer, or not started): left out']);
  });

  it('refuses a document whose text changed since import, naming the file, and compares the rest', async () => {
    const textFile = store.textPath(ID_000);
    await writeFile(textFile, (await readFile(textFile, 'utf8')).replace('القوات', 'الجنود'));
    const { report, refused } = await corpusAgreement(store);
    expect(refused).toHaveLength(1);
    expect(refused[0]?.document).toBe(ID_000);
    expect(refused[0]?.problems[0]?.file).toBe(textFile);
    expect(refused[0]?.problems[0]?.message).toMatch(/^the text changed after import .*; not compared: agreement is not computed for document 000_7db2a034c338d373$/);
    expect(report.documents.map((d) => d.document)).toEqual([ID_004]);
    expect(report.corpus.documents).toBe(1);
    // Layla's layer of 000 is still hers: she stays in (her 004 layer counts too).
    expect(report.annotators).toEqual(['Ali', 'Layla', 'Omar']);
  });

  it('refuses a document with a layer made on another text, naming the layer file and line', async () => {
    const layerFile = store.layerPath(ID_000, 'Layla');
    const lines = (await readFile(layerFile, 'utf8')).split('\n');
    const header = JSON.parse(lines[0] as string) as Record<string, unknown>;
    lines[0] = JSON.stringify({ ...header, textSha256: 'a'.repeat(64) });
    await writeFile(layerFile, lines.join('\n'));
    const { report, refused } = await corpusAgreement(store);
    expect(refused.map((r) => r.document)).toEqual([ID_000]);
    expect(refused[0]?.problems).toEqual([
      expect.objectContaining({ file: layerFile, line: 1, message: expect.stringMatching(/^the layer was made on another text \(textSha256 aaaaaaaaaaaa…, the document's is [0-9a-f]{12}…\); not compared/) }),
    ]);
    expect(report.documents.map((d) => d.document)).toEqual([ID_004]);
  });

  it('refuses a document whose layer does not parse', async () => {
    const layerFile = store.layerPath(ID_004, 'Omar');
    await writeFile(layerFile, 'not json\n');
    const { refused } = await corpusAgreement(store);
    expect(refused.map((r) => [r.document, r.problems[0]?.file])).toEqual([[ID_004, layerFile]]);
  });

  it('never changes a file of the corpus', async () => {
    const before = await snapshot(store.root);
    await corpusAgreement(store);
    await corpusAgreement(store, { excludeIncomplete: true });
    await corpusAgreementSummary(store, [ID_000, ID_004]);
    expect(await snapshot(store.root)).toEqual(before);
  });

  it('writes the disagreement table as CSV outside the corpus only', async () => {
    const { report } = await corpusAgreement(store);
    const file = await writeDisagreementCsv(store, path.join(dir, 'out', 'disagreements.csv'), report);
    const bytes = await readFile(file);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('document,start,end,text,Ali,Layla,Omar');
    expect(lines).toContain(`${ID_000},84,90,محافظة,Place,O,`);
    await expect(writeDisagreementCsv(store, path.join(store.root, 'd.csv'), report)).rejects.toThrow('refusing to write the disagreement table into the corpus folder');
  });
});

describe('the datasheet summary', () => {
  it('counts only layers marked done, and goes into the bundle’s datasheet by default', async () => {
    const summary = await corpusAgreementSummary(store, [ID_000, ID_004]);
    // 000: Ali and Layla done (Omar not started); 004: Ali and Omar done (Layla in progress).
    expect(summary).toContain('Between Ali, Layla, Omar, over the 2 exported documents that at least two of them marked done (0 done by all; layers in progress are left out).');
    expect(summary).toContain('| pair (reference / other) | documents | Cohen κ | F1 exact | F1 overlap |');
    expect(summary).toMatch(/\| Ali \/ Layla \| 1 \| 0\.\d{3} \| 0\.667 \| 0\.933 \|/);
    expect(summary).toMatch(/\| overall \| n\/a \| 0\.\d{3} \| n\/a \|/);

    const bundle = path.join(dir, 'seeds.zip');
    await exportBundle(store, { formats: ['conll'], source: { annotator: 'Ali' }, bundle, exportedAt: '2025-06-01T12:00:00.000Z', toolVersion: '1.0.0' });
    const sheet = strFromU8(unzipSync(new Uint8Array(await readFile(bundle)))['DATASHEET.md']!);
    expect(sheet).toContain(`## Agreement\n\n${summary as string}\n`);
  });

  it('is not computed when fewer than two annotators marked an exported document done', async () => {
    expect(await corpusAgreementSummary(store, [ID_004].filter(() => false))).toBeUndefined();
    const only = await agreementCorpus(path.join(dir, 'solo'), { Ali: { [ID_000]: { status: 'done', spans: [['Place', 'سوريا']] } }, Layla: { [ID_000]: { status: 'in_progress', spans: [] } } });
    expect(await corpusAgreementSummary(only, [ID_000, ID_004])).toBeUndefined();
  });
});
