/**
 * W3C Web Annotation (JSON-LD): one `<document id>.jsonld` per document, an `AnnotationCollection`
 * whose one embedded `AnnotationPage` holds one `Annotation` per span, relation and reference.
 * Offsets are Unicode **code points** of the canonical text (TextPositionSelector counts code
 * points by definition, so the `offsets` option of export and import does not apply).
 *
 * Identifiers (stable, absolute, valid `format: uri`; `<layer>` is the percent-encoded annotator
 * name or `gold`; Hashiya does not register the `urn:hashiya` namespace, it only keeps it stable):
 * - document (every span annotation's `target.source`): `urn:hashiya:<document id>`
 * - collection: `urn:hashiya:<document id>:<layer>`, its page: `…:<layer>:page:1`
 * - span: `…:<layer>:span:<span id>`; relation: `…:<layer>:relation:<relation id>`
 * - reference attribute: `…:span:<span id>:reference:<name>`; other attribute body: `…:span:<span id>:attribute:<name>`
 *
 * A span is an annotation with motivation `tagging` whose `target` is a SpecificResource with a
 * TextPositionSelector and a TextQuoteSelector (prefix and suffix of up to {@link W3C_QUOTE_CONTEXT}
 * code points cut on grapheme boundaries, line breaks kept), and whose `body` holds TextualBodies:
 * the label (`purpose: tagging`), one per attribute value (`purpose: describing`, the attribute
 * named by the body's `id`; `format: text/plain` for text, `application/json` for a number or
 * true/false), the note (`purpose: commenting`). A relation is an annotation with motivation
 * `linking` whose `target` is the from-span's IRI and whose `body` is the to-span's IRI and a
 * TextualBody with `purpose: classifying` naming the relation type; a reference attribute is the
 * same with `purpose: describing` naming the attribute. `created` is the export time (layers keep
 * no per-span times); `creator` is the annotator (`Person`) or, for gold, `Software`.
 *
 * @see https://www.w3.org/TR/annotation-model/
 * @see https://www.w3.org/TR/annotation-vocab/
 */
import type { AttributeDef, AttributeValue, FileProblem, Result, Schema } from '../model.js';
import { anchorProblem } from '../corpus/anchoring.js';
import { RELATION_ID_PATTERN, SPAN_ID_PATTERN, compareSpans, sortRelations, sortSpans } from '../corpus/layer-file.js';
import { describeJsonKind, parseLocatedJson, type LocatedJson } from '../corpus/located-json.js';
import { CodePointIndex } from '../text/code-points.js';
import { quoteContext } from '../text/quote-context.js';
import type { ExportContext, ExportDocument, ExportFile, ExportLoss, FormatAdapter, ImportFile, ImportOptions, ImportedDocument } from './format.js';
import { Utf8Writer, utf8, utf8File } from './utf8-writer.js';

/** The JSON-LD context every Web Annotation names. */
export const ANNO_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';
/** Code points of quote context written on each side of a span (as Hypothesis and Recogito do). */
export const W3C_QUOTE_CONTEXT = 32;

const URN = 'urn:hashiya:';

/** The IRI that stands for a corpus document in `target.source`. */
export function documentIri(documentId: string): string {
  return `${URN}${documentId}`;
}

type Obj = Extract<LocatedJson, { readonly kind: 'object' }>;
type ImportedSpan = ImportedDocument['spans'][number];

// ---------------------------------------------------------------------------------------------
// Export

/**
 * One `<id>.jsonld` per document (pretty JSON, two-space indent, trailing newline; the same input
 * gives the same bytes). Left out, each reported as a loss: spans that do not anchor in the text,
 * relations and reference values naming a span that is not exported, numbers that JSON cannot
 * hold, and rejected suggestions (the model has no place for them). Each file comes with its
 * UTF-8 `bytes`; its `content` is decoded from them when read.
 */
function serialize(documents: readonly ExportDocument[], context: ExportContext): { files: ExportFile[]; losses: ExportLoss[] } {
  const files: ExportFile[] = [];
  const losses: ExportLoss[] = [];
  const pieces = new CollectionPieces(context);
  for (const doc of documents) {
    const lose = (message: string): void => {
      losses.push({ document: doc.meta.id, message });
    };
    files.push(utf8File(`${doc.meta.id}.jsonld`, collectionBytes(collectionOf(doc, context, lose), pieces)));
  }
  return { files, losses };
}

/** A TextualBody of a span annotation after its label: an attribute value (with its `id` and `format`) or the note. */
type Body = { readonly kind: 'attribute'; readonly id: string; readonly format: 'text/plain' | 'application/json'; readonly value: string } | { readonly kind: 'note'; readonly value: string };

