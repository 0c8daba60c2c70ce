/**
 * UIMA CAS XMI export for INCEpTION (export only): one `<id>.xmi` per document and one
 * `TypeSystem.xml` for the collection, as DKPro Core's XmiWriter and INCEpTION's XMI export lay
 * them out. Offsets (`begin`, `end`) are **UTF-16 code units** of the text, converted from the
 * stored code points with {@link CodePointIndex}: after an emoji they differ.
 *
 * Each document holds the `cas:Sofa` with the whole canonical text, a DKPro `DocumentMetaData`,
 * DKPro `Sentence` and `Token` annotations from `arabic-tokens.ts` (INCEpTION makes its own only
 * when a document has none), and the layer:
 *
 * - every label is an INCEpTION custom span layer `webanno.custom.<Label>` (a subtype of
 *   `uima.tcas.Annotation`) with one feature per attribute — `choice` and `text` as String,
 *   `boolean` as Boolean, `number` as Integer (Float when a value exported is no 32-bit integer),
 *   `reference` as an INCEpTION link (slot) feature: an FSArray of
 *   `webanno.custom.<Label><Feature>Link` with a `role` (the attribute name) and a `target` —
 *   and a String feature `note` for the annotator's note;
 * - every relation type is an INCEpTION relation layer `webanno.custom.<type>` with `Governor`
 *   (the `from` span) and `Dependent` (the `to` span), its offsets those of the dependent, as
 *   INCEpTION writes them. Both features have the one span layer they connect as their range, or
 *   `uima.tcas.Annotation` (INCEpTION: "attaches to any span layer") when the relation type
 *   connects more than one label.
 *
 * Nested and overlapping spans, attributes, notes and relations are all written; labels,
 * attributes and relation types outside the schema get layers and features of their own. What
 * cannot be written as stored is reported in `losses`: spans that no longer anchor, values that do
 * not fit their feature's type, references to spans not written, names UIMA cannot hold (renamed;
 * reported with `document: ''`), characters XML cannot carry (U+0000, lone surrogates, U+FFFE,
 * U+FFFF: written as U+FFFD, which keeps every offset). A text with control characters that
 * XML 1.0 forbids is written as XML 1.1 and reported (import it with INCEpTION's "UIMA CAS XMI
 * (XML 1.1)" format).
 *
 * To import into INCEpTION: create the layers first by importing `TypeSystem.xml` in the
 * project's layer settings, then import the `.xmi` files as "UIMA CAS XMI (XML 1.0)": INCEpTION
 * reads XMI leniently and drops annotations of types its project does not define.
 *
 * @see https://uima.apache.org/d/uimaj-current/ref.html#ugr.ref.xmi (XMI CAS serialization)
 * @see https://inception-project.github.io/releases/latest/docs/user-guide.html (formats, layers)
 */
import type { AttributeDef, AttributeValue, Schema, Span } from '../model.js';
import { CodePointIndex } from '../text/code-points.js';
import { anchorProblem } from '../corpus/anchoring.js';
import type { ExportContext, ExportDocument, ExportFile, ExportLoss, ExportResult, FormatAdapter } from './format.js';
import { joinSentencesOver, splitSentences, tokenize } from './arabic-tokens.js';
import { describeSpan } from './conll.js';

/** The file holding the type system of an export. */
export const TYPE_SYSTEM_FILE = 'TypeSystem.xml';
/** The namespace INCEpTION gives custom layers. */
export const CUSTOM_NAMESPACE = 'webanno.custom';
export const DOCUMENT_META_DATA = 'de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData';
export const SENTENCE = 'de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Sentence';
export const TOKEN = 'de.tudarmstadt.ukp.dkpro.core.api.segmentation.type.Token';
const ANNOTATION = 'uima.tcas.Annotation';

/** Feature names INCEpTION refuses (`RESTRICTED_FEATURE_NAMES` in its source). */
const RESTRICTED_FEATURE_NAMES = new Set([
  'address', 'begin', 'end', 'coveredText', 'booleanValue', 'doubleValue', 'byteValue', 'CAS', 'CASImpl', 'class',
  'featureValue', 'floatValue', 'longValue', 'lowLevelCas', 'printRefs', 'sofa', 'stringValue', 'type', 'typeIndexId', 'view',
]);

type PrimitiveRange = 'uima.cas.String' | 'uima.cas.Integer' | 'uima.cas.Float' | 'uima.cas.Boolean';

