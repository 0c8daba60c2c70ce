import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, afterEach, describe, expect, it } from 'vitest';
import { readAgreementDocuments, readAgreementDocumentsInWorker, type AgreementRead, type AgreementReaderInput } from '../../electron/agreement-reads';
import { corpusAgreement, type AgreementReading } from '../../electron/corpus-agreement';
import type { CorpusStore } from '../../electron/corpus-store';
import { labelConfusion } from '../../shared/agreement';
import { ID_000, ID_004, agreementCorpus } from '../fixtures/agreement/corpus';
import { useBundledWorker } from '../support/bundled-worker';

// The agreement reader's worker thread, as the CLI runs it (electron/agreement-reader.ts bundled
// with esbuild, as scripts/build.mjs bundles it), against reading in this thread: the same
// documents, spans, refusals and figures, on the seeds corpus and its damaged variants.

const bundled = useBundledWorker('electron/agreement-reader.ts');

let dir: string;
let store: CorpusStore;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-reader-'));
  store = await agreementCorpus(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function inputOf(annotators: readonly string[], batch: number): AgreementReaderInput {
  return { root: store.root, manifest: store.manifest, ids: [ID_000, ID_004], candidates: annotators, excludeIncomplete: false, batch };
}

async function readHere(input: AgreementReaderInput): Promise<AgreementRead[]> {
  const reads: AgreementRead[] = [];
  await readAgreementDocuments(store, input, (r) => reads.push(r));
  return reads;
}

async function readInWorker(input: AgreementReaderInput): Promise<AgreementRead[]> {
  const reads: AgreementRead[] = [];
  expect(await readAgreementDocumentsInWorker(bundled.url, input, (r) => reads.push(r))).toBe(true);
  return reads;
}

/** Reads in the worker from the first document on. */
const inWorker = (): AgreementReading => ({ worker: bundled.url, workerFrom: 0 });
const here: AgreementReading = { worker: null, workerFrom: 0 };

describe('the agreement reader worker', () => {
  it('gives the documents read in this thread: texts, labels and offsets, who has a layer', async () => {
    for (const batch of [1, 32]) {
      const input = inputOf(['Ali', 'Layla', 'Omar'], batch);
      const reads = await readInWorker(input);
      expect(reads).toEqual(await readHere(input));
      // Omar's 000 was saved not started: no layer there, and he has none of it.
      expect(reads.map((r) => [('id' in r.made ? r.made.id : r.made.document), r.has])).toEqual([
        [ID_000, ['Ali', 'Layla']],
        [ID_004, ['Ali', 'Layla', 'Omar']],
      ]);
      const first = reads[0]?.made;
      if (first === undefined || !('layers' in first)) throw new Error('000 was refused');
      expect(first.text).toBe(await store.readText(ID_000));
      // Ali's Place span across the line break, exactly where the text has it.
      const place = first.layers.get('Ali')?.find((s) => s.label === 'Place' && [...first.text].slice(s.start, s.end).join('') === 'محافظة\nدير الزور');
      expect(place).toBeDefined();
      expect(first.layers.get('Ali')).toHaveLength(8);
      expect(first.layers.get('Layla')).toHaveLength(7);
    }
  });

  it('refuses the same documents for the same reasons: a changed text, a damaged layer', async () => {
    const textFile = store.textPath(ID_000);
    await writeFile(textFile, (await readFile(textFile, 'utf8')).replace('القوات', 'الجنود'));
    await writeFile(store.layerPath(ID_004, 'Omar'), 'not json\n');
    const input = inputOf(['Ali', 'Layla', 'Omar'], 1);
    const reads = await readInWorker(input);
    expect(reads).toEqual(await readHere(input));
    expect(reads.map((r) => ('problems' in r.made ? [r.made.document, r.made.problems[0]?.file] : ['compared']))).toEqual([
      [ID_000, textFile],
      [ID_004, store.layerPath(ID_004, 'Omar')],
    ]);
  });

  it('rejects with what the handler of the reads throws', async () => {
    const refused = new RangeError('a span outside its text');
    let given = 0;
    const reading = readAgreementDocumentsInWorker(bundled.url, inputOf(['Ali', 'Layla'], 1), () => {
      given += 1;
      throw refused;
    });
    await expect(reading).rejects.toBe(refused);
    expect(given).toBe(1);
  });

  it('gives false, and nothing, when there is no worker script', async () => {
    const reads: AgreementRead[] = [];
    expect(await readAgreementDocumentsInWorker(pathToFileURL(path.join(bundled.dir, 'missing.mjs')), inputOf(['Ali', 'Layla'], 1), (r) => reads.push(r))).toBe(false);
    expect(reads).toEqual([]);
  });
});

describe('corpusAgreement read in the worker', () => {
  it('gives the report read in this thread, to the last bit', async () => {
    const result = await corpusAgreement(store, {}, inWorker());
    expect(result).toEqual(await corpusAgreement(store, {}, here));
    expect(result.report.annotators).toEqual(['Ali', 'Layla', 'Omar']);
    expect(result.report.corpus.documents).toBe(2);
  });

  it('makes the report again when a label is outside the schema, or an annotator has no layer', async () => {
    // Layla's 000 with a label the schema does not have: reported after the schema's labels.
    const layerFile = store.layerPath(ID_000, 'Layla');
    const text = await readFile(layerFile, 'utf8');
    await writeFile(layerFile, text.replace('"label":"Place"', '"label":"Weapon"'));
    await mkdir(path.join(store.root, 'layers', 'Zaid'));
    const options = { annotators: ['Ali', 'Layla', 'Zaid'] };
    const result = await corpusAgreement(store, options, inWorker());
    expect(result).toEqual(await corpusAgreement(store, options, here));
    expect(result.report.labels).toEqual(['Actor', 'Place', 'CasualtyCount', 'Claim', 'Weapon']);
    expect(result.report.annotators).toEqual(['Ali', 'Layla']);
    expect(result.withoutLayers.map((w) => w.annotator)).toEqual(['Zaid']);
  });

  it('gives the same report without keeping the documents, reading them again when a label outside the schema comes late', async () => {
    const same = async (options: { readonly annotators?: readonly string[] }, labels: readonly string[]): Promise<void> => {
      for (const reading of [inWorker(), here]) {
        const kept = await corpusAgreement(store, options, reading);
        const { documents, ...result } = await corpusAgreement(store, { ...options, keepDocuments: false }, reading);
        expect(documents).toEqual([]);
        expect(kept.documents.map((d) => d.id)).toEqual([ID_000, ID_004]);
        expect(result).toEqual({ report: kept.report, refused: kept.refused, withoutLayers: kept.withoutLayers, confusion: kept.confusion });
        expect(result.report.labels).toEqual(labels);
        expect(result.confusion).toEqual(labelConfusion(kept.documents, kept.report.corpus.pairs, kept.report.labels));
        expect(result.confusion[0]?.labels).toEqual([...labels, 'O']);
      }
    };
    const schema = ['Actor', 'Place', 'CasualtyCount', 'Claim'];
    // Ali and Layla both have 000: the documents are let go from there on.
    await same({ annotators: ['Ali', 'Layla'] }, schema);
    // Omar shows a layer only in 004, the last document: kept until then.
    await same({}, schema);
    // A label outside the schema in 004, after Ali and Layla showed theirs in 000: read again.
    const layerFile = store.layerPath(ID_004, 'Ali');
    await writeFile(layerFile, (await readFile(layerFile, 'utf8')).replace(/"label":"[A-Za-z]+"/, '"label":"Weapon"'));
    await same({ annotators: ['Ali', 'Layla'] }, [...schema, 'Weapon']);
    await same({}, [...schema, 'Weapon']);
  });
});