/** An annotation of the collection: a span (`tagging`) or a relation or reference (`linking`). */
type Item =
  | { readonly kind: 'span'; readonly id: string; readonly label: string; readonly body: readonly Body[]; readonly start: number; readonly end: number; readonly exact: string; readonly prefix: string; readonly suffix: string }
  | { readonly kind: 'link'; readonly id: string; readonly from: string; readonly to: string; readonly purpose: 'classifying' | 'describing'; readonly value: string };

/** What one document's collection holds, in writing order. */
interface Collection {
  /** The collection's IRI: `urn:hashiya:<document id>:<layer>`. */
  readonly base: string;
  readonly label: string;
  /** `target.source` of every span annotation. */
  readonly source: string;
  readonly items: readonly Item[];
}

/**
 * The annotations of one document, in the collection's order — spans (in span order), then
 * relations (in relation order), then reference attributes (in span order, then name order) —
 * with each loss reported through `lose` as it is found: spans that do not anchor, then each
 * span's attribute values left out, then relations, then rejected suggestions.
 */
function collectionOf(doc: ExportDocument, context: ExportContext, lose: (message: string) => void): Collection {
  const { meta, text, layer } = doc;
  const index = new CodePointIndex(text);
  const base = `${URN}${meta.id}:${encodeURIComponent(context.source)}`;
  const spanIri = (id: string): string => `${base}:span:${encodeURIComponent(id)}`;
  const defs = attributeDefs(context.schema);

  const spans = sortSpans(layer.spans).filter((span) => {
    const problem = anchorProblem(span, index);
    if (problem !== undefined) lose(`span "${span.id}" (${span.label}) is left out: ${problem}`);
    return problem === undefined;
  });
  const exported = new Set(spans.map((s) => s.id));
  const items: Item[] = [];
  const references: Item[] = [];
  for (const span of spans) {
    const iri = spanIri(span.id);
    const body: Body[] = [];
    for (const name of Object.keys(span.attributes).sort(compareCodeUnits)) {
      const value = span.attributes[name] as AttributeValue;
      const what = `attribute ${JSON.stringify(name)} of span "${span.id}"`;
      const segment = safeEncode(name);
      if (segment === undefined) {
        lose(`${what} is left out: its name holds half of a surrogate pair, which no IRI can`);
      } else if (typeof value === 'number' && !Number.isFinite(value)) {
        lose(`${what} is left out: ${String(value)} cannot be written in JSON`);
      } else if (defs.get(span.label)?.get(name)?.type === 'reference' && typeof value === 'string') {
        if (!exported.has(value)) lose(`${what} is left out: it refers to span "${value}", which is not exported`);
        else references.push({ kind: 'link', id: `${iri}:reference:${segment}`, from: iri, to: spanIri(value), purpose: 'describing', value: name });
      } else {
        const json = typeof value !== 'string';
        body.push({ kind: 'attribute', id: `${iri}:attribute:${segment}`, format: json ? 'application/json' : 'text/plain', value: json ? JSON.stringify(value) : value });
      }
    }
    if (span.note !== '') body.push({ kind: 'note', value: span.note });
    const quote = quoteContext(text, span.start, span.end, W3C_QUOTE_CONTEXT);
    items.push({ kind: 'span', id: iri, label: span.label, body, start: span.start, end: span.end, exact: quote.text, prefix: quote.prefix, suffix: quote.suffix });
  }
  for (const r of sortRelations(layer.relations)) {
    const missing = [r.from, r.to].filter((id) => !exported.has(id));
    if (missing.length > 0) lose(`relation "${r.id}" (${r.type}) is left out: span "${missing[0] ?? ''}" is not exported`);
    else items.push({ kind: 'link', id: `${base}:relation:${encodeURIComponent(r.id)}`, from: spanIri(r.from), to: spanIri(r.to), purpose: 'classifying', value: r.type });
  }
  items.push(...references);
  if (layer.rejected.length > 0) {
    lose(`${layer.rejected.length} rejected suggestion${layer.rejected.length === 1 ? ' is' : 's are'} not exported: W3C annotations have no place for them`);
  }
  return { base, label: `${meta.id}: annotations of ${context.source}`, source: documentIri(meta.id), items };
}

/*
 * The JSON is written as bytes, exactly as `JSON.stringify(collection, null, 2)` would write the
 * collection as an object (the members in the order below, two spaces per level, every string
 * and number through `JSON.stringify`); test/unit/format-w3c-bytes.test.ts compares the two.
 * The collection's members are at 2 spaces, its page's at 4, the page's items at 6 (their
 * members at 8), an annotation's bodies at 10 (their members at 12), selectors' members at 14.
 */

/** The JSON text of a string or a number. */
const json = JSON.stringify as (value: string | number) => string;