/** A feature of a span layer: an attribute (or the note) stored as a primitive, or a link. */
export type XmiFeature =
  | { readonly kind: 'primitive'; readonly attribute: string | null; readonly name: string; readonly range: PrimitiveRange; readonly description: string }
  | { readonly kind: 'link'; readonly attribute: string; readonly name: string; readonly linkType: string; readonly target: string; readonly description: string };

export interface XmiSpanLayer {
  readonly label: string;
  readonly typeName: string;
  readonly description: string;
  /** Attributes in schema order, then attributes found only in the data (sorted), then the note (`attribute: null`). */
  readonly features: readonly XmiFeature[];
}

export interface XmiRelationLayer {
  readonly relation: string;
  readonly typeName: string;
  /** The range of `Governor` and `Dependent`: a span layer's type or `uima.tcas.Annotation`. */
  readonly range: string;
  readonly description: string;
}

/** How a schema (and the labels, attributes and relation types found in the data) maps to UIMA types. */
export interface XmiTypeSystem {
  readonly spans: ReadonlyMap<string, XmiSpanLayer>;
  readonly relations: ReadonlyMap<string, XmiRelationLayer>;
  /** Names UIMA or INCEpTION cannot hold as they are, with the name used instead. */
  readonly renamed: readonly string[];
}

/**
 * The UIMA types for `schema` and whatever `documents` hold beyond it (see the module comment).
 * Deterministic: schema order first, then names found in the data in code unit order.
 */
export function xmiTypeSystem(schema: Schema, documents: readonly ExportDocument[]): XmiTypeSystem {
  const renamed: string[] = [];
  const typeNames = new Set<string>();
  const allocateType = (wanted: string, what: string): string => {
    const short = unique(identifier(wanted), (n) => !typeNames.has(`${CUSTOM_NAMESPACE}.${n}`));
    const name = `${CUSTOM_NAMESPACE}.${short}`;
    typeNames.add(name);
    if (short !== wanted) renamed.push(`${what} ${JSON.stringify(wanted)} is the UIMA type ${name} (type names hold ASCII letters, digits and single _)`);
    return name;
  };

  const spans = documents.flatMap((d) => d.layer.spans);
  const spanById = (d: ExportDocument, id: AttributeValue): Span | undefined => d.layer.spans.find((s) => s.id === id);
  const labels = [...schema.labels.map((l) => l.name), ...sortedNew(spans.map((s) => s.label), schema.labels.map((l) => l.name))];
  const spanTypes = new Map<string, string>();
  for (const label of labels) spanTypes.set(label, allocateType(label, 'label'));

  const spanLayers = new Map<string, XmiSpanLayer>();
  for (const label of labels) {
    const typeName = spanTypes.get(label) as string;
    const def = schema.labels.find((l) => l.name === label);
    const ofLabel = documents.flatMap((d) => d.layer.spans.filter((s) => s.label === label).map((s) => ({ d, s })));
    const schemaAttributes = def?.attributes ?? [];
    const extra = sortedNew(
      ofLabel.flatMap(({ s }) => Object.keys(s.attributes)),
      schemaAttributes.map((a) => a.name),
    );
    const featureNames = new Set<string>();
    const allocateFeature = (wanted: string): string => {
      const name = unique(featureIdentifier(wanted), (n) => !featureNames.has(n));
      featureNames.add(name);
      if (name !== wanted) renamed.push(`attribute ${JSON.stringify(wanted)} of label ${JSON.stringify(label)} is the feature ${name} of ${typeName} (INCEpTION feature names hold ASCII letters, digits and single _, and not ${[...RESTRICTED_FEATURE_NAMES].slice(0, 3).join(', ')}, ...)`);
      return name;
    };
    const values = (attribute: string): AttributeValue[] => ofLabel.flatMap(({ s }) => (attribute in s.attributes ? [s.attributes[attribute] as AttributeValue] : []));
    const features: XmiFeature[] = [];
    for (const attribute of schemaAttributes) {
      const name = allocateFeature(attribute.name);
      const description = describeAttribute(attribute);
      if (attribute.type === 'reference') {
        const referenced = ofLabel.flatMap(({ d, s }) => {
          const value = s.attributes[attribute.name];
          return value === undefined ? [] : [spanById(d, value)?.label];
        });
        const only = attribute.targets.length === 1 ? attribute.targets[0] : undefined;
        const target = only !== undefined && spanTypes.has(only) && referenced.every((l) => l === only) ? (spanTypes.get(only) as string) : ANNOTATION;
        const linkType = allocateType(`${typeName.slice(CUSTOM_NAMESPACE.length + 1)}${capitalize(name)}Link`, 'link type');
        features.push({ kind: 'link', attribute: attribute.name, name, linkType, target, description });
      } else {
        features.push({ kind: 'primitive', attribute: attribute.name, name, range: schemaRange(attribute, values(attribute.name)), description });
      }
    }
    for (const attribute of extra) {
      features.push({ kind: 'primitive', attribute, name: allocateFeature(attribute), range: dataRange(values(attribute)), description: 'An attribute found in the data but not in the corpus schema.' });
    }
    features.push({ kind: 'primitive', attribute: null, name: allocateFeature('note'), range: 'uima.cas.String', description: "The annotator's note on the span." });
    const description = def === undefined ? `The label ${label}, found in the data but not in the corpus schema.` : `The label ${label} of the corpus schema.`;
    spanLayers.set(label, { label, typeName, description, features });
  }

  const relationLayers = new Map<string, XmiRelationLayer>();
  const relationNames = [
    ...schema.relations.map((r) => r.name),
    ...sortedNew(
      documents.flatMap((d) => d.layer.relations.map((r) => r.type)),
      schema.relations.map((r) => r.name),
    ),
  ];
  for (const relation of relationNames) {
    const def = schema.relations.find((r) => r.name === relation);
    const ends = new Set<string>([...(def?.from ?? []), ...(def?.to ?? [])]);
    for (const d of documents) {
      for (const r of d.layer.relations.filter((x) => x.type === relation)) {
        for (const end of [r.from, r.to]) {
          const label = spanById(d, end)?.label;
          if (label !== undefined) ends.add(label);
        }
      }
    }
    const only = ends.size === 1 ? (ends.values().next().value as string) : undefined;
    const range = only !== undefined && spanTypes.has(only) ? (spanTypes.get(only) as string) : ANNOTATION;
    const description =
      def === undefined
        ? `The relation type ${relation}, found in the data but not in the corpus schema.`
        : `The relation type ${relation} of the corpus schema: from ${def.from.join(' | ')} to ${def.to.join(' | ')}.`;
    relationLayers.set(relation, { relation, typeName: allocateType(relation, 'relation type'), range, description });
  }
  return { spans: spanLayers, relations: relationLayers, renamed };
}

