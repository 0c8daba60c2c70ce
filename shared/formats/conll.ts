/**
 * CoNLL-2003-style IOB2 export (export only). One file per document, `<id>.conll`:
 *
 * ```
 * -DOCSTART- -X- -X- O
 *
 * وقال<TAB>O
 * المرصد<TAB>B-Actor
 * السوري<TAB>I-Actor
 * ...
 * .<TAB>O
 *
 * ```
 *
 * one token per line with its tag in the last column (`B-Label`, `I-Label`, `O`), a blank line
 * after the header and after every sentence, so the files of a corpus can be concatenated into
 * one CoNLL-2003 collection (`cat *.conll`). Tokens and sentences come from
 * `arabic-tokens.ts` (ANERcorp: whole whitespace tokens with clitics, punctuation split off).
 *
 * What IOB2 cannot hold is reported in `losses`, naming document, span id, label, quote and code
 * point offsets: a span that covers part of a token (`العراق` in `والعراقية`) takes the whole
 * token and is reported as widened; of nested or overlapping spans the one covering the most
 * tokens is written (ties: more code points, then earlier start, then label, then id) and every
 * other is reported as dropped, with the span that kept its tokens; attribute values, notes and
 * relations are reported as not written. A sentence boundary never falls inside a written span
 * (the two sentences are written as one).
 *
 * @see https://www.clips.uantwerpen.be/conll2003/ner/ (CoNLL-2003 shared task format)
 */
import type { Span } from '../model.js';
import { CodePointIndex } from '../text/code-points.js';
import { anchorProblem } from '../corpus/anchoring.js';
import type { ExportContext, ExportDocument, ExportLoss, ExportResult, FormatAdapter } from './format.js';
import { joinSentencesOver, splitSentences, tokenize, type TextToken } from './arabic-tokens.js';
import { partitionPoint } from '../text/partition-point.js';

/** The header line CoNLL-2003 puts before each document. */
export const CONLL_DOCSTART = '-DOCSTART- -X- -X- O';

/** A span placed on tokens: `[first, end)` token indices. */
interface Placed {
  readonly span: Span;
  readonly first: number;
  readonly end: number;
}

/** The `.conll` text of one document and what it could not hold, in the order found. */
export interface ConllDocument {
  readonly path: string;
  readonly content: string;
  readonly losses: readonly ExportLoss[];
}

/**
 * One document as CoNLL (see the module comment). Spans that do not anchor in `text` (their
 * offsets do not yield their quote) are not written and are reported. Never throws.
 */
export function conllDocument(doc: ExportDocument): ConllDocument {
  const { text, layer } = doc;
  const document = doc.meta.id;
  const losses: ExportLoss[] = [];
  const lose = (message: string): void => {
    losses.push({ document, message });
  };
  const index = new CodePointIndex(text);
  const tokens = tokenize(text);

  // Place each anchored span on the tokens it touches.
  const placed: Placed[] = [];
  for (const span of layer.spans) {
    const problem = anchorProblem(span, index);
    if (problem !== undefined) {
      lose(`${describeSpan(span)} not written: it does not anchor in the text (${problem})`);
      continue;
    }
    const range = tokenRange(tokens, span.start, span.end);
    if (range === undefined) {
      lose(`${describeSpan(span)} not written: it covers no token (only white space or format characters)`);
      continue;
    }
    placed.push({ span, ...range });
  }

  // Longest first; a span whose tokens are taken is dropped.
  const order = [...placed].sort(
    (a, b) =>
      b.end - b.first - (a.end - a.first) ||
      b.span.end - b.span.start - (a.span.end - a.span.start) ||
      a.span.start - b.span.start ||
      compareText(a.span.label, b.span.label) ||
      compareText(a.span.id, b.span.id),
  );
  const owner: (Placed | undefined)[] = tokens.map(() => undefined);
  const kept = new Set<Placed>();
  const dropped = new Map<Placed, Placed>();
  for (const p of order) {
    let winner: Placed | undefined;
    for (let t = p.first; t < p.end && winner === undefined; t++) winner = owner[t];
    if (winner !== undefined) {
      dropped.set(p, winner);
      continue;
    }
    for (let t = p.first; t < p.end; t++) owner[t] = p;
    kept.add(p);
  }

  // Report in span order: what changes the tagging span by span; attribute values, notes and
  // relations (which CoNLL never holds) as one count each, so the structural losses stay readable.
  let withValues = 0;
  let values = 0;
  let notes = 0;
  for (const p of placed) {
    const winner = dropped.get(p);
    if (winner !== undefined) {
      lose(`${describeSpan(p.span)} not written: ${conflict(p, winner)} ${describeSpan(winner.span)}; IOB2 gives each token one tag and the span over more tokens is kept${carried(p.span)}`);
      continue;
    }
    const from = (tokens[p.first] as TextToken).start;
    const to = (tokens[p.end - 1] as TextToken).end;
    if (from !== p.span.start || to !== p.span.end) {
      lose(`${describeSpan(p.span)} widened to whole tokens ${quote(index.slice(from, to))} (${from}–${to})`);
    }
    if (tagLabel(p.span.label) !== p.span.label) {
      lose(`${describeSpan(p.span)} written with the label ${tagLabel(p.span.label)}: a CoNLL tag holds no white space`);
    }
    const count = Object.keys(p.span.attributes).length;
    if (count > 0) {
      withValues += 1;
      values += count;
    }
    if (p.span.note !== '') notes += 1;
  }
  if (values > 0) lose(`${values} attribute value${values === 1 ? '' : 's'} of ${withValues} span${withValues === 1 ? '' : 's'} not written: CoNLL holds labels only`);
  if (notes > 0) lose(`${notes} note${notes === 1 ? '' : 's'} not written: CoNLL holds labels only`);
  if (layer.relations.length > 0) {
    const n = layer.relations.length;
    lose(`${n} relation${n === 1 ? '' : 's'} not written (${layer.relations.map((r) => `${r.id} ${r.type}`).join(', ')}): CoNLL holds no relations`);
  }

  const tags = tokens.map(() => 'O');
  for (const p of kept) {
    const label = tagLabel(p.span.label);
    for (let t = p.first; t < p.end; t++) tags[t] = `${t === p.first ? 'B' : 'I'}-${label}`;
  }
  const keptRanges = [...kept].map((p) => ({ start: (tokens[p.first] as TextToken).start, end: (tokens[p.end - 1] as TextToken).end }));
  const sentences = joinSentencesOver(splitSentences(text, tokens), keptRanges);

  const blocks = [`${CONLL_DOCSTART}\n`];
  for (const s of sentences) {
    const lines: string[] = [];
    for (let t = s.firstToken; t < s.endToken; t++) lines.push(`${(tokens[t] as TextToken).text}\t${tags[t] as string}`);
    blocks.push(`${lines.join('\n')}\n`);
  }
  return { path: `${document}.conll`, content: `${blocks.join('\n')}\n`, losses };
}