/** The fixed stretches of JSON between the values, encoded once for an export context. */
class CollectionPieces {
  readonly generator: Uint8Array;
  readonly spanOpen = utf8('      {\n        "id": ');
  /** From after a span annotation's id to its label's value. */
  readonly spanHead: Uint8Array;
  readonly linkHead: Uint8Array;
  readonly bodyClose = utf8('\n          }');
  readonly attributeOpen = utf8(',\n          {\n            "id": ');
  readonly attributeType = utf8(',\n            "type": "TextualBody",\n            "purpose": "describing",\n            "format": ');
  readonly value = utf8(',\n            "value": ');
  readonly noteOpen = utf8(',\n          {\n            "type": "TextualBody",\n            "purpose": "commenting",\n            "value": ');
  readonly targetOpen = utf8('\n        ],\n        "target": {\n          "source": ');
  readonly selectorOpen = utf8(',\n          "selector": [\n            {\n              "type": "TextPositionSelector",\n              "start": ');
  readonly end = utf8(',\n              "end": ');
  readonly exact = utf8('\n            },\n            {\n              "type": "TextQuoteSelector",\n              "exact": ');
  readonly prefix = utf8(',\n              "prefix": ');
  readonly suffix = utf8(',\n              "suffix": ');
  readonly spanClose = utf8('\n            }\n          ]\n        }\n      }');
  readonly linkBody = utf8(',\n          {\n            "type": "TextualBody",\n            "purpose": ');
  readonly linkTarget = utf8('\n          }\n        ],\n        "target": ');
  readonly linkClose = utf8('\n      }');
  readonly between = utf8(',\n');

  constructor(readonly context: ExportContext) {
    const creator = context.source === 'gold' ? { type: 'Software', name: 'Hashiya gold layer' } : { type: 'Person', name: context.source };
    const generatorName = json(`Hashiya ${context.toolVersion}`);
    const provenance =
      `        "created": ${json(context.exportedAt)},\n` +
      `        "creator": {\n          "type": ${json(creator.type)},\n          "name": ${json(creator.name)}\n        },\n` +
      `        "generator": {\n          "type": "Software",\n          "name": ${generatorName}\n        },\n`;
    this.generator = utf8(`{\n    "type": "Software",\n    "name": ${generatorName}\n  }`);
    this.spanHead = utf8(
      `,\n        "type": "Annotation",\n        "motivation": "tagging",\n${provenance}        "body": [\n          {\n            "type": "TextualBody",\n            "purpose": "tagging",\n            "value": `,
    );
    this.linkHead = utf8(`,\n        "type": "Annotation",\n        "motivation": "linking",\n${provenance}        "body": [\n          `);
  }
}

/** The collection as the bytes of its pretty JSON, with a final newline. */
function collectionBytes(collection: Collection, pieces: CollectionPieces): Uint8Array {
  const { base, label, source, items } = collection;
  const out = new Utf8Writer(1024 + 1200 * items.length);
  const id = json(base);
  out.text(
    `{\n  "@context": ${json(ANNO_CONTEXT)},\n  "id": ${id},\n  "type": "AnnotationCollection",\n  "label": ${json(label)},\n  "generator": `,
  );
  out.raw(pieces.generator);
  out.text(`,\n  "generated": ${json(pieces.context.exportedAt)},\n  "total": ${json(items.length)}`);
  if (items.length === 0) {
    out.text('\n}\n');
    return out.bytes().slice();
  }
  const page = json(`${base}:page:1`);
  out.text(
    `,\n  "first": {\n    "id": ${page},\n    "type": "AnnotationPage",\n    "partOf": {\n      "id": ${id},\n      "label": ${json(label)},\n      "total": ${json(items.length)}\n    },\n    "startIndex": 0,\n    "items": [\n`,
  );
  const sourceJson = json(source);
  for (const [k, item] of items.entries()) {
    if (k > 0) out.raw(pieces.between);
    member(out, pieces.spanOpen, item.id);
    if (item.kind === 'link') {
      member(out, pieces.linkHead, item.to);
      member(out, pieces.linkBody, item.purpose);
      member(out, pieces.value, item.value);
      member(out, pieces.linkTarget, item.from);
      out.raw(pieces.linkClose);
      continue;
    }
    member(out, pieces.spanHead, item.label);
    out.raw(pieces.bodyClose);
    for (const body of item.body) {
      if (body.kind === 'attribute') {
        member(out, pieces.attributeOpen, body.id);
        member(out, pieces.attributeType, body.format);
        member(out, pieces.value, body.value);
      } else member(out, pieces.noteOpen, body.value);
      out.raw(pieces.bodyClose);
    }
    out.raw(pieces.targetOpen);
    out.text(sourceJson);
    member(out, pieces.selectorOpen, item.start);
    member(out, pieces.end, item.end);
    member(out, pieces.exact, item.exact);
    if (item.prefix !== '') member(out, pieces.prefix, item.prefix);
    if (item.suffix !== '') member(out, pieces.suffix, item.suffix);
    out.raw(pieces.spanClose);
  }
  out.text(`\n    ]\n  },\n  "last": ${page}\n}\n`);
  return out.bytes().slice();
}

