/**
 * A synthetic corpus for benchmarks: real Arabic sentences from the seed articles, recombined
 * into as many documents as asked, each with one layer per annotator, written in the on-disk
 * format (hashiya.json, documents/<id>.txt + <id>.meta.json, layers/<annotator>/<id>.jsonl) with
 * the project's own serialisers, so the result validates.
 *
 * Deterministic: the same options give the same files, byte for byte (the import date is fixed).
 *
 * Layers: about one span per {@link CHARS_PER_SPAN} code points, on whole words, over the labels of
 * the default schema, none overlapping. The first annotator's layer is the reference; each later
 * annotator keeps about {@link AGREEMENT} of its spans as they are and, for the rest, changes the
 * label, moves a boundary by a word, leaves the span out, or keeps it and adds one of their own.
 */
import { existsSync, writeFile as writeFileCallback } from 'node:fs';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { QUOTE_CONTEXT, type DocumentMeta, type DocumentStatus, type Layer, type Span } from '../shared/model.js';
import { DEFAULT_SCHEMA, MANIFEST_FILE, serializeManifest } from '../shared/corpus/manifest.js';
import { serializeDocumentMeta } from '../shared/corpus/document-meta.js';
import { serializeLayer } from '../shared/corpus/layer-file.js';
import { validateAnnotatorName, validateDocumentId } from '../shared/corpus/ids.js';
import { canonicalise } from '../shared/text/canonicalise.js';
import { CodePointIndex, codePointLength } from '../shared/text/code-points.js';
import { quoteContext } from '../shared/text/quote-context.js';
import { sha256Hex } from '../electron/node-text.js';
import { seededRandom, type Random } from './prng';

export interface GenerateCorpusOptions {
  readonly documents: number;
  /** Each document's length is about this (code points), never much less; whole sentences. */
  readonly charsPerDocument: number;
  /** One layer per annotator per document; the first is the one the others mostly agree with. */
  readonly annotators: readonly string[];
  readonly seed: number;
  /** Folder of the seed articles (`*.txt`). Default: `seeds/` of the repository (or of the cwd). */
  readonly seedsDir?: string;
}

/** Code points per span, on average. */
const CHARS_PER_SPAN = 40;
/** Share of the reference spans a later annotator marks exactly the same. */
const AGREEMENT = 0.8;
/** Files written at the same time. */
const CONCURRENCY = 64;
/** The import date of every document (fixed, so that output is reproducible). */
const IMPORTED_AT = '2025-01-01T00:00:00.000Z';

const writeFile = promisify(writeFileCallback);

/** The seeds folder: the option, else `seeds/` beside this file's folder, else `seeds/` of the cwd. */
function seedsFolder(option: string | undefined): string {
  if (option !== undefined) return option;
  const candidates = [path.join(process.cwd(), 'seeds')];
  try {
    candidates.unshift(fileURLToPath(new URL('../seeds', import.meta.url)));
  } catch {
    // not a file: URL (bundled elsewhere); the cwd is tried
  }
  const found = candidates.find((dir) => existsSync(dir));
  if (found === undefined) throw new Error(`no seeds folder found (tried ${candidates.join(', ')}); pass seedsDir`);
  return found;
}

/** Sentences of the seed articles: split after `. ! ? ؟ ؛` and at line breaks, trimmed, non-empty. */
async function seedSentences(dir: string): Promise<readonly string[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.txt')).sort();
  const sentences: string[] = [];
  for (const file of files) {
    const text = canonicalise(await readFile(path.join(dir, file), 'utf8')).text;
    for (const line of text.split('\n')) {
      for (const piece of line.split(/(?<=[.!?؟؛])\s+/u)) {
        const sentence = piece.trim();
        if (/\p{L}/u.test(sentence)) sentences.push(sentence);
      }
    }
  }
  if (sentences.length === 0) throw new Error(`no sentences in ${dir}/*.txt`);
  return sentences;
}