/**
 * `TypeSystem.xml`: DKPro's `DocumentMetaData`, `Sentence` and `Token` (the features written
 * here), then per span layer its type and link types, then the relation layers. Descriptions
 * come from the schema's help texts; a character no XML can carry (U+0000, ...) is written there
 * as U+FFFD, and the file is XML 1.1 when a help text holds a control character.
 */
export function serializeTypeSystem(ts: XmiTypeSystem, toolVersion: string): string {
  const xml = new XmlText();
  const feature = (name: string, description: string, range: string, element?: string): string[] => [
    '        <featureDescription>',
    `          <name>${xml.text(name)}</name>`,
    `          <description>${xml.text(description)}</description>`,
    `          <rangeTypeName>${range}</rangeTypeName>`,
    ...(element === undefined ? [] : [`          <elementType>${element}</elementType>`, '          <multipleReferencesAllowed>false</multipleReferencesAllowed>']),
    '        </featureDescription>',
  ];
  const type = (name: string, description: string, supertype: string, features: readonly string[][]): string[] => [
    '    <typeDescription>',
    `      <name>${name}</name>`,
    `      <description>${xml.text(description)}</description>`,
    `      <supertypeName>${supertype}</supertypeName>`,
    ...(features.length === 0 ? [] : ['      <features>', ...features.flat(), '      </features>']),
    '    </typeDescription>',
  ];
  const types: string[][] = [
    type(DOCUMENT_META_DATA, 'DKPro Core document metadata (the features INCEpTION writes); language is inherited from uima.tcas.DocumentAnnotation.', 'uima.tcas.DocumentAnnotation', [
      feature('documentTitle', 'The human readable title of the document.', 'uima.cas.String'),
      feature('documentId', 'The id of the document.', 'uima.cas.String'),
      feature('documentUri', 'The URI of the document.', 'uima.cas.String'),
      feature('collectionId', 'The ID of the whole document collection.', 'uima.cas.String'),
      feature('documentBaseUri', 'Base URI of the document.', 'uima.cas.String'),
      feature('isLastSegment', 'Whether this CAS is the last segment of a document.', 'uima.cas.Boolean'),
    ]),
    type(SENTENCE, 'DKPro Core sentence.', ANNOTATION, []),
    type(TOKEN, 'DKPro Core token (ANERcorp-style: whitespace tokens with clitics, punctuation split off).', ANNOTATION, []),
  ];
  for (const layer of ts.spans.values()) {
    types.push(
      type(
        layer.typeName,
        layer.description,
        ANNOTATION,
        layer.features.map((f) => (f.kind === 'link' ? feature(f.name, f.description, 'uima.cas.FSArray', f.linkType) : feature(f.name, f.description, f.range))),
      ),
    );
    for (const f of layer.features) {
      if (f.kind !== 'link') continue;
      types.push(
        type(f.linkType, `The link of the feature ${f.name} of ${layer.typeName}: an INCEpTION slot with a role and a target.`, 'uima.cas.TOP', [
          feature('role', 'The role of the target.', 'uima.cas.String'),
          feature('target', 'The span referred to.', f.target),
        ]),
      );
    }
  }
  for (const layer of ts.relations.values()) {
    types.push(
      type(layer.typeName, layer.description, ANNOTATION, [
        feature('Governor', 'The span the relation starts from.', layer.range),
        feature('Dependent', 'The span the relation points to; the relation has its offsets.', layer.range),
      ]),
    );
  }
  const body = [
    '<typeSystemDescription xmlns="http://uima.apache.org/resourceSpecifier">',
    '  <name>Hashiya</name>',
    `  <description>${xml.text(`The layers of a Hashiya corpus as INCEpTION custom layers, written by Hashiya ${toolVersion}.`)}</description>`,
    `  <version>${xml.text(toolVersion)}</version>`,
    '  <vendor>Hashiya</vendor>',
    '  <types>',
    ...types.flat(),
    '  </types>',
    '</typeSystemDescription>',
    '',
  ].join('\n');
  return `${xml.declaration()}\n${body}`;
}

