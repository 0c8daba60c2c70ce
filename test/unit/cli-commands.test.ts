import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../electron/cli';

const SEEDS = fileURLToPath(new URL('../../seeds/', import.meta.url));
const ID_000 = '000_7db2a034c338d373';
const ID_004 = '004_fee82008326e4aee';
const ANN_000 = fileURLToPath(new URL(`../fixtures/corpus/${ID_000}.ann`, import.meta.url));
/** brat's configuration for that .ann: it declares the `LocatedIn` relation and the `Outcome` attribute it uses. */
const CONF = ['[entities]', 'Actor', 'Place', 'CasualtyCount', 'Claim', '', '[relations]', 'LocatedIn\tArg1:Place, Arg2:Place', '', '[events]', '', '[attributes]', 'Outcome\tArg:CasualtyCount, Value:killed|injured', ''].join('\n');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs the CLI in-process, as `hashiya ...args` run in the temp folder. */
async function run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd: dir });
  return { code, stdout, stderr };
}

describe('hashiya', () => {
  it('imports the seeds and a brat layer, validates, catches damage, and exports brat', async () => {
    const corpus = path.join(dir, 'corpus');
    const imported = await run('import', '--corpus', corpus, path.join(SEEDS, `${ID_000}.txt`), path.join(SEEDS, `${ID_004}.txt`));
    expect(imported.stderr).toBe('');
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain(`as ${ID_000}\n`);
    expect(imported.stdout).toContain('2 imported, 0 skipped, 0 failed (corpus corpus)');

    // The real brat annotations of seed 000, for annotator Ali.
    await mkdir(path.join(dir, 'brat-in'));
    await copyFile(path.join(SEEDS, `${ID_000}.txt`), path.join(dir, 'brat-in', `${ID_000}.txt`));
    await copyFile(ANN_000, path.join(dir, 'brat-in', `${ID_000}.ann`));
    await writeFile(path.join(dir, 'brat-in', 'annotation.conf'), CONF);
    const layer = await run('import', '--corpus', corpus, '--annotator', 'Ali', path.join(dir, 'brat-in'));
    expect(layer.stderr).toBe('');
    expect(layer.code).toBe(0);
    expect(layer.stdout).toBe(
      [
        'added to the schema: attribute CasualtyCount.Outcome (from brat-in/annotation.conf)',
        'added to the schema: relation type LocatedIn (from brat-in/annotation.conf)',
        `added a layer to brat-in/${ID_000}.txt as ${ID_000}, 14 spans and 1 relation from brat-in/${ID_000}.ann into Ali's layer`,
        '1 imported, 0 skipped, 0 failed (corpus corpus)',
        '',
      ].join('\n'),
    );

    const clean = await run('validate', '--corpus', corpus);
    expect(clean).toEqual({ code: 0, stdout: 'corpus: no problems (2 documents)\n', stderr: '' });

    const layerFile = path.join(corpus, 'layers', 'Ali', `${ID_000}.jsonl`);
    const original = await readFile(layerFile, 'utf8');
    const lines = original.split('\n');
    expect(lines[3]).toContain('"id":"s3","label":"Place","start":84,"end":100');
    lines[3] = lines[3]!.replace('"end":100', '"end":"100"');
    await writeFile(layerFile, lines.join('\n'));
    const damaged = await run('validate', '--corpus', corpus);
    expect(damaged.code).toBe(1);
    expect(damaged.stdout).toBe(`corpus/layers/Ali/${ID_000}.jsonl:4: "end" must be an integer, not a string\n`);
    expect(damaged.stderr).toBe('hashiya: 1 problem in corpus\n');
    await writeFile(layerFile, original);

    const out = path.join(dir, 'brat-out');
    const exported = await run('export', '--corpus', corpus, '--format', 'brat', '--annotator', 'Ali', '--out', out);
    expect(exported).toEqual({ code: 0, stdout: "exported 2 documents, 14 spans and 1 relation of Ali's layer as brat to brat-out (5 files)\n", stderr: '' });
    expect(await readFile(path.join(out, `${ID_000}.txt`))).toEqual(readFileSync(path.join(SEEDS, `${ID_000}.txt`)));
    const ann = await readFile(path.join(out, `${ID_000}.ann`), 'utf8');
    expect(ann.split('\n').filter((l) => l.startsWith('T')).join('\n') + '\n').toBe(
      [
        'T1\tActor 39 55\tالقوات الأمريكية',
        'T2\tActor 58 79\tمليشيات موالية لإيران',
        'T3\tPlace 84 90;91 100\tمحافظة دير الزور',
        'T4\tPlace 91 100\tدير الزور',
        'T5\tPlace 107 112\tسوريا',
        'T6\tActor 219 246\tالمرصد السوري لحقوق الإنسان',
        'T7\tPlace 263 279\tحقل العمر النفطي',
        'T8\tPlace 325 345\tريف دير الزور الشرقي',
        'T9\tPlace 329 338\tدير الزور',
        'T10\tCasualtyCount 1062 1076\tعدة قتلى وجرحى',
        'T13\tClaim 1112 1201\tقال البيان: "لدينا القدرة على الرد في حال تم استهداف مراكزنا وقواتنا على الأراضي السورية"',
        'T11\tCasualtyCount 1413 1431\tخمسة جنود أمريكيين',
        'T12\tActor 1694 1703\tجون كيربي',
        'T14\tCasualtyCount 1736 1749\tلم تقع إصابات',
        '',
      ].join('\n'),
    );
    expect(await readFile(path.join(out, `${ID_004}.ann`), 'utf8')).toBe('');
    expect(await readFile(path.join(out, 'annotation.conf'), 'utf8')).toContain('<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n');
  });

  it('validates stored values against the schema, and says what brat export leaves out', async () => {
    const corpus = path.join(dir, 'corpus');
    await mkdir(path.join(dir, 'brat-in'));
    await copyFile(path.join(SEEDS, `${ID_000}.txt`), path.join(dir, 'brat-in', `${ID_000}.txt`));
    // The text-bound spans only: the values and relations below are added by hand.
    const textBound = (await readFile(ANN_000, 'utf8')).split('\n').filter((l) => l.startsWith('T'));
    await writeFile(path.join(dir, 'brat-in', `${ID_000}.ann`), `${textBound.join('\n')}\n`);
    expect((await run('import', '--corpus', corpus, '--annotator', 'Ali', path.join(dir, 'brat-in'))).code).toBe(0);

    // By hand, as an editor might: values on the spans, relations and a rejected suggestion.
    const layerFile = path.join(corpus, 'layers', 'Ali', `${ID_000}.jsonl`);
    const lines = (await readFile(layerFile, 'utf8')).trimEnd().split('\n');
    expect(lines[1]).toContain('"id":"s1","label":"Actor","start":39,"end":55');
    expect(lines[2]).toContain('"id":"s2","label":"Actor","start":58,"end":79');
    expect(lines[12]).toContain('"id":"s11","label":"CasualtyCount","start":1413,"end":1431');
    const withValues = (line: string, values: string): string => `${line.slice(0, -1)},"attributes":${values}}`;
    lines[1] = withValues(lines[1]!, '{"actor_type":"external_forces","backed_by":"s2"}');
    lines[2] = withValues(lines[2]!, '{"backed_by":"s1"}');
    lines[12] = withValues(lines[12]!, '{"affected_party":"s1","outcome":"wounded","value":5}');
    lines.push(
      '{"type":"relation","id":"r1","relation":"located_at","from":"s11","to":"s9"}',
      '{"type":"relation","id":"r2","relation":"located_at","from":"s1","to":"s40"}',
      '{"type":"rejected","label":"CasualtyCount","start":2025,"end":2027}',
    );
    await writeFile(layerFile, `${lines.join('\n')}\n`);

    const result = await run('validate', '--corpus', corpus);
    const shown = `corpus/layers/Ali/${ID_000}.jsonl`;
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        `${shown}:2: span "s1": "backed_by" refers to span "s2", and the references lead back: a cycle through spans s1, s2`,
        `${shown}:3: span "s2": "backed_by" refers to span "s1", and the references lead back: a cycle through spans s1, s2`,
        `${shown}:13: span "s11": "outcome": "wounded" is not one of killed, injured, killed_or_injured, missing, captured, unspecified`,
        `${shown}:17: relation "r2": "to" names span "s40", which is not in the layer`,
        '',
      ].join('\n'),
    );
    expect(result.stderr).toBe('hashiya: 4 problems in corpus\n');

    const exported = await run('export', '--corpus', corpus, '--format', 'brat', '--annotator', 'Ali', '--out', path.join(dir, 'brat-out'));
    expect(exported.code).toBe(0);
    // brat writes values, references and relations; only the dangling relation cannot go out.
    expect(exported.stderr).toBe(`hashiya: warning: ${shown}: brat: relation r2 (located_at s1 → s40) links a span that is not exported: it is not exported\n`);
  });

  it('prints file:line for a damaged manifest, without a stack trace', async () => {
    await mkdir(path.join(dir, 'corpus'));
    await writeFile(path.join(dir, 'corpus', 'hashiya.json'), '{\n  "format": "hashiya-corpus",\n  "version": 1,\n  "name": "x",\n}\n');
    const result = await run('validate', '--corpus', path.join(dir, 'corpus'));
    expect(result).toEqual({ code: 1, stdout: '', stderr: 'hashiya: corpus/hashiya.json:5: invalid JSON: expected a quoted member name, found character "}"\n' });
  });

  it('reports files it could not import and exits 1', async () => {
    await writeFile(path.join(dir, 'empty.txt'), '');
    const result = await run('import', '--corpus', path.join(dir, 'corpus'), path.join(dir, 'empty.txt'), path.join(dir, 'missing.txt'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^hashiya: missing\.txt: not found\nhashiya: empty\.txt: .*is empty/);
  });

  it('explains usage errors with exit code 2', async () => {
    expect((await run('--help')).stdout).toContain('Usage: hashiya <command>');
    expect(await run('frobnicate')).toEqual({ code: 2, stdout: '', stderr: 'hashiya: unknown command "frobnicate"\nRun "hashiya --help" for usage.\n' });
    const noFormat = await run('export', '--corpus', dir, '--annotator', 'Ali', '--out', path.join(dir, 'o'));
    expect(noFormat).toEqual({ code: 2, stdout: '', stderr: 'hashiya: --format is required\nRun "hashiya --help" for usage.\n' });
    const unknownFlag = await run('validate', '--corpus', dir, '--fast');
    expect(unknownFlag.code).toBe(2);
    expect(unknownFlag.stderr).toContain("Unknown option '--fast'");
    expect((await run('serve', '--port', 'eighty')).stderr).toContain('--port must be a number');
    const badName = await run('import', '--corpus', path.join(dir, 'c'), '--annotator', 'a/b', path.join(SEEDS, `${ID_000}.txt`));
    expect(badName.code).toBe(1);
    expect(badName.stderr).toBe('hashiya: c: annotator name "a/b" must not contain "/" or "\\"\n');
    expect(badName.stderr).not.toContain('    at ');
  });
});
