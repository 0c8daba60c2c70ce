/** Test-only: a corpus of the real Arabic seeds (`seeds/*.txt`), imported as the app imports them. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { importPaths } from '../../electron/corpus-import';
import { CorpusStore } from '../../electron/corpus-store';

/** The seeds folder (also the host's `seedsDir`); a path, not a URL, so that it is the same under jsdom's `URL`. */
export const SEEDS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../seeds');
export const ID_000 = '000_7db2a034c338d373';
export const ID_004 = '004_fee82008326e4aee';
/** The document list's titles of the seeds: their first lines (seed 000's is exactly 90 code points long, so it is not cut). */
export const TITLE_000 = 'شهدت الساعات الماضية، قصفا متبادلا بين القوات الأمريكية، ومليشيات موالية لإيران، في محافظة';
export const TITLE_004 = '"هجوم مدفعي" يستهدف الأمريكيين في سوريا بعد قصف جوي على حدود العراق';
/** The canonicalisation of a text added as it is (UTF-8, nothing changed). */
export const PLAIN = { encoding: 'utf-8', bomRemoved: false, crlf: 0, cr: 0, nfcChanged: false, warnings: [] } as const;

/** A new corpus in `dir`/corpus with every seed imported (the test fails if one is refused). */
export async function seedCorpus(dir: string): Promise<CorpusStore> {
  const store = await CorpusStore.open(path.join(dir, 'corpus'), { create: true });
  expect((await importPaths(store, [SEEDS])).failed).toEqual([]);
  return store;
}