/** One document's `.xmi` and what it could not write as stored. */
export interface XmiDocument {
  readonly path: string;
  readonly content: string;
  readonly losses: readonly ExportLoss[];
}

interface Element {
  readonly prefix: string;
  readonly local: string;
  readonly attributes: readonly (readonly [string, string])[];
  readonly member: boolean;
}

/**
 * One document as XMI against `ts` (see the module comment). `begin`/`end` are UTF-16 offsets of
 * `doc.text`; `xmi:id`s are numbered in document order from 1 (the Sofa). Never throws.
 */
export function xmiDocument(doc: ExportDocument, ts: XmiTypeSystem, context: ExportContext): XmiDocument {
  const { text, layer, meta } = doc;
  const document = meta.id;
  const losses: ExportLoss[] = [];
  const lose = (message: string): void => {
    losses.push({ document, message });
  };
  const xml = new XmlText();
  const index = new CodePointIndex(text);
  const u16 = (cp: number): string => String(index.toUtf16(cp));

  const written: Span[] = [];
  for (const span of layer.spans) {
    const problem = anchorProblem(span, index);
    if (problem === undefined) written.push(span);
    else lose(`${describeSpan(span)} not written: it does not anchor in the text (${problem})`);
  }
  const tokens = tokenize(text);
  const sentences = joinSentencesOver(splitSentences(text, tokens), written);

  let nextId = 3;
  const sentenceIds = sentences.map(() => nextId++);
  const tokenIds = tokens.map(() => nextId++);
  const spanIds = new Map<string, number>();
  for (const span of written) spanIds.set(span.id, nextId++);
  const spanOf = new Map(written.map((s) => [s.id, s]));

  const elements: Element[] = [];
  const spanElements: Element[] = [];
  const links: Element[] = [];
  for (const span of written) {
    const layerType = ts.spans.get(span.label);
    if (layerType === undefined) continue; // xmiTypeSystem gives every label of the data a layer
    const attributes: [string, string][] = [
      ['xmi:id', String(spanIds.get(span.id))],
      ['sofa', '1'],
      ['begin', u16(span.start)],
      ['end', u16(span.end)],
    ];
    for (const f of layerType.features) {
      if (f.attribute === null) {
        if (span.note !== '') attributes.push([f.name, span.note]);
        continue;
      }
      if (!(f.attribute in span.attributes)) continue;
      const value = span.attributes[f.attribute] as AttributeValue;
      const where = `${describeSpan(span)}: attribute ${f.attribute}`;
      if (f.kind === 'link') {
        const target = typeof value === 'string' ? spanOf.get(value) : undefined;
        if (target === undefined) {
          lose(`${where} = ${JSON.stringify(value)} not written: it names no span written to this file`);
          continue;
        }
        const linkId = nextId++;
        links.push({ ...elementName(f.linkType), attributes: [['xmi:id', String(linkId)], ['role', f.attribute], ['target', String(spanIds.get(target.id))]], member: false });
        attributes.push([f.name, String(linkId)]);
        continue;
      }
      const converted = primitive(value, f.range);
      if (converted.value === undefined) lose(`${where} = ${JSON.stringify(value)} not written: ${converted.problem}`);
      else {
        if (converted.problem !== undefined) lose(`${where} = ${JSON.stringify(value)} ${converted.problem}`);
        attributes.push([f.name, converted.value]);
      }
    }
    spanElements.push({ ...elementName(layerType.typeName), attributes, member: true });
  }

  const relationElements: Element[] = [];
  for (const r of layer.relations) {
    const relationLayer = ts.relations.get(r.type);
    const from = spanOf.get(r.from);
    const to = spanOf.get(r.to);
    if (relationLayer === undefined || from === undefined || to === undefined) {
      const missing = [r.from, r.to].filter((id) => !spanOf.has(id));
      lose(`relation ${r.id} ${r.type} ${r.from} → ${r.to} not written: ${missing.map((id) => `span ${id}`).join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not written to this file`);
      continue;
    }
    relationElements.push({
      ...elementName(relationLayer.typeName),
      attributes: [
        ['xmi:id', String(nextId++)],
        ['sofa', '1'],
        ['begin', u16(to.start)],
        ['end', u16(to.end)],
        ['Governor', String(spanIds.get(from.id))],
        ['Dependent', String(spanIds.get(to.id))],
      ],
      member: true,
    });
  }

  elements.push({
    ...elementName(DOCUMENT_META_DATA),
    attributes: [
      ['xmi:id', '2'],
      ['sofa', '1'],
      ['begin', '0'],
      ['end', String(text.length)],
      ['language', 'ar'],
      ['documentTitle', meta.source],
      ['documentId', meta.id],
      ['documentUri', `hashiya:/${meta.id}`],
      ['collectionId', context.source],
      ['documentBaseUri', 'hashiya:/'],
      ['isLastSegment', 'false'],
    ],
    member: true,
  });
  sentences.forEach((s, i) => {
    elements.push({ ...elementName(SENTENCE), attributes: [['xmi:id', String(sentenceIds[i])], ['sofa', '1'], ['begin', u16(s.start)], ['end', u16(s.end)]], member: true });
  });
  tokens.forEach((t, i) => {
    elements.push({ ...elementName(TOKEN), attributes: [['xmi:id', String(tokenIds[i])], ['sofa', '1'], ['begin', u16(t.start)], ['end', u16(t.end)]], member: true });
  });
  elements.push(...spanElements, ...links, ...relationElements);

  const sofaString = xml.attribute(text, (offsets, what) => {
    lose(`${what} at UTF-16 offset${offsets.length === 1 ? '' : 's'} ${listOffsets(offsets)} of the text written as U+FFFD: XML cannot carry ${offsets.length === 1 ? 'it' : 'them'} (every offset is kept)`);
  });
  const lines = [
    `<xmi:XMI ${namespaceDeclarations(elements)} xmi:version="2.0">`,
    '    <cas:NULL xmi:id="0"/>',
    `    <cas:Sofa xmi:id="1" sofaNum="1" sofaID="_InitialView" mimeType="text" sofaString="${sofaString}"/>`,
    ...elements.map((e) => `    <${e.prefix}:${e.local} ${e.attributes.map(([name, value]) => `${name}="${xml.attribute(value, (_o, what) => lose(`${what} in the value of ${name} written as U+FFFD: XML cannot carry it`))}"`).join(' ')}/>`),
    `    <cas:View sofa="1" members="${elements
      .filter((e) => e.member)
      .map((e) => (e.attributes[0] as readonly [string, string])[1])
      .join(' ')}"/>`,
    '</xmi:XMI>',
    '',
  ];
  const content = `${xml.declaration()}\n${lines.join('\n')}`;
  if (xml.version === '1.1') {
    lose('written as XML 1.1: the text holds control characters XML 1.0 cannot carry (nothing is lost; import with INCEpTION\'s "UIMA CAS XMI (XML 1.1)" format)');
  }
  return { path: `${document}.xmi`, content, losses };
}

