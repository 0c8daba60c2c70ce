import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorpusError, CorpusStore } from '../../electron/corpus-store';
import { decodeUtf8Strict } from '../../electron/node-text';
import { fileStamp } from '../../electron/parallel-io';
import { TextReadAhead, asText, type TextRead } from '../../electron/text-read-ahead';
import { serializeLayer } from '../../shared/corpus/layer-file';
import type { Canonicalisation, Layer } from '../../shared/model';
import { quoteContext } from '../../shared/text/quote-context';
import { breakingNews, cpOccurrences, seed000 } from '../fixtures/text/load';

// Files read ahead in a worker thread (validate, agreement), and the store's reading of a
// document's layers for comparison, against the plain reads they stand in for.

const PLAIN: Canonicalisation = { encoding: 'utf-8', bomRemoved: false, crlf: 0, cr: 0, nfcChanged: false, warnings: [] };
const ID = '000_7db2a034c338d373';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hashiya-read-ahead-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('TextReadAhead', () => {
  it('reads each file as strict UTF-8 (a byte order mark kept), and says which are missing, not UTF-8, or not readable', async () => {
    const files = {
      arabic: path.join(dir, 'arabic.txt'),
      news: path.join(dir, 'news.txt'),
      bom: path.join(dir, 'bom.txt'),
      latin1: path.join(dir, 'latin1.txt'),
      missing: path.join(dir, 'missing.txt'),
      folder: path.join(dir, 'folder.jsonl'),
    };
    await writeFile(files.arabic, seed000);
    await writeFile(files.news, breakingNews);
    await writeFile(files.bom, `\uFEFF${seed000.slice(0, 40)}`);
    await writeFile(files.latin1, Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    await mkdir(files.folder);
    const list = Object.values(files);
    const ahead = TextReadAhead.start(list);
    try {
      const got = await Promise.all(list.map((_, k) => ahead.read(k)));
      expect(got).toEqual([
        { kind: 'text', text: seed000 },
        { kind: 'text', text: breakingNews },
        { kind: 'text', text: decodeUtf8Strict(readFileSync(files.bom)) },
        { kind: 'invalid' },
        { kind: 'missing' },
        { kind: 'failed' },
      ]);
      expect((got[2] as { text: string }).text.codePointAt(0)).toBe(0xfeff);
      // Each file is taken once.
      expect(await ahead.read(0)).toEqual({ kind: 'failed' });
    } finally {
      await ahead.close();
    }
  });

  it('reads far more files than it may hold, taken out of order within the window, some given up', async () => {
    const list: string[] = [];
    for (let k = 0; k < 300; k++) {
      list.push(path.join(dir, `f${k}.txt`));
      await writeFile(list[k] as string, `${k}: ${seed000.slice(k, k + 30)}`);
    }
    const ahead = TextReadAhead.start(list, 8);
    const got: (TextRead | undefined)[] = [];
    try {
      for (let k = 0; k < 300; k += 4) {
        // Four at a time, the last first; every tenth group gives up its second file.
        const group = [k + 3, k + 2, k + 1, k];
        await Promise.all(
          group.map(async (i) => {
            if (k % 40 === 0 && i === k + 1) ahead.skip(i);
            else got[i] = await ahead.read(i);
          }),
        );
      }
    } finally {
      await ahead.close();
    }
    got.forEach((read, i) => expect(read).toEqual({ kind: 'text', text: `${i}: ${seed000.slice(i, i + 30)}` }));
    // All but the eight given up.
    expect(Object.keys(got).length).toBe(300 - 8);
  });

  it('gives the stamp of the file read, the SHA-256 of its bytes (also when they are not UTF-8), or decodes loosely, where asked', async () => {
    const files = { text: path.join(dir, 'text.txt'), meta: path.join(dir, 'doc.meta.json'), latin1: path.join(dir, 'latin1.txt') };
    await writeFile(files.text, seed000);
    // A meta holding a stray byte: a loose decode makes it U+FFFD, as Buffer#toString does.
    const meta = Buffer.concat([Buffer.from('{"title":"دير الزور '), Buffer.from([0xff]), Buffer.from('"}')]);
    await writeFile(files.meta, meta);
    await writeFile(files.latin1, Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    const sha = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');
    const stampOf = (file: string): string => fileStamp(statSync(file));
    const ahead = TextReadAhead.start([
      { path: files.text, stamp: true, sha256: true },
      { path: files.meta, stamp: true, loose: true },
      { path: files.latin1, stamp: true, sha256: true },
      { path: files.meta },
      { path: path.join(dir, 'missing.txt'), stamp: true, sha256: true },
    ]);
    try {
      const [text, loose, latin1, strict, missing] = await Promise.all([0, 1, 2, 3, 4].map((k) => ahead.read(k)));
      expect(text).toMatchObject({ kind: 'text', text: seed000, sha256: sha(files.text) });
      expect(fileStamp((text as { stamp: Parameters<typeof fileStamp>[0] }).stamp)).toBe(stampOf(files.text));
      expect(loose).toMatchObject({ kind: 'text', text: meta.toString('utf8') });
      expect((loose as { text: string }).text).toBe('{"title":"دير الزور \uFFFD"}');
      expect(fileStamp((loose as { stamp: Parameters<typeof fileStamp>[0] }).stamp)).toBe(stampOf(files.meta));
      expect(loose).not.toHaveProperty('sha256');
      expect(latin1).toEqual({ kind: 'invalid', stamp: expect.objectContaining({ size: 4 }), sha256: sha(files.latin1) });
      expect(strict).toEqual({ kind: 'invalid' });
      expect(missing).toEqual({ kind: 'missing' });
    } finally {
      await ahead.close();
    }
  });

  it('gives the bytes themselves where asked, checked as strict UTF-8, and asText decodes them as a text read would be', async () => {
    // A layer-sized file (its own buffer, transferred) and a small one (a slice of a shared pool, copied).
    const big = `\uFEFF${breakingNews}\r\n${seed000}`;
    const files = { big: path.join(dir, 'big.jsonl'), small: path.join(dir, 'small.jsonl'), latin1: path.join(dir, 'latin1.txt') };
    await writeFile(files.big, big);
    await writeFile(files.small, 'بـ 🔴');
    await writeFile(files.latin1, Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    const ahead = TextReadAhead.start([
      { path: files.big, bytes: true },
      { path: files.small, bytes: true, sha256: true },
      { path: files.latin1, bytes: true },
      { path: path.join(dir, 'missing.txt'), bytes: true },
      files.big,
    ]);
    try {
      const [bigRead, smallRead, latin1, missing, asTextRead] = await Promise.all([0, 1, 2, 3, 4].map((k) => ahead.read(k)));
      expect(bigRead?.kind).toBe('bytes');
      expect(Buffer.from((bigRead as { bytes: Uint8Array }).bytes).equals(readFileSync(files.big))).toBe(true);
      expect(smallRead).toEqual({ kind: 'bytes', bytes: new Uint8Array(Buffer.from('بـ 🔴')), sha256: createHash('sha256').update('بـ 🔴').digest('hex') });
      expect(latin1).toEqual({ kind: 'invalid' });
      expect(missing).toEqual({ kind: 'missing' });
      // Decoded, the bytes are the text read as text: the byte order mark kept, CRLF as it is.
      expect(asText(bigRead as TextRead)).toEqual(asTextRead);
      expect(asText(bigRead as TextRead)).toEqual({ kind: 'text', text: big });
      expect(asText(smallRead as TextRead)).toEqual({ kind: 'text', text: 'بـ 🔴', sha256: (smallRead as { sha256: string }).sha256 });
      expect(asText({ kind: 'missing' })).toEqual({ kind: 'missing' });
    } finally {
      await ahead.close();
    }
  });

  it('gives `failed` for what was not read when it is closed (the caller then reads the file itself)', async () => {
    const list = [path.join(dir, 'a.txt'), path.join(dir, 'b.txt')];
    await writeFile(list[0] as string, 'أ');
    await writeFile(list[1] as string, 'ب');
    const ahead = TextReadAhead.start(list, 1);
    await ahead.close();
    expect(await ahead.read(1)).toEqual({ kind: 'failed' });
  });
});

describe('CorpusStore.readLayersToCompare', () => {
  const sha = (text: string): string => createHash('sha256').update(text).digest('hex');
  const at = (text: string, id: string, label: string, quote: string) => {
    const start = cpOccurrences(text, quote)[0] as number;
    const end = start + [...quote].length;
    return { id, label, start, end, ...quoteContext(text, start, end, 24), attributes: {}, note: '' };
  };
  const layer = (annotator: string, textSha256: string, spans: Layer['spans']): Layer => ({ document: ID, annotator, textSha256, revision: 2, status: 'done', spans, relations: [], rejected: [] });

  it('gives each layer as readLayer does (on another text re-anchored, damaged with its previous version), read here or ahead', async () => {
    const store = await CorpusStore.open(path.join(dir, 'corpus'), { create: true });
    // The document's text is seed 000 with a sentence put before it; Layla's layer was made on seed 000 itself.
    const text = `تحديث: أعيد استيراد هذا الخبر.\n${seed000}`;
    await store.addDocument({ id: ID, source: `${ID}.txt`, text, canonicalisation: PLAIN });
    const write = async (annotator: string, content: string): Promise<void> => {
      await mkdir(path.dirname(store.layerPath(ID, annotator)), { recursive: true });
      await writeFile(store.layerPath(ID, annotator), content);
    };
    await write('Ali', serializeLayer(layer('Ali', sha(text), [at(text, 's1', 'Place', 'دير الزور'), { ...at(text, 's2', 'Actor', 'سوريا'), text: 'سوري' }])));
    await write('Layla', serializeLayer(layer('Layla', sha(seed000), [at(seed000, 's1', 'Place', 'دير الزور'), at(seed000, 's2', 'Actor', 'القوات الأمريكية')])));
    await write('Omar', '{"format":"hashiya-layer"\n');
    // A previous version of Omar's layer, kept as a save keeps it.
    const previous = store.previousLayerPath(ID, 'Omar');
    await mkdir(path.dirname(previous), { recursive: true });
    await writeFile(previous, serializeLayer(layer('Omar', sha(text), [at(text, 's1', 'Place', 'سوريا')])));
    const annotators = ['Ali', 'Layla', 'Omar', 'Sara'];

    const expected = await Promise.all(
      annotators.map(async (a) => {
        try {
          const { unfit: _u, relationProblems: _r, ...read } = await store.readLayer(ID, a);
          return read;
        } catch (error) {
          if (!(error instanceof CorpusError)) throw error;
          return { problems: error.problems, kind: error.kind };
        }
      }),
    );
    const shown = (got: Awaited<ReturnType<CorpusStore['readLayersToCompare']>>): unknown[] =>
      annotators.map((a) => {
        const read = got.layers.get(a);
        return read instanceof CorpusError ? { problems: read.problems, kind: read.kind } : read;
      });
    expect(expected[1]).toMatchObject({ reanchored: true });
    expect(expected[0]).toMatchObject({ orphans: [{ spanId: 's2' }] });
    expect(expected[2]).toMatchObject({ kind: 'damaged', problems: [expect.anything(), { message: expect.stringMatching(/^a previous version is kept \(revision 2, 1 span/) }] });
    expect(expected[3]).toMatchObject({ layer: { status: 'not_started', spans: [] } });

    const here = await store.readLayersToCompare(ID, annotators);
    expect(here.text).toBe(text);
    expect(shown(here)).toEqual(expected);

    const ahead = TextReadAhead.start(annotators.map((a) => store.layerPath(ID, a)));
    try {
      expect(shown(await store.readLayersToCompare(ID, annotators, (k) => ahead.read(k)))).toEqual(expected);
    } finally {
      await ahead.close();
    }
  });
});

describe('CorpusStore.readDocument with its files read ahead', () => {
  const sha = (bytes: string | Uint8Array): string => createHash('sha256').update(bytes).digest('hex');
  const attempt = async (read: () => Promise<unknown>): Promise<unknown> => {
    try {
      return await read();
    } catch (error) {
      if (!(error instanceof CorpusError)) throw error;
      return { kind: error.kind, problems: error.problems };
    }
  };
  /** readDocument with the files read ahead (in a new store folder, so no text is cached yet), then read here. */
  const both = async (store: CorpusStore, id: string): Promise<readonly [unknown, unknown]> => {
    const ahead = TextReadAhead.start(store.documentFilesAhead(id));
    try {
      const read = await attempt(() => store.readDocument(id, async () => [await ahead.read(0), await ahead.read(1)]));
      return [read, await attempt(() => store.readDocument(id))];
    } finally {
      await ahead.close();
    }
  };
  const corpus = async (name: string, text = seed000): Promise<CorpusStore> => {
    const store = await CorpusStore.open(path.join(dir, name), { create: true });
    await store.addDocument({ id: ID, source: `${ID}.txt`, text, canonicalisation: PLAIN });
    return store;
  };

  it('gives the meta and the verified text, as read here', async () => {
    const store = await corpus('sound');
    const [ahead, here] = await both(store, ID);
    expect(ahead).toEqual(here);
    expect(ahead).toMatchObject({ text: seed000, meta: { id: ID, sha256: sha(seed000), length: [...seed000].length } });
  });

  it('throws what reading here throws: a text changed after import, a text that is not UTF-8, a text gone, a meta gone', async () => {
    const changed = await corpus('changed');
    await writeFile(changed.textPath(ID), seed000.replace('دير الزور', 'دير  الزور'));
    const [a1, h1] = await both(changed, ID);
    expect(a1).toEqual(h1);
    expect(a1).toMatchObject({ kind: 'damaged', problems: [{ file: changed.textPath(ID), message: expect.stringMatching(/^the text changed after import \(SHA-256 [0-9a-f]{12}…, the meta says [0-9a-f]{12}…\)/) }] });

    // Bytes that are not UTF-8, with the meta's hash made to match them: the hash passes, the decoding does not.
    const invalid = await corpus('invalid');
    const bytes = Buffer.concat([Buffer.from('دير الزور '), Buffer.from([0xd8])]);
    await writeFile(invalid.textPath(ID), bytes);
    const metaFile = invalid.metaPath(ID);
    await writeFile(metaFile, readFileSync(metaFile, 'utf8').replace(sha(seed000), sha(bytes)));
    const [a2, h2] = await both(invalid, ID);
    expect(a2).toEqual(h2);
    expect(a2).toEqual({ kind: 'damaged', problems: [{ file: invalid.textPath(ID), message: 'not valid UTF-8' }] });

    const gone = await corpus('gone');
    await rm(gone.textPath(ID));
    const [a3, h3] = await both(gone, ID);
    expect(a3).toEqual(h3);
    expect(a3).toEqual({ kind: 'damaged', problems: [{ file: gone.textPath(ID), message: 'missing: the document text is gone' }] });

    const noMeta = await corpus('no-meta');
    await rm(noMeta.metaPath(ID));
    const [a4, h4] = await both(noMeta, ID);
    expect(a4).toEqual(h4);
    expect(a4).toEqual({ kind: 'not_found', problems: [{ file: noMeta.metaPath(ID), message: `no document "${ID}" in this corpus` }] });
  });

  it('reads here what the worker did not read (`failed`)', async () => {
    const store = await corpus('failed');
    const read = await store.readDocument(ID, async () => [{ kind: 'failed' }, { kind: 'failed' }]);
    expect(read).toEqual({ meta: expect.objectContaining({ id: ID, sha256: sha(seed000) }), text: seed000 });
  });
});

describe('decodeUtf8Strict', () => {
  // What a WHATWG decoder in fatal mode gives (undefined where it throws), byte for byte.
  const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  const reference = (bytes: Uint8Array): string | undefined => {
    try {
      return fatal.decode(bytes);
    } catch {
      return undefined;
    }
  };

  it('decodes well-formed UTF-8 as the fatal decoder does, and refuses what it refuses', () => {
    const cases: Record<string, Uint8Array> = {
      seed: Buffer.from(seed000),
      // A BOM, tatweel and a combining mark, an emoji (four bytes), CRLF.
      bom: Buffer.from('\uFEFFبـ‍ُ 😀\r\nقال'),
      empty: new Uint8Array(0),
      overlong: Uint8Array.from([0x2f, 0xc0, 0xaf]),
      surrogateAsCesu8: Uint8Array.from([0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80]),
      pastU10FFFF: Uint8Array.from([0xf4, 0x90, 0x80, 0x80]),
      truncated: Buffer.from('قال').subarray(0, 5),
      loneContinuation: Uint8Array.from([0x61, 0x80]),
      windows1256: Uint8Array.from([0xe3, 0xc7, 0xc1]),
    };
    for (const [name, bytes] of Object.entries(cases)) expect([name, decodeUtf8Strict(bytes)]).toEqual([name, reference(bytes)]);
    expect(decodeUtf8Strict(cases.bom as Uint8Array)?.codePointAt(0)).toBe(0xfeff);
    expect(decodeUtf8Strict(cases.overlong as Uint8Array)).toBeUndefined();
    // A view into a larger buffer decodes only its own bytes.
    const inner = Buffer.from(`xx${seed000.slice(0, 20)}yy`).subarray(2, -2);
    expect(decodeUtf8Strict(new Uint8Array(inner.buffer, inner.byteOffset, inner.byteLength))).toBe(seed000.slice(0, 20));
  });
});
