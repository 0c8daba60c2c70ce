import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { anchorProblem } from '../../shared/corpus/anchoring';
import { sortRelations, sortSpans } from '../../shared/corpus/layer-file';
import type { ExportContext, ExportDocument, ExportLoss } from '../../shared/formats/format';
import { ANNO_CONTEXT, W3C_QUOTE_CONTEXT, documentIri, w3cFormat } from '../../shared/formats/w3c';
import type { AttributeDef, AttributeValue, DocumentMeta, Relation, Span } from '../../shared/model';
import { DEFAULT_SCHEMA } from '../../shared/schema/default-schema';
import { CodePointIndex } from '../../shared/text/code-points';
import { quoteContext } from '../../shared/text/quote-context';
import { FIXTURE_DOCUMENTS } from '../fixtures/formats/brat/load';

// The W3C adapter writes each collection straight into UTF-8 bytes. This pins those bytes to what
// it wrote before: the collection built as objects and written by JSON.stringify(…, null, 2),
// kept here as the reference, with the same losses in the same order.

type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function safeEncode(s: string): string | undefined {
  try {
    return encodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/** The export before the byte writer, as it was. */
function referenceSerialize(documents: readonly ExportDocument[], context: ExportContext): { files: { path: string; content: string }[]; losses: ExportLoss[] } {
  const files: { path: string; content: string }[] = [];
  const losses: ExportLoss[] = [];
  for (const doc of documents) {
    const lose = (message: string): void => {
      losses.push({ document: doc.meta.id, message });
    };
    files.push({ path: `${doc.meta.id}.jsonld`, content: `${JSON.stringify(referenceCollection(doc, context, lose), null, 2)}\n` });
  }
  return { files, losses };
}

function referenceCollection(doc: ExportDocument, context: ExportContext, lose: (message: string) => void): Json {
  const { meta, text, layer } = doc;
  const index = new CodePointIndex(text);
  const base = `urn:hashiya:${meta.id}:${encodeURIComponent(context.source)}`;
  const spanIri = (id: string): string => `${base}:span:${encodeURIComponent(id)}`;
  const provenance = {
    created: context.exportedAt,
    creator: context.source === 'gold' ? { type: 'Software', name: 'Hashiya gold layer' } : { type: 'Person', name: context.source },
    generator: { type: 'Software', name: `Hashiya ${context.toolVersion}` },
  };
  const defs = new Map<string, ReadonlyMap<string, AttributeDef>>(context.schema.labels.map((l) => [l.name, new Map(l.attributes.map((a) => [a.name, a]))]));
  const spans = sortSpans(layer.spans).filter((span) => {
    const problem = anchorProblem(span, index);
    if (problem !== undefined) lose(`span "${span.id}" (${span.label}) is left out: ${problem}`);
    return problem === undefined;
  });
  const exported = new Set(spans.map((s) => s.id));
  const items: Json[] = [];
  const references: Json[] = [];
  const link = (id: string, from: string, to: string, purpose: 'classifying' | 'describing', value: string): Json => ({
    id,
    type: 'Annotation',
    motivation: 'linking',
    ...provenance,
    body: [to, { type: 'TextualBody', purpose, value }],
    target: from,
  });
  for (const span of spans) {
    const body: Json[] = [{ type: 'TextualBody', purpose: 'tagging', value: span.label }];
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
        else references.push(link(`${spanIri(span.id)}:reference:${segment}`, spanIri(span.id), spanIri(value), 'describing', name));
      } else {
        const json = typeof value !== 'string';
        body.push({ id: `${spanIri(span.id)}:attribute:${segment}`, type: 'TextualBody', purpose: 'describing', format: json ? 'application/json' : 'text/plain', value: json ? JSON.stringify(value) : value });
      }
    }
    if (span.note !== '') body.push({ type: 'TextualBody', purpose: 'commenting', value: span.note });
    const quote = quoteContext(text, span.start, span.end, W3C_QUOTE_CONTEXT);
    const selector: Json[] = [
      { type: 'TextPositionSelector', start: span.start, end: span.end },
      { type: 'TextQuoteSelector', exact: quote.text, ...(quote.prefix === '' ? {} : { prefix: quote.prefix }), ...(quote.suffix === '' ? {} : { suffix: quote.suffix }) },
    ];
    items.push({ id: spanIri(span.id), type: 'Annotation', motivation: 'tagging', ...provenance, body, target: { source: documentIri(meta.id), selector } });
  }
  for (const r of sortRelations(layer.relations)) {
    const missing = [r.from, r.to].filter((id) => !exported.has(id));
    if (missing.length > 0) lose(`relation "${r.id}" (${r.type}) is left out: span "${missing[0] ?? ''}" is not exported`);
    else items.push(link(`${base}:relation:${encodeURIComponent(r.id)}`, spanIri(r.from), spanIri(r.to), 'classifying', r.type));
  }
  items.push(...references);
  if (layer.rejected.length > 0) {
    lose(`${layer.rejected.length} rejected suggestion${layer.rejected.length === 1 ? ' is' : 's are'} not exported: W3C annotations have no place for them`);
  }
  const label = `${meta.id}: annotations of ${context.source}`;
  const page = { id: `${base}:page:1`, type: 'AnnotationPage', partOf: { id: base, label, total: items.length }, startIndex: 0, items };
  return {
    '@context': ANNO_CONTEXT,
    id: base,
    type: 'AnnotationCollection',
    label,
    generator: provenance.generator,
    generated: context.exportedAt,
    total: items.length,
    ...(items.length === 0 ? {} : { first: page, last: page.id }),
  };
}

