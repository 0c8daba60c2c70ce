import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli';
import { ID_000, ID_004, agreementCorpus } from '../fixtures/agreement/corpus';

// `hashiya agreement` on a real corpus: the JSON field names, the table, the CSV, messages for
// bad input and exit codes.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-cli-agreement-'));
  await agreementCorpus(dir);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The corpus folder (absolute: `cwd` only shortens the paths the CLI prints). */
const corpus = (): string => path.join(dir, 'corpus');

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir });
  return { code, stdout, stderr };
}

const GROUP = ['tokens', 'fleiss_kappa', 'krippendorff_alpha', 'alpha_u'];
const PAIR = [
  'tokens',
  'cohen_kappa',
  'reference_spans',
  'other_spans',
  'matched_exact',
  'matched_overlap',
  'precision_exact',
  'recall_exact',
  'f1_exact',
  'precision_overlap',
  'recall_overlap',
  'f1_overlap',
];

describe('hashiya agreement', () => {
  it('--json names every figure plainly, per label and overall, per document and for the corpus', async () => {
    const { code, stdout, stderr } = await run('agreement', '--corpus', corpus(), '--json');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const json: unknown = JSON.parse(stdout);
    const at = (...keys: (string | number)[]): unknown => keys.reduce<unknown>((v, k) => (v as Record<string | number, unknown>)[k], json);
    const keysAt = (...keys: (string | number)[]): string[] => Object.keys(at(...keys) as object);
    expect(keysAt()).toEqual(['annotators', 'labels', 'corpus', 'documents', 'refused', 'annotators_without_layers', 'disagreements']);
    expect(at('annotators')).toEqual(['Ali', 'Layla', 'Omar']);
    expect(keysAt('corpus')).toEqual(['documents', 'complete_documents', 'overall', 'labels', 'pairs']);
    expect(keysAt('corpus', 'overall')).toEqual(GROUP);
    expect(keysAt('corpus', 'labels')).toEqual(['Actor', 'Place', 'CasualtyCount', 'Claim']);
    expect(keysAt('corpus', 'labels', 'Place')).toEqual(GROUP);
    expect(keysAt('corpus', 'pairs', 0)).toEqual(['reference', 'other', 'documents', 'overall', 'labels']);
    expect(keysAt('corpus', 'pairs', 0, 'overall')).toEqual(PAIR);
    expect(keysAt('corpus', 'pairs', 0, 'labels', 'Actor')).toEqual(PAIR);
    expect((at('documents') as { document: string }[]).map((d) => d.document)).toEqual([ID_000, ID_004]);
    expect(keysAt('documents', 0)).toEqual(['document', 'annotated', 'missing', 'disagreements', 'overall', 'labels', 'pairs']);
    expect(keysAt('documents', 0, 'pairs', 0, 'labels', 'Claim')).toEqual(PAIR);
    expect(at('documents', 0, 'missing')).toEqual(['Omar']);
    expect(at('corpus', 'pairs', 0, 'overall', 'f1_exact')).toBeCloseTo(16 / 22, 12);
    // Undefined figures are null (the label Claim: nobody used it), never NaN or missing.
    expect(at('corpus', 'labels', 'Claim')).toEqual({ tokens: at('corpus', 'overall', 'tokens'), fleiss_kappa: null, krippendorff_alpha: null, alpha_u: null });
    expect(at('corpus', 'pairs', 0, 'labels', 'Claim')).toMatchObject({ cohen_kappa: null, f1_exact: null, f1_overlap: null });
    expect(stdout).not.toContain('NaN');
    expect(at('disagreements', 0)).toEqual({ document: ID_000, start: 57, end: 58, text: 'و', labels: { Ali: 'O', Layla: 'Actor', Omar: null } });
  });

  it('prints a readable table by default and writes the disagreements as CSV', async () => {
    const { code, stdout, stderr } = await run('agreement', '--corpus', corpus(), '--annotators', 'Ali,Layla', '--disagreements', path.join(dir, 'review', 'disagreements.csv'));
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toContain('Agreement among Ali and Layla: 2 documents compared, 2 annotated by all.');
    expect(stdout).toMatch(/^all annotators +tokens +Fleiss κ +Krippendorff α +αu$/m);
    // Spans by hand (see agreement-corpus.test.ts): 8 of Layla's 10 match Ali's 12 exactly, 10 by overlap.
    expect(stdout).toMatch(/^Ali \/ Layla \(2 documents\) +\d+ +0\.\d{3} +0\.800 +0\.667 +0\.727 +1\.000 +0\.833 +0\.909$/m);
    expect(stdout).toContain('n/a: not defined');
    expect(stdout).toMatch(/^wrote 3 disagreements to review[/\\]disagreements\.csv$/m);
    const csv = await readFile(path.join(dir, 'review', 'disagreements.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFdocument,start,end,text,Ali,Layla\r\n')).toBe(true);
    expect(csv).toContain(`${ID_004},`);
  });

  it('names a document whose text changed, compares the rest, and exits 1', async () => {
    const textFile = path.join(dir, 'corpus', 'documents', `${ID_004}.txt`);
    await writeFile(textFile, `${await readFile(textFile, 'utf8')} `);
    const { code, stdout, stderr } = await run('agreement', '--corpus', corpus(), '--json');
    expect(code).toBe(1);
    expect(stderr).toMatch(new RegExp(`^hashiya: corpus[/\\\\]documents[/\\\\]${ID_004}\\.txt: the text changed after import .*; not compared: agreement is not computed for document ${ID_004}\\n$`));
    const json = JSON.parse(stdout) as { documents: { document: string }[]; refused: { document: string; file: string }[] };
    expect(json.documents.map((d) => d.document)).toEqual([ID_000]);
    expect(json.refused).toEqual([expect.objectContaining({ document: ID_004, file: path.join('corpus', 'documents', `${ID_004}.txt`) })]);
  });

  it('names annotators with no layer, and needs two that have one', async () => {
    const some = await run('agreement', '--corpus', corpus(), '--annotators', 'Ali,Nadia,Layla');
    expect(some.code).toBe(0);
    expect(some.stderr).toBe(`hashiya: warning: ${path.join('corpus', 'layers', 'Nadia')}: annotator "Nadia" has no layers in this corpus: left out\n`);
    const none = await run('agreement', '--corpus', corpus(), '--annotators', 'Ali,Nadia');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('hashiya: agreement needs the layers of at least two annotators; only Ali has any in corpus');
    expect(none.stdout).toBe('');
  });

  it('refuses bad usage', async () => {
    expect((await run('agreement')).stderr).toContain('--corpus is required');
    expect((await run('agreement', '--corpus', corpus(), '--annotators', 'Ali')).stderr).toContain('--annotators needs at least two names');
    expect((await run('agreement', '--corpus', corpus(), '--disagreements', 'x.txt')).code).toBe(2);
    const unknown = await run('agreement', '--corpus', corpus(), '--documents', 'nope');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no document "nope" in this corpus');
    expect((await run('--help')).stdout).toContain('agreement --corpus DIR [--annotators NAME,NAME...]');
  });
});