/** Writes the fixed `piece` that leads up to a value, then `value` as JSON. */
function member(out: Utf8Writer, piece: Uint8Array, value: string | number): void {
  out.raw(piece);
  out.text(json(value));
}

function attributeDefs(schema: Schema): ReadonlyMap<string, ReadonlyMap<string, AttributeDef>> {
  return new Map(schema.labels.map((l) => [l.name, new Map(l.attributes.map((a) => [a.name, a]))]));
}

// ---------------------------------------------------------------------------------------------
// Import

/** A span annotation as read, before its document's text is known. */
interface RawSpan {
  readonly iri: string;
  readonly line: number;
  readonly source: string;
  readonly label: string;
  readonly start: number;
  readonly end: number;
  readonly exact: string;
  readonly prefix: string | undefined;
  readonly suffix: string | undefined;
  readonly attributes: ReadonlyMap<string, AttributeValue>;
  readonly note: string;
}

/** A linking annotation as read: a relation (`classifying`) or a reference attribute (`describing`). */
interface RawLink {
  readonly iri: string;
  readonly line: number;
  readonly kind: 'relation' | 'reference';
  readonly name: string;
  readonly from: string;
  readonly to: string;
}

/**
 * Reads `.jsonld` (or `.json`) files, each an AnnotationCollection with its page embedded (an
 * AnnotationPage, one Annotation or an array of them is read too) whose span annotations point
 * at one corpus document, named by `urn:hashiya:<id>` or an IRI ending in `<id>` or `<id>.txt`.
 * The text comes from `options.texts`; `rawText` is null and offsets are code points of it.
 *
 * Refused, each naming the file and the line of the offending annotation (or of the JSON error),
 * and nothing of that document imported: malformed JSON; a shape that is not annotations; an
 * annotation without id, a repeated id; a target without TextPositionSelector or
 * TextQuoteSelector; offsets out of range or empty; a quote that cuts a surrogate pair or is not
 * the text at the offsets (the message says where the quote does occur, and when the offsets fit
 * as UTF-16 code units); no label or several; a label or relation type the schema lacks; an
 * attribute given twice; a relation or reference end naming no span annotation (dangling); a
 * document missing from the corpus or given twice. Read but not imported (warnings): bodies that
 * are not Hashiya's, prefix or suffix that differ from the text, several notes (joined). Never throws.
 */
function parse(files: readonly ImportFile[], options: ImportOptions): Result<readonly ImportedDocument[]> {
  const errors: FileProblem[] = [];
  const documents: ImportedDocument[] = [];
  const fileOf = new Map<string, string>();
  for (const file of files) {
    const read = readFile(file, options);
    if (!read.ok) {
      errors.push(...read.errors);
      continue;
    }
    const first = fileOf.get(read.value.id);
    if (first !== undefined) {
      errors.push({ file: file.path, line: 1, message: `document "${read.value.id}" is also annotated in ${first}: give each document in one file` });
      continue;
    }
    fileOf.set(read.value.id, file.path);
    documents.push(read.value);
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: documents };
}