/**
 * Every document as `<id>.xmi` in the order given, then `TypeSystem.xml` for them all (see the
 * module comment); losses of the type system as a whole have `document: ''`. Never throws.
 */
export function serializeXmi(documents: readonly ExportDocument[], context: ExportContext): ExportResult {
  const ts = xmiTypeSystem(context.schema, documents);
  const written = documents.map((d) => xmiDocument(d, ts, context));
  const files: ExportFile[] = [...written.map(({ path, content }) => ({ path, content })), { path: TYPE_SYSTEM_FILE, content: serializeTypeSystem(ts, context.toolVersion) }];
  return {
    files,
    losses: [...ts.renamed.map((message) => ({ document: '', message })), ...written.flatMap((w) => w.losses)],
  };
}

export const xmiFormat: FormatAdapter = {
  name: 'xmi',
  lossless: false,
  serialize: serializeXmi,
};

/** The value as the XMI text of a feature of `range`, or why it cannot be. */
function primitive(value: AttributeValue, range: PrimitiveRange): { value?: string; problem?: string } {
  switch (range) {
    case 'uima.cas.String':
      return { value: String(value) };
    case 'uima.cas.Boolean':
      return typeof value === 'boolean' ? { value: String(value) } : { problem: 'the feature is a Boolean' };
    case 'uima.cas.Integer':
      return isInt32(value) ? { value: String(value) } : { problem: 'the feature is an Integer' };
    case 'uima.cas.Float':
      if (typeof value !== 'number') return { problem: 'the feature is a Float' };
      return Math.fround(value) === value ? { value: String(value) } : { value: String(value), problem: `written to a Float feature, which holds it as ${Math.fround(value)}` };
  }
}