/** Sentences drawn at random until the text reaches `length` code points; paragraphs of 1–4 sentences. */
function documentText(random: Random, sentences: readonly string[], length: number): string {
  let text = '';
  let made = 0;
  let inParagraph = 0;
  while (made < length) {
    const sentence = random.pick(sentences);
    if (text === '') text = sentence;
    else if (inParagraph >= 1 + random.int(4)) {
      text += `\n${sentence}`;
      inParagraph = 0;
    } else text += ` ${sentence}`;
    made += codePointLength(sentence) + 1;
    inParagraph += 1;
  }
  return canonicalise(text).text;
}

/** A word: letters, marks and digits, without tatweel (a span must not start or end on one). */
const WORD = /(?:(?!\u0640)[\p{L}\p{M}\p{Nd}])+/gu;

interface Word {
  /** Code points. */
  readonly start: number;
  readonly end: number;
}

function wordsOf(index: CodePointIndex): readonly Word[] {
  return [...index.text.matchAll(WORD)].map((m) => ({ start: index.toCodePoint(m.index), end: index.toCodePoint(m.index + m[0].length) }));
}

/** A span over words `[first, last]`, before ids and context are added. */
interface Draft {
  readonly label: string;
  readonly first: number;
  readonly last: number;
}

const LABELS: readonly string[] = DEFAULT_SCHEMA.labels.map((l) => l.name);

/** About one span per {@link CHARS_PER_SPAN} code points, 1–3 words each, none overlapping, in text order. */
function referenceDrafts(random: Random, words: readonly Word[], length: number): Draft[] {
  const wanted = Math.max(1, Math.round(length / CHARS_PER_SPAN));
  const stride = words.length / wanted;
  const drafts: Draft[] = [];
  let next = 0;
  for (let k = 0; k < wanted; k += 1) {
    const slotEnd = Math.min(words.length, Math.floor((k + 1) * stride));
    const first = Math.max(next, Math.floor(k * stride + random.next() * Math.max(1, stride - 3)));
    const last = Math.min(first + random.int(3), slotEnd - 1);
    if (first > last) continue;
    drafts.push({ label: random.pick(LABELS), first, last });
    next = last + 2; // a word between spans, so a later annotator can move a boundary without overlapping
  }
  return drafts;
}

/** A later annotator's drafts: {@link AGREEMENT} kept as they are, the rest changed one way or another. */
function otherDrafts(random: Random, reference: readonly Draft[], words: readonly Word[]): Draft[] {
  const drafts: Draft[] = [];
  reference.forEach((d, k) => {
    if (random.next() < AGREEMENT) {
      drafts.push(d);
      return;
    }
    const before = k === 0 ? -1 : (reference[k - 1] as Draft).last;
    const after = k === reference.length - 1 ? words.length : (reference[k + 1] as Draft).first;
    switch (random.int(4)) {
      case 0:
        drafts.push({ ...d, label: random.pick(LABELS.filter((l) => l !== d.label)) });
        return;
      case 1: {
        // One boundary moved by a word, staying clear of the neighbours and never empty.
        const moves: Draft[] = [];
        if (d.first - 1 > before + 1) moves.push({ ...d, first: d.first - 1 });
        if (d.last + 1 < after - 1) moves.push({ ...d, last: d.last + 1 });
        if (d.last > d.first) moves.push({ ...d, first: d.first + 1 }, { ...d, last: d.last - 1 });
        drafts.push(moves.length > 0 ? random.pick(moves) : d);
        return;
      }
      case 2:
        return; // missing
      default: {
        drafts.push(d);
        // An extra span of one word in the gap after this one, when there is room.
        const free = after - d.last - 3;
        if (free > 0) {
          const at = d.last + 2 + random.int(free);
          drafts.push({ label: random.pick(LABELS), first: at, last: at });
        }
      }
    }
  });
  return drafts;
}