function readFile(file: ImportFile, options: ImportOptions): Result<ImportedDocument> {
  const errors: FileProblem[] = [];
  const warnings: FileProblem[] = [];
  const fail = (line: number, message: string): void => {
    errors.push({ file: file.path, line, message });
  };
  const warn = (line: number, message: string): void => {
    warnings.push({ file: file.path, line, message });
  };
  const parsed = parseLocatedJson(file.content);
  if (!parsed.ok) return { ok: false, errors: [{ file: file.path, line: parsed.line, message: parsed.message }] };
  const found = annotationsOf(parsed.value, fail, warn);
  if (found === undefined) return { ok: false, errors };

  const spans: RawSpan[] = [];
  const links: RawLink[] = [];
  const lineOfIri = new Map<string, number>();
  /** Every span annotation's IRI, refused ones too: a link to a refused span is no second problem. */
  const spanIris = new Set<string>();
  for (const node of found.items) {
    if (node.kind !== 'object') {
      fail(node.line, `an annotation must be given in full as an object, not ${describeJsonKind(node)}`);
      continue;
    }
    const iri = str(node.members.get('id'));
    if (iri === undefined) {
      fail(node.line, 'annotation has no "id" (the model requires one, and relations refer to it)');
      continue;
    }
    const first = lineOfIri.get(iri);
    if (first !== undefined) {
      fail(node.line, `annotation id ${iri} is used twice (first on line ${first})`);
      continue;
    }
    lineOfIri.set(iri, node.line);
    if (!values(node.members.get('type')).some((t) => t.kind === 'string' && t.value === 'Annotation')) {
      fail(node.line, `annotation ${iri}: "type" must be "Annotation"`);
      continue;
    }
    const target = node.members.get('target');
    if (target?.kind === 'object' && target.members.has('source')) {
      spanIris.add(iri);
      readSpan(node, iri, target, (m) => fail(node.line, `annotation ${iri}: ${m}`), (m) => warn(node.line, `annotation ${iri}: ${m}`), spans);
    } else {
      readLink(node, iri, (m) => fail(node.line, `annotation ${iri}: ${m}`), links);
    }
  }

  const id = documentOf(spans, found.collectionId, file.path, options.texts, fail);
  const text = id === undefined ? undefined : options.texts.get(id);
  if (id === undefined || text === undefined || errors.length > 0) return { ok: false, errors };

  const index = new CodePointIndex(text);
  const entries: { readonly raw: RawSpan; id: string; readonly attributes: Map<string, AttributeValue> }[] = [];
  for (const raw of spans) {
    const message = anchorMessage(text, index, raw);
    if (message !== undefined) {
      fail(raw.line, `annotation ${raw.iri}: ${message}`);
      continue;
    }
    if (raw.prefix !== undefined && !text.slice(0, index.toUtf16(raw.start)).endsWith(raw.prefix)) {
      warn(raw.line, `annotation ${raw.iri}: the TextQuoteSelector prefix is not the text before the span (imported by its offsets)`);
    }
    if (raw.suffix !== undefined && !text.slice(index.toUtf16(raw.end)).startsWith(raw.suffix)) {
      warn(raw.line, `annotation ${raw.iri}: the TextQuoteSelector suffix is not the text after the span (imported by its offsets)`);
    }
    if (!options.schema.labels.some((l) => l.name === raw.label)) {
      fail(raw.line, `annotation ${raw.iri}: label "${raw.label}" is not in the corpus schema (${options.schema.labels.map((l) => l.name).join(', ')})`);
      continue;
    }
    entries.push({ raw, id: '', attributes: new Map(raw.attributes) });
  }
  // Ids: the span id of a Hashiya IRI is kept; other spans get the free ids s1, s2, ... in file order.
  assignIds(entries, (e) => hashiyaId(e.raw.iri, 'span', SPAN_ID_PATTERN), 's');
  const byIri = new Map(entries.map((e) => [e.raw.iri, e]));

  const relations: { id: string; readonly link: RawLink; readonly from: string; readonly to: string }[] = [];
  for (const l of links) {
    const from = byIri.get(l.from);
    const to = byIri.get(l.to);
    if (from === undefined || to === undefined) {
      // A link to a span annotation refused above is no second problem; one to no span annotation is.
      const what = l.kind === 'relation' ? `relation "${l.name}"` : `reference "${l.name}"`;
      if (!spanIris.has(l.from)) fail(l.line, `annotation ${l.iri}: ${what} starts at ${l.from}, which is no span annotation of this document (dangling)`);
      else if (!spanIris.has(l.to)) fail(l.line, `annotation ${l.iri}: ${what} points to ${l.to}, which is no span annotation of this document (dangling)`);
    } else if (l.kind === 'reference') {
      if (from.attributes.has(l.name)) fail(l.line, `annotation ${l.iri}: attribute "${l.name}" of ${l.from} is given twice`);
      else from.attributes.set(l.name, to.id);
    } else if (!options.schema.relations.some((r) => r.name === l.name)) {
      fail(l.line, `annotation ${l.iri}: relation type "${l.name}" is not in the corpus schema (${options.schema.relations.map((r) => r.name).join(', ')})`);
    } else {
      relations.push({ id: '', link: l, from: from.id, to: to.id });
    }
  }
  assignIds(relations, (r) => hashiyaId(r.link.iri, 'relation', RELATION_ID_PATTERN), 'r');

  // A reference attribute given as text must still name a span of the document.
  const spanIds = new Set(entries.map((e) => e.id));
  const defs = attributeDefs(options.schema);
  for (const e of errors.length > 0 ? [] : entries) {
    for (const [name, value] of e.attributes) {
      if (defs.get(e.raw.label)?.get(name)?.type === 'reference' && typeof value === 'string' && !spanIds.has(value)) {
        fail(e.raw.line, `annotation ${e.raw.iri}: reference "${name}" names span "${value}", which is no span of this document (dangling)`);
      }
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  const out: ImportedSpan[] = entries.map(({ raw, id: spanId, attributes }) => ({
    id: spanId,
    label: raw.label,
    start: raw.start,
    end: raw.end,
    text: raw.exact,
    attributes: Object.fromEntries([...attributes].sort(([a], [b]) => compareCodeUnits(a, b))),
    note: raw.note,
  }));
  return {
    ok: true,
    value: {
      id,
      rawText: null,
      spans: [...out].sort(compareSpans),
      relations: sortRelations(relations.map((r) => ({ id: r.id, type: r.link.name, from: r.from, to: r.to }))),
      rejected: [],
      warnings,
    },
  };
}

/** Gives each item the id `wanted` names when it is free, else the first free `<prefix><n>`, in order. */
function assignIds<T extends { id: string }>(items: readonly T[], wanted: (item: T) => string | undefined, prefix: 's' | 'r'): void {
  const taken = new Set<string>();
  for (const item of items) {
    const id = wanted(item);
    if (id !== undefined && !taken.has(id)) {
      item.id = id;
      taken.add(id);
    }
  }
  let n = 1;
  for (const item of items) {
    if (item.id !== '') continue;
    while (taken.has(`${prefix}${n}`)) n += 1;
    item.id = `${prefix}${n}`;
    taken.add(item.id);
  }
}

/** The annotations of the file's root and the collection's id, or undefined after reporting why not. */
function annotationsOf(
  root: LocatedJson,
  fail: (line: number, message: string) => void,
  warn: (line: number, message: string) => void,
): { readonly items: readonly LocatedJson[]; readonly collectionId: string | undefined } | undefined {
  const shape = 'expected an AnnotationCollection (its first page embedded), an AnnotationPage, an Annotation or an array of Annotations';
  if (root.kind === 'array') return { items: root.items, collectionId: undefined };
  if (root.kind !== 'object') {
    fail(root.line, `${shape}, not ${describeJsonKind(root)}`);
    return undefined;
  }
  if (!values(root.members.get('@context')).some((c) => c.kind === 'string' && c.value === ANNO_CONTEXT)) {
    warn(root.line, `"@context" does not name ${ANNO_CONTEXT}; read as Web Annotations all the same`);
  }
  const types = values(root.members.get('type')).flatMap((t) => (t.kind === 'string' ? [t.value] : []));
  if (types.includes('Annotation')) return { items: [root], collectionId: undefined };
  const page = types.includes('AnnotationCollection') ? root.members.get('first') : root;
  const collectionId = types.includes('AnnotationCollection') ? str(root.members.get('id')) : undefined;
  if (page === undefined && types.includes('AnnotationCollection')) return { items: [], collectionId };
  if (page?.kind !== 'object' || !values(page.members.get('type')).some((t) => t.kind === 'string' && t.value === 'AnnotationPage')) {
    fail(page?.line ?? root.line, types.includes('AnnotationCollection') ? '"first" must be the AnnotationPage itself, embedded (pages given by reference cannot be read)' : shape);
    return undefined;
  }
  if (page.members.has('next')) {
    fail(page.members.get('next')?.line ?? page.line, 'the annotations continue on another page ("next"): only a collection with its one page embedded can be read');
    return undefined;
  }
  const items = page.members.get('items');
  if (items?.kind !== 'array') {
    fail(page.line, 'the AnnotationPage must have "items", an array of annotations');
    return undefined;
  }
  const total = root.members.get('total');
  if (total?.kind === 'number' && total.value !== items.items.length) warn(total.line, `"total" is ${total.value}, but the page holds ${items.items.length} annotations`);
  return { items: items.items, collectionId };
}

function readSpan(node: Obj, iri: string, target: Obj, fail: (m: string) => void, warn: (m: string) => void, out: RawSpan[]): void {
  const source = sourceOf(target.members.get('source'));
  if (source === undefined) return fail('"target.source" must be the IRI of the document');
  const selectors = values(target.members.get('selector')).filter((s): s is Obj => s.kind === 'object');
  const ofType = (t: string): Obj[] => selectors.filter((s) => str(s.members.get('type')) === t);
  const [position, ...morePositions] = ofType('TextPositionSelector');
  const [quote, ...moreQuotes] = ofType('TextQuoteSelector');
  if (morePositions.length > 0 || moreQuotes.length > 0) return fail('the target has more than one TextPositionSelector or TextQuoteSelector');
  if (quote === undefined) return fail('the target has no TextQuoteSelector, so its offsets cannot be checked');
  const exact = str(quote.members.get('exact'));
  if (exact === undefined) return fail('the TextQuoteSelector has no "exact" text');
  const prefix = str(quote.members.get('prefix'));
  const suffix = str(quote.members.get('suffix'));
  if (position === undefined) return fail(`the target has no TextPositionSelector (the quote is ${JSON.stringify(exact)})`);
  const start = position.members.get('start');
  const end = position.members.get('end');
  if (start?.kind !== 'number' || end?.kind !== 'number' || !Number.isSafeInteger(start.value) || !Number.isSafeInteger(end.value) || start.value < 0 || end.value < 0) {
    return fail('TextPositionSelector "start" and "end" must be integers ≥ 0 (code points)');
  }

  const motivation = values(node.members.get('motivation')).flatMap((m) => (m.kind === 'string' ? [m.value] : []));
  const labels: string[] = [];
  const notes: string[] = [];
  const attributes = new Map<string, AttributeValue>();
  for (const body of values(node.members.get('body'))) {
    if (body.kind !== 'object') {
      warn(`a body that is ${describeJsonKind(body)} is not imported`);
      continue;
    }
    const purposes = values(body.members.get('purpose')).flatMap((p) => (p.kind === 'string' ? [p.value] : []));
    const purpose = purposes.length > 0 ? purposes : motivation;
    const value = str(body.members.get('value'));
    if (value === undefined) {
      warn('a body without a text "value" is not imported');
    } else if (purpose.includes('tagging') || purpose.includes('classifying')) {
      labels.push(value);
    } else if (purpose.includes('commenting')) {
      notes.push(value);
    } else if (purpose.includes('describing') && attributeName(str(body.members.get('id'))) !== undefined) {
      const name = attributeName(str(body.members.get('id'))) as string;
      const typed = str(body.members.get('format')) === 'application/json' ? jsonValue(value) : value;
      if (typed === undefined) fail(`attribute "${name}": a value in application/json must be a finite number, true or false, not ${JSON.stringify(value)}`);
      else if (attributes.has(name)) fail(`attribute "${name}" is given twice`);
      else attributes.set(name, typed);
    } else {
      warn(`a body with purpose ${JSON.stringify(purpose.join(' ') || 'none')} is not imported (Hashiya reads tagging, describing with an attribute id, commenting)`);
    }
  }
  if (labels.length !== 1) return fail(labels.length === 0 ? 'no label: give one TextualBody with purpose "tagging"' : `${labels.length} labels (${labels.join(', ')}): a span has one`);
  if (notes.length > 1) warn(`${notes.length} commenting bodies are joined into one note`);
  out.push({ iri, line: node.line, source, label: labels[0] as string, start: start.value, end: end.value, exact, prefix, suffix, attributes, note: notes.join('\n\n') });
}

function readLink(node: Obj, iri: string, fail: (m: string) => void, out: RawLink[]): void {
  if (!values(node.members.get('motivation')).some((m) => m.kind === 'string' && m.value === 'linking')) {
    return fail('the target must be a SpecificResource with selectors (a span) or the motivation "linking" (a relation or reference)');
  }
  const from = sourceOf(node.members.get('target'));
  if (from === undefined) return fail('a linking annotation must target one span annotation by its IRI');
  const bodies = values(node.members.get('body'));
  const ends = bodies.flatMap((b) => (b.kind === 'string' ? [b.value] : b.kind === 'object' && !b.members.has('value') && str(b.members.get('id')) !== undefined ? [str(b.members.get('id')) as string] : []));
  const named = bodies.filter((b): b is Obj => b.kind === 'object' && str(b.members.get('value')) !== undefined);
  const purposes = named.map((b) => values(b.members.get('purpose')).flatMap((p) => (p.kind === 'string' ? [p.value] : [])));
  if (ends.length !== 1 || named.length !== 1) {
    return fail('a linking annotation needs a body of one span annotation IRI and one TextualBody naming the relation type (purpose classifying) or attribute (purpose describing)');
  }
  const kind = purposes[0]?.includes('classifying') ? 'relation' : purposes[0]?.includes('describing') ? 'reference' : undefined;
  if (kind === undefined) return fail('the TextualBody of a linking annotation must have purpose "classifying" (a relation type) or "describing" (a reference attribute)');
  out.push({ iri, line: node.line, kind, name: str(named[0]?.members.get('value')) ?? '', from, to: ends[0] ?? '' });
}

/** The corpus document the span annotations of a file point at, or undefined after reporting why not. */
function documentOf(
  spans: readonly RawSpan[],
  collectionId: string | undefined,
  file: string,
  texts: ReadonlyMap<string, string>,
  fail: (line: number, message: string) => void,
): string | undefined {
  const known = (candidate: string | undefined): string | undefined => {
    if (candidate === undefined || candidate === '') return undefined;
    if (texts.has(candidate)) return candidate;
    return [...texts.keys()].find((k) => k.toLowerCase() === candidate.toLowerCase());
  };
  const [first] = spans;
  if (first === undefined) {
    const fromCollection = collectionId?.startsWith(URN) ? safeDecode(collectionId.slice(URN.length).split(':')[0] ?? '') : undefined;
    const fromName = (file.split(/[\\/]/).pop() ?? '').replace(/\.json(?:ld)?$/i, '');
    const id = known(fromCollection) ?? known(fromName);
    if (id === undefined) fail(1, `the file holds no span annotations and names no corpus document (${fromCollection ?? fromName})`);
    return id;
  }
  for (const s of spans) {
    if (s.source !== first.source) {
      fail(s.line, `annotation ${s.iri}: target.source ${s.source} is another document than ${first.source} (line ${first.line}): give each document in its own file`);
      return undefined;
    }
  }
  const candidate = first.source.startsWith(URN) ? safeDecode(first.source.slice(URN.length)) : safeDecode((first.source.split(/[?#]/)[0] ?? '').split(/[/:]/).pop() ?? '')?.replace(/\.txt$/i, '');
  const id = known(candidate);
  if (id === undefined) fail(first.line, `annotation ${first.iri}: target.source ${first.source} names document "${candidate ?? ''}", which is not in the corpus: import its text first (W3C annotations carry no text)`);
  return id;
}

/** Why the selectors of `raw` do not anchor in the text, or undefined when they do. */
function anchorMessage(text: string, index: CodePointIndex, raw: RawSpan): string | undefined {
  const { start, end, exact } = raw;
  const cut = [exact, raw.prefix ?? '', raw.suffix ?? ''].some(hasLoneSurrogate);
  if (cut) return 'the TextQuoteSelector cuts a surrogate pair (half of an emoji or other astral character): its offsets were counted in UTF-16 code units, but TextPositionSelector counts code points';
  if (end <= start) return `the TextPositionSelector must end after it starts (start ${start}, end ${end})`;
  const hints = `${elsewhere(text, index, exact)}${utf16Hint(text, start, end, exact)}`;
  if (end > index.length) return `the TextPositionSelector ${start}–${end} runs past the end of the text (${index.length} code points)${hints}`;
  const found = index.slice(start, end);
  return found === exact ? undefined : `the TextQuoteSelector exact ${JSON.stringify(exact)} is not the text at ${start}–${end}, which is ${JSON.stringify(found)}${hints}`;
}

/** Says so when `start`–`end` fit the quote as UTF-16 offsets, the usual cause of shifted offsets. */
function utf16Hint(text: string, start: number, end: number, exact: string): string {
  if (end > text.length) return '';
  const split = [start, end].find((u) => u > 0 && u < text.length && isHigh(text.charCodeAt(u - 1)) && isLow(text.charCodeAt(u)));
  if (split !== undefined) return `; counted in UTF-16 code units, offset ${split} would fall inside a surrogate pair: TextPositionSelector counts code points`;
  if (text.slice(start, end) === exact) return '; the offsets fit if counted in UTF-16 code units, but TextPositionSelector counts code points (an emoji or other astral character comes before this span)';
  return '';
}

/** Where else `exact` occurs in the text (code points), for messages. */
function elsewhere(text: string, index: CodePointIndex, exact: string): string {
  if (exact === '') return '; the quote is empty';
  const at: string[] = [];
  for (let u = text.indexOf(exact); u !== -1; u = text.indexOf(exact, u + 1)) {
    const cp = index.toCodePoint(u);
    at.push(`${cp}–${cp + [...exact].length}`);
  }
  if (at.length === 0) return '; the quote occurs nowhere in the text';
  const shown = at.slice(0, 3).join(', ') + (at.length > 3 ? ` and ${at.length - 3} more` : '');
  return `; the quote occurs at ${shown} (code points)`;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

/** A W3C property's values: the array's items, or the one value, or none. */
function values(node: LocatedJson | undefined): readonly LocatedJson[] {
  if (node === undefined) return [];
  return node.kind === 'array' ? node.items : [node];
}

function str(node: LocatedJson | undefined): string | undefined {
  return node?.kind === 'string' ? node.value : undefined;
}

/** An IRI given as a string or as an object with an `id` (one value, or an array of one). */
function sourceOf(node: LocatedJson | undefined): string | undefined {
  const [one, ...more] = values(node);
  if (one === undefined || more.length > 0) return undefined;
  return one.kind === 'string' ? one.value : one.kind === 'object' ? str(one.members.get('id')) : undefined;
}

/** The Hashiya id at the end of a Hashiya IRI (`…:span:s3`), if it is one and fits `pattern`. */
function hashiyaId(iri: string, kind: 'span' | 'relation', pattern: RegExp): string | undefined {
  const match = new RegExp(`^${URN}[^:]+:[^:]+:${kind}:([^:]+)$`).exec(iri);
  const id = match?.[1] === undefined ? undefined : safeDecode(match[1]);
  return id !== undefined && pattern.test(id) ? id : undefined;
}

function attributeName(id: string | undefined): string | undefined {
  const match = id === undefined ? null : /:attribute:([^:]*)$/.exec(id);
  return match?.[1] === undefined ? undefined : safeDecode(match[1]);
}

function jsonValue(value: string): number | boolean | undefined {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === 'boolean' || (typeof parsed === 'number' && Number.isFinite(parsed)) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function safeEncode(s: string): string | undefined {
  try {
    return encodeURIComponent(s);
  } catch {
    return undefined;
  }
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

function isHigh(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLow(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}

function hasLoneSurrogate(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const unit = s.charCodeAt(i);
    if (isHigh(unit) && isLow(s.charCodeAt(i + 1))) i++;
    else if (isHigh(unit) || isLow(unit)) return true;
  }
  return false;
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The W3C Web Annotation adapter: lossless for spans, attributes, relations and notes. */
export const w3cFormat: FormatAdapter = { name: 'w3c', lossless: true, serialize, parse };