function isInt32(value: AttributeValue): boolean {
  return typeof value === 'number' && Number.isInteger(value) && value >= -2147483648 && value <= 2147483647;
}

/** A schema attribute's range: `number` is Integer unless a value exported needs a Float. */
function schemaRange(attribute: AttributeDef, values: readonly AttributeValue[]): PrimitiveRange {
  switch (attribute.type) {
    case 'boolean':
      return 'uima.cas.Boolean';
    case 'number':
      return values.every((v) => typeof v !== 'number' || isInt32(v)) ? 'uima.cas.Integer' : 'uima.cas.Float';
    default:
      return 'uima.cas.String';
  }
}

/** The range of an attribute known only from its values. */
function dataRange(values: readonly AttributeValue[]): PrimitiveRange {
  if (values.length > 0 && values.every((v) => typeof v === 'boolean')) return 'uima.cas.Boolean';
  if (values.length > 0 && values.every(isInt32)) return 'uima.cas.Integer';
  if (values.length > 0 && values.every((v) => typeof v === 'number')) return 'uima.cas.Float';
  return 'uima.cas.String';
}

function describeAttribute(attribute: AttributeDef): string {
  const kind =
    attribute.type === 'choice'
      ? `One of: ${attribute.choices.join(', ')}.`
      : attribute.type === 'reference'
        ? `A reference to a span of ${attribute.targets.length > 0 ? attribute.targets.join(' | ') : 'any label'}.`
        : `A ${attribute.type} value.`;
  return attribute.help === '' ? kind : `${kind} ${attribute.help}`;
}