/** The new export's files and losses against the reference's: bytes, text and losses alike. */
function expectSameAsReference(documents: readonly ExportDocument[], context: ExportContext): void {
  const made = w3cFormat.serialize(documents, context);
  const reference = referenceSerialize(documents, context);
  expect(made.files.map((f) => f.path)).toEqual(reference.files.map((f) => f.path));
  for (const [k, file] of made.files.entries()) {
    const expected = (reference.files[k] as { content: string }).content;
    expect(file.content).toBe(expected);
    expect(file.bytes).toEqual(new TextEncoder().encode(expected));
  }
  expect(made.losses).toEqual(reference.losses);
}

const CONTEXT: ExportContext = { schema: DEFAULT_SCHEMA, source: 'Ali', toolVersion: '0.1.0', exportedAt: '2026-01-06T12:00:00.000Z', offsets: 'codepoint' };

describe('W3C export bytes', () => {
  it('are what JSON.stringify wrote for the fixture documents, for an annotator and for gold', () => {
    for (const source of ['Ali', 'gold', 'سارة الـعلي', 'a b/c?d#"\\']) expectSameAsReference(FIXTURE_DOCUMENTS, { ...CONTEXT, source, toolVersion: '1.2.3-β' });
  });

  it('are the empty collection for a document without annotations', () => {
    const [doc] = FIXTURE_DOCUMENTS as [ExportDocument];
    const empty: ExportDocument = { ...doc, layer: { ...doc.layer, spans: [], relations: [], rejected: [] } };
    expectSameAsReference([empty], CONTEXT);
    expect(w3cFormat.serialize([empty], CONTEXT).files[0]?.content).not.toContain('"first"');
  });

  it('are what JSON.stringify wrote for any layer (property): values of every type, odd names, notes, links, orphans', () => {
    const pieces = ['ق', 'ُ', 'ت', 'ِ', 'ل', 'َ', ' ', '\n', '\r\n', 'ـ', 'ّ', '🔴', '🇸🇾', '"', '\\', '\u0001', '\t', '\u2028', 'é', 'a', '«', '»', '٣'];
    const textArb = fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 50 }).map((p) => p.join(''));
    const stringArb = fc.oneof(
      fc.string({ unit: fc.constantFrom(...pieces, '\ud83d', '\ude00', '\u0000', '/', ':', '?', '#', '%'), maxLength: 12 }),
      fc.constantFrom('', 'killed', 's1', 's2', 's9'),
    );
    const valueArb: fc.Arbitrary<AttributeValue> = fc.oneof(
      stringArb,
      fc.boolean(),
      fc.integer(),
      fc.double(),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0, 1e21, 0.1, -1e-7),
    );
    const labels = [...DEFAULT_SCHEMA.labels.map((l) => l.name), 'Weapon'];
    const names = [...new Set(DEFAULT_SCHEMA.labels.flatMap((l) => l.attributes.map((a) => a.name))), 'x-extra', 'اسم', '\ud800x', '__proto__', 'a b', ''];
    const spanArb = fc.record({
      a: fc.nat(),
      b: fc.nat({ max: 12 }),
      label: fc.constantFrom(...labels),
      attributes: fc.array(fc.tuple(fc.constantFrom(...names), valueArb), { maxLength: 5 }),
      note: fc.oneof(fc.constant(''), stringArb),
      orphan: fc.boolean(),
    });
    const documentArb = fc.record({
      text: textArb,
      spans: fc.array(spanArb, { maxLength: 10 }),
      relations: fc.array(fc.record({ type: fc.constantFrom(...DEFAULT_SCHEMA.relations.map((r) => r.name), 'unknown'), from: fc.nat({ max: 11 }), to: fc.nat({ max: 11 }) }), { maxLength: 4 }),
      rejected: fc.nat({ max: 2 }),
      source: fc.constantFrom('Ali', 'gold', 'سارة', 'a b/c?'),
    });
    fc.assert(
      fc.property(fc.array(documentArb, { minLength: 1, maxLength: 3 }), (seeds) => {
        const documents = seeds.map((seed, d): ExportDocument => {
          const chars = [...seed.text];
          const spans: Span[] = seed.spans.map((s, k) => {
            const start = s.a % chars.length;
            const end = Math.min(chars.length, start + 1 + s.b);
            const quote = chars.slice(start, end).join('');
            const attributes: Record<string, AttributeValue> = {};
            for (const [name, value] of s.attributes) Object.defineProperty(attributes, name, { value, enumerable: true, writable: true, configurable: true });
            return { id: `s${k + 1}`, label: s.label, start, end, text: s.orphan ? `${quote}x` : quote, prefix: '', suffix: '', attributes, note: s.note };
          });
          const relations: Relation[] = seed.relations.map((r, k) => ({ id: `r${k + 1}`, type: r.type, from: `s${r.from + 1}`, to: `s${r.to + 1}` }));
          const id = `doc-${d}`;
          const meta: DocumentMeta = {
            id,
            source: `${id}.txt`,
            importedAt: '2025-01-01T00:00:00.000Z',
            sha256: '0'.repeat(64),
            length: chars.length,
            canonicalisation: { encoding: 'utf-8', bomRemoved: false, crlf: 0, cr: 0, nfcChanged: false, warnings: [] },
          };
          const rejected = Array.from({ length: seed.rejected }, (_, k) => ({ label: 'Place', start: k, end: k + 1 }));
          return { meta, text: seed.text, layer: { document: id, annotator: 'Ali', textSha256: meta.sha256, revision: 1, status: 'done', spans, relations, rejected } };
        });
        expectSameAsReference(documents, { ...CONTEXT, source: seeds[0]?.source ?? 'Ali' });
      }),
      { numRuns: 200 },
    );
  });
});