function spansOf(drafts: readonly Draft[], words: readonly Word[], index: CodePointIndex): Span[] {
  return drafts.map((d, k) => {
    const start = (words[d.first] as Word).start;
    const end = (words[d.last] as Word).end;
    // quoteContext on a window twice the context wide (grapheme lookups cost by text length);
    // the clusters at its cuts are those of the whole text, as in electron/corpus-search.ts.
    const from = Math.max(0, start - 2 * QUOTE_CONTEXT);
    const to = Math.min(index.length, end + 2 * QUOTE_CONTEXT);
    const { text, prefix, suffix } = quoteContext(index.slice(from, to), start - from, end - from, QUOTE_CONTEXT);
    return { id: `s${k + 1}`, label: d.label, start, end, text, prefix, suffix, attributes: {}, note: '' };
  });
}

/** Runs `task` over `items`, at most {@link CONCURRENCY} at a time. */
async function inBatches<T>(items: readonly T[], task: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += CONCURRENCY) await Promise.all(items.slice(i, i + CONCURRENCY).map(task));
}

/**
 * Writes a new corpus into `dir` (created; existing files of the same names are replaced) and
 * returns its document ids (`doc-00001`, … in order). Throws for an invalid annotator name, no
 * annotators, or a seeds folder without sentences.
 */
export async function generateCorpus(
  dir: string,
  options: GenerateCorpusOptions,
): Promise<{ documentIds: string[] }> {
  if (options.annotators.length === 0) throw new Error('at least one annotator is needed');
  for (const name of options.annotators) {
    const checked = validateAnnotatorName(name);
    if (!checked.ok) throw new Error(checked.errors[0]?.message ?? `invalid annotator ${name}`);
  }
  const sentences = await seedSentences(seedsFolder(options.seedsDir));
  const random = seededRandom(options.seed);
  const root = path.resolve(dir);
  const width = Math.max(5, String(options.documents).length);
  const documentIds = Array.from({ length: options.documents }, (_, i) => `doc-${String(i + 1).padStart(width, '0')}`);
  for (const id of documentIds) if (!validateDocumentId(id).ok) throw new Error(`bad document id ${id}`);

  await mkdir(path.join(root, 'documents'), { recursive: true });
  for (const name of options.annotators) await mkdir(path.join(root, 'layers', name), { recursive: true });
  await writeFile(path.join(root, MANIFEST_FILE), serializeManifest({ name: path.basename(root), schema: DEFAULT_SCHEMA }));

  const files: { readonly file: string; readonly content: string }[] = [];
  const flush = async (): Promise<void> => {
    await inBatches(files.splice(0), ({ file, content }) => writeFile(file, content));
  };
  for (const id of documentIds) {
    // Everything random is drawn here, in document order, so the output does not depend on timing.
    const text = documentText(random, sentences, options.charsPerDocument);
    const index = new CodePointIndex(text);
    const words = wordsOf(index);
    const sha256 = sha256Hex(text);
    const meta: DocumentMeta = {
      id,
      source: `${id}.txt`,
      importedAt: IMPORTED_AT,
      sha256,
      length: index.length,
      canonicalisation: { encoding: 'utf-8', bomRemoved: false, crlf: 0, cr: 0, nfcChanged: false, warnings: [] },
    };
    files.push({ file: path.join(root, 'documents', `${id}.txt`), content: text });
    files.push({ file: path.join(root, 'documents', `${id}.meta.json`), content: serializeDocumentMeta(meta) });
    const reference = referenceDrafts(random, words, index.length);
    options.annotators.forEach((annotator, a) => {
      const drafts = a === 0 ? reference : otherDrafts(random, reference, words);
      const status: DocumentStatus = random.next() < 0.7 ? 'done' : 'in_progress';
      const layer: Layer = { document: id, annotator, textSha256: sha256, revision: 1, status, spans: spansOf(drafts, words, index), relations: [], rejected: [] };
      files.push({ file: path.join(root, 'layers', annotator, `${id}.jsonl`), content: serializeLayer(layer) });
    });
    if (files.length >= 4 * CONCURRENCY) await flush();
  }
  await flush();
  return { documentIds };
}