/** Names of `found` not in `known`, each once, in code unit order. */
function sortedNew(found: readonly string[], known: readonly string[]): string[] {
  const have = new Set(known);
  return [...new Set(found.filter((n) => !have.has(n)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** ASCII letters, digits and single `_`, starting with a letter (UIMA and INCEpTION names). */
function identifier(name: string): string {
  const cleaned = name
    .replace(/[^A-Za-z0-9_]/g, '_')
    .replace(/_+/g, '_')
    .replace(/^_+|_+$/g, '');
  return /^[A-Za-z]/.test(cleaned) ? cleaned : `X${cleaned}`;
}

function featureIdentifier(name: string): string {
  const id = identifier(name);
  return RESTRICTED_FEATURE_NAMES.has(id) ? `${id}_value` : id;
}

function unique(base: string, free: (name: string) => boolean): string {
  if (free(base)) return base;
  for (let n = 2; ; n++) if (free(`${base}_${n}`)) return `${base}_${n}`;
}

/** As INCEpTION names link types: `capitalize(feature)`. */
function capitalize(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/** XMI element prefix and local name of a type: `custom:Place`, `type2:Token`. */
function elementName(typeName: string): { prefix: string; local: string } {
  const dot = typeName.lastIndexOf('.');
  const namespace = typeName.slice(0, dot);
  return { prefix: PREFIXES.get(namespace) ?? 'custom', local: typeName.slice(dot + 1) };
}

const PREFIXES = new Map([
  [CUSTOM_NAMESPACE, 'custom'],
  ['de.tudarmstadt.ukp.dkpro.core.api.metadata.type', 'type'],
  ['de.tudarmstadt.ukp.dkpro.core.api.segmentation.type', 'type2'],
]);

/** `xmlns:` declarations for `xmi`, `cas` and the namespaces `elements` use (UIMA: `http:///a/b/c.ecore`). */
function namespaceDeclarations(elements: readonly Element[]): string {
  const used = new Set(elements.map((e) => e.prefix));
  const declarations = ['xmlns:xmi="http://www.omg.org/XMI"', 'xmlns:cas="http:///uima/cas.ecore"'];
  for (const [namespace, prefix] of PREFIXES) {
    if (used.has(prefix)) declarations.push(`xmlns:${prefix}="http:///${namespace.replace(/\./g, '/')}.ecore"`);
  }
  return declarations.join(' ');
}

function listOffsets(offsets: readonly number[]): string {
  const shown = offsets.slice(0, 10).join(', ');
  return offsets.length > 10 ? `${shown} and ${offsets.length - 10} more` : shown;
}

/**
 * Escapes text for XML and notes what that needs: markup characters become entities; every
 * control character, DEL, C1 control and U+2028/U+2029 a decimal character reference (so line
 * breaks and tabs survive attribute-value normalisation, and XML 1.1 line-end handling cannot
 * touch them); C0 controls other than tab, LF and CR make the file XML 1.1; U+0000, lone
 * surrogates, U+FFFE and U+FFFF, which no XML can carry, become U+FFFD (one UTF-16 unit for one,
 * so offsets hold) and are reported through `lost` with their UTF-16 offsets.
 */
class XmlText {
  version: '1.0' | '1.1' = '1.0';

  declaration(): string {
    return `<?xml version="${this.version}" encoding="UTF-8"?>`;
  }

  text(s: string): string {
    return this.escape(s, false, () => undefined);
  }

  attribute(s: string, lost: (offsets: readonly number[], what: string) => void): string {
    return this.escape(s, true, lost);
  }

  private escape(s: string, inAttribute: boolean, lost: (offsets: readonly number[], what: string) => void): string {
    let out = '';
    const unrepresentable = new Map<string, number[]>();
    for (let u = 0; u < s.length; u++) {
      const unit = s.charCodeAt(u);
      const high = unit >= 0xd800 && unit <= 0xdbff;
      const low = unit >= 0xdc00 && unit <= 0xdfff;
      if (high && u + 1 < s.length && s.charCodeAt(u + 1) >= 0xdc00 && s.charCodeAt(u + 1) <= 0xdfff) {
        out += s.slice(u, u + 2);
        u++;
        continue;
      }
      if (high || low || unit === 0 || unit === 0xfffe || unit === 0xffff) {
        const what = high || low ? 'a lone surrogate' : `U+${unit.toString(16).toUpperCase().padStart(4, '0')}`;
        unrepresentable.set(what, [...(unrepresentable.get(what) ?? []), u]);
        out += '\uFFFD';
        continue;
      }
      const char = s.charAt(u);
      if (char === '&') out += '&amp;';
      else if (char === '<') out += '&lt;';
      else if (char === '>') out += '&gt;';
      else if (char === '"' && inAttribute) out += '&quot;';
      else if (unit < 0x20 || (unit >= 0x7f && unit <= 0x9f) || unit === 0x2028 || unit === 0x2029) {
        if (unit < 0x20 && unit !== 0x09 && unit !== 0x0a && unit !== 0x0d) this.version = '1.1';
        out += `&#${unit};`;
      } else out += char;
    }
    for (const [what, offsets] of unrepresentable) lost(offsets, what);
    return out;
  }
}
