import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli';
import { FORMAT_NAMES, type FormatName } from '../../shared/formats';
import { ID_000, ID_004, fixtureCorpus } from '../fixtures/export/corpus';

// The export command on the seeds and the committed fixture layers, for every format: the files
// written, a few exact lines (the adapters' own tests hold their full golden files), and the same
// bytes from two runs.

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-cli-export-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const NOW = new Date('2025-06-01T12:00:00.000Z');

async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir, now: () => NOW });
  return { code, stdout, stderr };
}

async function files(folder: string): Promise<string[]> {
  return (await readdir(folder, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile())
    .map((e) => path.relative(folder, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort();
}

/** Per format: the files of Ali's export, and lines that must be in them. */
const GOLDEN: Record<FormatName, { readonly files: readonly string[]; readonly lines: readonly [string, string][] }> = {
  brat: {
    files: [`${ID_000}.ann`, `${ID_000}.txt`, `${ID_004}.ann`, `${ID_004}.txt`, 'annotation.conf'],
    lines: [
      [`${ID_000}.ann`, 'T3\tPlace 84 90;91 100\tمحافظة دير الزور'],
      [`${ID_000}.ann`, 'T15\tActor 74 79\tإيران'],
      [`${ID_000}.ann`, 'R3\tpart_of Arg1:T2 Arg2:T15'],
      ['annotation.conf', 'value\tArg:CasualtyCount, Value:4|5'],
    ],
  },
  w3c: {
    files: [`${ID_000}.jsonld`, `${ID_004}.jsonld`],
    lines: [
      [`${ID_000}.jsonld`, '  "id": "urn:hashiya:000_7db2a034c338d373:Ali",'],
      [`${ID_000}.jsonld`, '              "exact": "محافظة\\nدير الزور",'],
    ],
  },
  jsonl: {
    files: ['annotations.jsonl'],
    lines: [],
  },
  conll: {
    files: [`${ID_000}.conll`, `${ID_004}.conll`],
    lines: [
      [`${ID_000}.conll`, '-DOCSTART- -X- -X- O'],
      [`${ID_000}.conll`, 'المرصد\tB-Actor'],
      [`${ID_000}.conll`, 'الإنسان\tI-Actor'],
    ],
  },
  csv: {
    files: ['annotations.csv'],
    lines: [
      ['annotations.csv', '\uFEFFdocument,span_id,label,start,end,text,outcome,value,min,max,qualifier,asserted_zero,affected_party,affected_party_id,reported_by,reported_by_id,source,source_id,claim_kind,direct,cue,certainty,actors,actor_ids,places,place_ids,note'],
      ['annotations.csv', `${ID_000},s10,CasualtyCount,1062,1076,عدة قتلى وجرحى,killed_or_injured,,,,vague,,,,,,,,,,,,,,ريف دير الزور الشرقي,s8,`],
      ['annotations.csv', `${ID_004},s6,CasualtyCount,1434,1445,أربعة أعضاء,killed,4,,,exact,,,,,,,,,,,,,,,,`],
    ],
  },
  xmi: {
    files: [`${ID_000}.xmi`, `${ID_004}.xmi`, 'TypeSystem.xml'],
    lines: [
      ['TypeSystem.xml', '  <name>Hashiya</name>'],
      [`${ID_000}.xmi`, '    <type2:Sentence xmi:id="3" sofa="1" begin="0" end="113"/>'],
      [`${ID_000}.xmi`, '    <custom:Place xmi:id="421" sofa="1" begin="91" end="100" level="city"/>'],
    ],
  },
};

describe('hashiya export', () => {
  for (const format of FORMAT_NAMES) {
    it(`writes ${format}, the same bytes twice`, async () => {
      const store = await fixtureCorpus(dir);
      const first = await run('export', '--corpus', store.root, '--format', format, '--annotator', 'Ali', '--out', path.join(dir, 'a'));
      expect(first.code).toBe(0);
      expect(first.stdout).toMatch(new RegExp(`^exported 2 documents, 23 spans and 4 relations of Ali's layer as ${format} to a \\(\\d+ files?\\)\\n$`));
      // Every warning names the layer file it is about.
      for (const line of first.stderr.split('\n').filter((l) => l !== '')) {
        expect(line).toMatch(new RegExp(`^hashiya: warning: corpus/layers/Ali/(${ID_000}|${ID_004})\\.jsonl: ${format}: `));
      }
      const written = await files(path.join(dir, 'a'));
      const golden = GOLDEN[format];
      if (golden.files.length > 0) expect(written).toEqual(golden.files);
      for (const [file, line] of golden.lines) expect((await readFile(path.join(dir, 'a', file), 'utf8')).split(/\r?\n/)).toContain(line);

      const second = await run('export', '--corpus', store.root, '--format', format, '--annotator', 'Ali', '--out', path.join(dir, 'b'));
      expect(second).toEqual({ ...first, stdout: first.stdout.replace(' to a ', ' to b ') });
      expect(await files(path.join(dir, 'b'))).toEqual(written);
      for (const file of written) expect(await readFile(path.join(dir, 'b', file)), file).toEqual(await readFile(path.join(dir, 'a', file)));
    });
  }

  it('writes one JSONL line per document, the collection files once', async () => {
    const store = await fixtureCorpus(dir);
    expect((await run('export', '--corpus', store.root, '--format', 'jsonl,csv', '--annotator', 'Ali', '--offsets', 'utf16', '--out', path.join(dir, 'out'))).code).toBe(0);
    const lines = (await readFile(path.join(dir, 'out', 'jsonl', 'annotations.jsonl'), 'utf8')).split('\n');
    expect(lines.map((l) => (l === '' ? '' : (JSON.parse(l) as { id: string; hashiya: { offsets: string } }).id))).toEqual([ID_000, ID_004, '']);
    expect(lines.every((l) => l === '' || l.includes('"offsets":"utf16"'))).toBe(true);
    const csv = await readFile(path.join(dir, 'out', 'csv', 'annotations.csv'), 'utf8');
    expect(csv.match(/\uFEFFdocument,/g)).toHaveLength(1);
    expect(csv.split('\r\n').filter((l) => l.startsWith(`${ID_004},`))).toHaveLength(3);
  });

  it('names a loss of the collection as a whole once, against the corpus', async () => {
    const store = await fixtureCorpus(dir);
    // A label name UIMA cannot hold as a type name: the XMI type system renames it.
    await store.saveSchema({ ...store.manifest.schema, labels: [...store.manifest.schema.labels, { name: 'Armed-Group', color: '#a5d8ff', key: '', attributes: [] }] });
    const result = await run('export', '--corpus', store.root, '--format', 'xmi', '--annotator', 'Ali', '--out', path.join(dir, 'out'));
    expect(result.code).toBe(0);
    const renamed = result.stderr.split('\n').filter((l) => l.includes('"Armed-Group"'));
    expect(renamed).toHaveLength(1);
    expect(renamed[0]).toMatch(/^hashiya: warning: corpus: xmi: label "Armed-Group" is the UIMA type /);
  });

  it('exports the gold layer of a selection, several formats in a folder each', async () => {
    const store = await fixtureCorpus(dir);
    const result = await run('export', '--corpus', store.root, '--format', 'brat,conll', '--gold', '--documents', ID_004, '--out', path.join(dir, 'out'));
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('exported 1 document, 8 spans and 1 relation of the gold layer as brat, conll to out (4 files)\n');
    expect(await files(path.join(dir, 'out'))).toEqual([`brat/${ID_004}.ann`, `brat/${ID_004}.txt`, 'brat/annotation.conf', `conll/${ID_004}.conll`]);
    for (const line of result.stderr.split('\n').filter((l) => l !== '')) expect(line).toMatch(new RegExp(`^hashiya: warning: corpus/gold/${ID_004}\\.jsonl: conll: `));
  });

  it('writes a bundle with its datasheet', async () => {
    const store = await fixtureCorpus(dir);
    const result = await run('export', '--corpus', store.root, '--format', 'brat,w3c', '--gold', '--bundle', path.join(dir, 'seeds.zip'));
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('wrote seeds.zip: 2 documents, 23 spans and 4 relations of the gold layer as brat, w3c, with DATASHEET.md and schema.json (9 files)\n');
    const zip = unzipSync(new Uint8Array(await readFile(path.join(dir, 'seeds.zip'))));
    expect(Object.keys(zip)).toEqual([
      'DATASHEET.md',
      'schema.json',
      `brat/${ID_000}.ann`,
      `brat/${ID_000}.txt`,
      `brat/${ID_004}.ann`,
      `brat/${ID_004}.txt`,
      'brat/annotation.conf',
      `w3c/${ID_000}.jsonld`,
      `w3c/${ID_004}.jsonld`,
    ]);
    const sheet = strFromU8(zip['DATASHEET.md']!);
    expect(sheet).toContain(`on ${NOW.toISOString()} (UTC)`);
    expect(sheet).toContain('| w3c | `w3c/` | Unicode code points (`TextPositionSelector`), with the quote in a `TextQuoteSelector` |');
  });

  it('explains what is wrong with the arguments, with exit code 2', async () => {
    const store = await fixtureCorpus(dir);
    const usage = async (...args: string[]): Promise<string> => {
      const result = await run('export', '--corpus', store.root, ...args);
      expect(result.code).toBe(2);
      expect(result.stdout).toBe('');
      return result.stderr.split('\n')[0] ?? '';
    };
    expect(await usage('--format', 'brat,docx', '--gold', '--out', 'o')).toBe(`hashiya: unknown export format "docx" (known: ${FORMAT_NAMES.join(', ')})`);
    expect(await usage('--format', 'brat', '--annotator', 'Ali', '--gold', '--out', 'o')).toBe('hashiya: give either --annotator NAME or --gold, not both');
    expect(await usage('--format', 'brat', '--out', 'o')).toBe('hashiya: --annotator NAME or --gold is required: whose layer to export');
    expect(await usage('--format', 'brat', '--gold')).toBe('hashiya: --out DIR or --bundle FILE.zip is required: where to export to');
    expect(await usage('--format', 'brat', '--gold', '--out', 'o', '--bundle', 'b.zip')).toBe('hashiya: give either --out DIR or --bundle FILE.zip, not both');
    expect(await usage('--format', 'brat', '--gold', '--bundle', 'b.tar')).toBe('hashiya: --bundle must name a .zip file, not "b.tar"');
    expect(await usage('--format', 'jsonl', '--gold', '--out', 'o', '--offsets', 'bytes')).toBe('hashiya: --offsets must be codepoint or utf16, not "bytes"');
    expect(await usage('--format', 'brat', '--gold', '--out', 'o', '--documents', ',')).toBe('hashiya: --documents needs at least one document id');

    const unknown = await run('export', '--corpus', store.root, '--format', 'brat', '--gold', '--documents', `${ID_000},nope`, '--out', path.join(dir, 'o'));
    expect(unknown).toEqual({ code: 1, stdout: '', stderr: 'hashiya: corpus: no document "nope" in this corpus\n' });
    const inside = await run('export', '--corpus', store.root, '--format', 'brat', '--gold', '--out', path.join(store.root, 'out'));
    expect(inside).toEqual({ code: 1, stdout: '', stderr: `hashiya: corpus/out: refusing to export into the corpus folder ${store.root}\n` });
  });
});

describe('hashiya import', () => {
  it('takes --format, --offsets and --replace, and reports each document', async () => {
    const store = await fixtureCorpus(dir);
    expect((await run('export', '--corpus', store.root, '--format', 'w3c', '--annotator', 'Layla', '--out', path.join(dir, 'w3c'))).code).toBe(0);
    const again = await run('import', '--corpus', store.root, '--annotator', 'Layla', path.join(dir, 'w3c'));
    expect(again.code).toBe(1);
    expect(again.stderr).toBe(`hashiya: w3c/${ID_004}.jsonld: the layer of Layla for "${ID_004}" already has 3 spans and 0 relations; it is not overwritten without --replace\n`);
    // Layla has no layer of 000: its W3C file brings nothing, and writes no empty layer.
    expect(again.stdout).toBe(`skipped w3c/${ID_000}.jsonld: brings no annotations, and its text is already in the corpus as "${ID_000}"\n0 imported, 1 skipped, 1 failed (corpus corpus)\n`);
    expect(existsSync(store.layerPath(ID_000, 'Layla'))).toBe(false);

    const replaced = await run('import', '--corpus', store.root, '--annotator', 'Layla', '--format', 'w3c', '--replace', path.join(dir, 'w3c', `${ID_004}.jsonld`));
    expect(replaced).toEqual({
      code: 0,
      stdout: `replaced Layla's layer of ${ID_004} (it had 3 spans and 0 relations) with 3 spans from w3c/${ID_004}.jsonld\n1 imported, 0 skipped, 0 failed (corpus corpus)\n`,
      stderr: '',
    });
    const usage = await run('import', '--corpus', store.root, '--format', 'xmi', path.join(dir, 'w3c'));
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('unknown import format "xmi" (known: brat, w3c, jsonl, text)');
  });
});
