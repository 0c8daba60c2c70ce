import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readAssignments, writeAssignments } from '../../electron/corpus-assignments';
import { CorpusError } from '../../electron/corpus-store';

const seeds = new Set(['000_7db2a034c338d373', '004_fee82008326e4aee']);
let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'hashiya-assign-'));
});
afterEach(async () => rm(root, { recursive: true, force: true }));

describe('assignments.json on disk', () => {
  it('reads nothing assigned when there is no file, and reads back what was written', async () => {
    expect((await readAssignments(root)).size).toBe(0);
    await writeAssignments(root, new Map([['004_fee82008326e4aee', ['نور', 'ali']]]), seeds);
    expect(await readFile(path.join(root, 'assignments.json'), 'utf8')).toBe(
      '{"format": "hashiya-assignments", "version": 1, "documents": {\n"004_fee82008326e4aee": ["ali","نور"]\n}}\n',
    );
    expect(Object.fromEntries(await readAssignments(root))).toEqual({ '004_fee82008326e4aee': ['ali', 'نور'] });
  });

  it('refuses unknown documents and bad names, and never overwrites a damaged file', async () => {
    await expect(writeAssignments(root, new Map([['999_missing', ['ali']]]), seeds)).rejects.toThrow('no document "999_missing" in this corpus');
    await expect(writeAssignments(root, new Map([['000_7db2a034c338d373', ['../x']]]), seeds)).rejects.toBeInstanceOf(CorpusError);
    const damaged = '{"format": "hashiya-assignments", "version": 1, "documents": {\n"000_7db2a034c338d373": ["ali",]\n}}\n';
    await writeFile(path.join(root, 'assignments.json'), damaged);
    await expect(readAssignments(root)).rejects.toThrow(/assignments\.json/);
    const refused = await writeAssignments(root, new Map([['000_7db2a034c338d373', ['sara']]]), seeds).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(CorpusError);
    expect((refused as CorpusError).problems[0]).toMatchObject({ file: path.join(root, 'assignments.json'), line: 2 });
    expect(await readFile(path.join(root, 'assignments.json'), 'utf8')).toBe(damaged);
  });
});