/**
 * Every document as `<id>.conll` (see the module comment), in the order given, with the losses
 * of all documents. Never throws.
 */
export function serializeConll(documents: readonly ExportDocument[], _context: ExportContext): ExportResult {
  const files = documents.map(conllDocument);
  return {
    files: files.map(({ path, content }) => ({ path, content })),
    losses: files.flatMap((f) => f.losses),
  };
}

export const conllFormat: FormatAdapter = {
  name: 'conll',
  lossless: false,
  serialize: serializeConll,
};

/** Indices `[first, end)` of the tokens overlapping `[start, end)` (code points), or undefined for none. */
function tokenRange(tokens: readonly TextToken[], start: number, end: number): { first: number; end: number } | undefined {
  const lo = partitionPoint(tokens.length, (i) => (tokens[i] as TextToken).end <= start);
  let last = lo;
  while (last < tokens.length && (tokens[last] as TextToken).start < end) last++;
  return last > lo ? { first: lo, end: last } : undefined;
}

function conflict(loser: Placed, winner: Placed): string {
  if (loser.first === winner.first && loser.end === winner.end) return 'it has the same tokens as';
  if (loser.first >= winner.first && loser.end <= winner.end) return 'nested in';
  return 'it overlaps';
}

/** What else a dropped span took with it, for its message. */
function carried(span: Span): string {
  const names = Object.keys(span.attributes).sort(compareText);
  const parts = [
    ...(names.length > 0 ? [`attribute values ${names.map((n) => `${n}=${String(span.attributes[n])}`).join(', ')}`] : []),
    ...(span.note !== '' ? [`the note ${JSON.stringify(span.note)}`] : []),
  ];
  return parts.length > 0 ? ` (its ${parts.join(' and ')} are not written either)` : '';
}

/** The label as a tag can hold it: white space becomes `_`. */
function tagLabel(label: string): string {
  return label.replace(/\s/gu, '_');
}

/** `span s4 Place "دير الزور" (code points 91–100)`. */
export function describeSpan(span: Pick<Span, 'id' | 'label' | 'start' | 'end' | 'text'>): string {
  return `span ${span.id} ${span.label} ${quote(span.text)} (code points ${span.start}–${span.end})`;
}

/** Longest span quote shown in a message, in code points; longer ones are cut with `…` (the offsets say where). */
const QUOTE_SHOWN = 48;

function quote(s: string): string {
  const chars = [...s];
  return JSON.stringify(chars.length > QUOTE_SHOWN ? `${chars.slice(0, QUOTE_SHOWN).join('')}…` : s);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
