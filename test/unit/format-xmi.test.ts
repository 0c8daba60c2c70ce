import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fixtureMeta as meta, loadExportDocument as loadDocument } from '../fixtures/formats/conll/load';
import { describe, expect, it } from 'vitest';
import type { Layer, Span } from '../../shared/model';
import { DEFAULT_SCHEMA } from '../../shared/schema/default-schema';
import type { ExportContext, ExportDocument } from '../../shared/formats/format';
import { DOCUMENT_META_DATA, SENTENCE, TOKEN, TYPE_SYSTEM_FILE, serializeXmi, xmiFormat } from '../../shared/formats/xmi';

// Golden UIMA CAS XMI files for the layers of test/fixtures/formats/conll/input (two seeds and an
// emoji document), read back with a small strict XML parser (below) and, for XML 1.0, with
// jsdom's XML parser. Run with UPDATE_GOLDEN=1 to rewrite the golden files, then review the diff.

const GOLDEN = new URL('../fixtures/formats/xmi/', import.meta.url);
const UPDATE = process.env.UPDATE_GOLDEN === '1';



const DOCS: readonly ExportDocument[] = [
  loadDocument('000_7db2a034c338d373', '../../../../seeds/000_7db2a034c338d373.txt'),
  loadDocument('004_fee82008326e4aee', '../../../../seeds/004_fee82008326e4aee.txt'),
  loadDocument('emoji-flash', 'input/emoji-flash.txt'),
];

const CONTEXT: ExportContext = { schema: DEFAULT_SCHEMA, source: 'layla', toolVersion: '0.1.0', exportedAt: '2024-06-02T10:00:00Z', offsets: 'codepoint' };

function span(overrides: Partial<Span> & Pick<Span, 'id' | 'label' | 'start' | 'end' | 'text'>): Span {
  return { prefix: '', suffix: '', attributes: {}, note: '', ...overrides };
}

function docWith(id: string, text: string, spans: readonly Span[], relations: Layer['relations'] = []): ExportDocument {
  const layer: Layer = { document: id, annotator: 'layla', textSha256: '', revision: 1, status: 'in_progress', spans, relations, rejected: [] };
  return { meta: meta(id, text), text, layer };
}

// ---------------------------------------------------------------------------------------------
// A small strict XML parser: enough of XML 1.0/1.1 and namespaces to check what the writer makes.

interface XmlElement {
  readonly name: string;
  readonly attributes: ReadonlyMap<string, string>;
  readonly children: readonly XmlElement[];
  readonly text: string;
}

function isChar(cp: number, version: string): boolean {
  if (cp === 0 || (cp >= 0xd800 && cp <= 0xdfff) || cp === 0xfffe || cp === 0xffff || cp > 0x10ffff) return false;
  if (version === '1.0') return cp === 0x9 || cp === 0xa || cp === 0xd || cp >= 0x20;
  return true;
}

/** XML 1.1 "restricted" characters, which may appear only as character references. */
function isRestricted(cp: number): boolean {
  return (cp >= 0x1 && cp <= 0x8) || cp === 0xb || cp === 0xc || (cp >= 0xe && cp <= 0x1f) || (cp >= 0x7f && cp <= 0x84) || (cp >= 0x86 && cp <= 0x9f);
}

function isNameChar(c: string, first: boolean): boolean {
  const letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c === '_' || c === ':';
  return first ? letter : letter || (c >= '0' && c <= '9') || c === '-' || c === '.';
}

function parseXml(source: string): { version: string; root: XmlElement } {
  let at = 0;
  const fail = (message: string): never => {
    throw new Error(`${message} at ${at}: ${JSON.stringify(source.slice(Math.max(0, at - 20), at + 20))}`);
  };
  const declaration = '<?xml version="';
  if (!source.startsWith(declaration)) fail('no XML declaration');
  const version = source.slice(declaration.length, declaration.length + 3);
  if (version !== '1.0' && version !== '1.1') fail('unknown version');
  const declEnd = `${declaration}${version}" encoding="UTF-8"?>`;
  if (!source.startsWith(declEnd)) fail('malformed declaration');
  at = declEnd.length;
  for (const ch of source) {
    const cp = ch.codePointAt(0) as number;
    if (!isChar(cp, version) || (version === '1.1' && isRestricted(cp))) fail(`character U+${cp.toString(16)} not allowed literally`);
  }
  const skipSpace = (): void => {
    while (at < source.length && ' \t\r\n'.includes(source.charAt(at))) at++;
  };
  const name = (): string => {
    const from = at;
    if (!isNameChar(source.charAt(at), true)) fail('bad name start');
    while (at < source.length && isNameChar(source.charAt(at), false)) at++;
    return source.slice(from, at);
  };
  const reference = (): string => {
    const end = source.indexOf(';', at);
    if (end < 0 || end - at > 12) fail('unterminated reference');
    const body = source.slice(at + 1, end);
    at = end + 1;
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (body in named) return named[body] as string;
    let cp = Number.NaN;
    if (body.startsWith('#x') && [...body.slice(2)].every((c) => '0123456789abcdefABCDEF'.includes(c)) && body.length > 2) cp = Number.parseInt(body.slice(2), 16);
    else if (body.startsWith('#') && [...body.slice(1)].every((c) => c >= '0' && c <= '9') && body.length > 1) cp = Number(body.slice(1));
    if (!Number.isInteger(cp) || !isChar(cp, version)) fail(`bad reference &${body};`);
    return String.fromCodePoint(cp);
  };
  const element = (): XmlElement => {
    if (source.charAt(at) !== '<') fail('expected <');
    at++;
    const tag = name();
    const attributes = new Map<string, string>();
    for (;;) {
      const before = at;
      skipSpace();
      if (source.startsWith('/>', at)) {
        at += 2;
        return { name: tag, attributes, children: [], text: '' };
      }
      if (source.charAt(at) === '>') {
        at++;
        break;
      }
      if (at === before) fail('attributes must be separated by white space');
      const attribute = name();
      if (attributes.has(attribute)) fail(`repeated attribute ${attribute}`);
      if (source.charAt(at) !== '=') fail('expected =');
      at++;
      const quote = source.charAt(at);
      if (quote !== '"' && quote !== "'") fail('expected a quote');
      at++;
      let value = '';
      while (source.charAt(at) !== quote) {
        if (at >= source.length) fail('unterminated attribute value');
        const c = source.charAt(at);
        if (c === '<') fail('< in an attribute value');
        if (c === '&') value += reference();
        else {
          // Attribute-value normalisation: a literal tab or line break reads as a space.
          value += c === '\t' || c === '\n' || c === '\r' ? ' ' : c;
          at++;
        }
      }
      at++;
      attributes.set(attribute, value);
    }
    const children: XmlElement[] = [];
    let text = '';
    for (;;) {
      if (at >= source.length) fail(`unclosed <${tag}>`);
      if (source.startsWith('</', at)) {
        at += 2;
        if (name() !== tag) fail(`mismatched end tag for <${tag}>`);
        skipSpace();
        if (source.charAt(at) !== '>') fail('expected >');
        at++;
        return { name: tag, attributes, children, text };
      }
      const c = source.charAt(at);
      if (c === '<') children.push(element());
      else if (c === '&') text += reference();
      else {
        if (source.startsWith(']]>', at)) fail(']]> in text');
        text += c;
        at++;
      }
    }
  };
  skipSpace();
  const root = element();
  skipSpace();
  if (at !== source.length) fail('content after the root element');
  return { version, root };
}

async function jsdomParse(source: string): Promise<string | undefined> {
  const specifier = 'jsdom';
  const { JSDOM } = (await import(/* @vite-ignore */ specifier)) as { JSDOM: new (html: string) => { window: { DOMParser: new () => { parseFromString(s: string, type: string): Document } } } };
  const parsed = new new JSDOM('').window.DOMParser().parseFromString(source, 'application/xml');
  return parsed.getElementsByTagName('parsererror')[0]?.textContent ?? undefined;
}

// ---------------------------------------------------------------------------------------------
// Reading an XMI back: type names from namespace URIs, and a type system from TypeSystem.xml.

interface ReadXmi {
  readonly version: string;
  readonly sofa: string;
  /** Every feature structure element but cas:NULL, cas:Sofa and cas:View, with its UIMA type name. */
  readonly fs: readonly { readonly type: string; readonly attributes: ReadonlyMap<string, string> }[];
  readonly members: readonly string[];
}

function readXmi(source: string): ReadXmi {
  const { version, root } = parseXml(source);
  expect(root.name).toBe('xmi:XMI');
  expect(root.attributes.get('xmi:version')).toBe('2.0');
  const namespaces = new Map<string, string>();
  for (const [attribute, value] of root.attributes) if (attribute.startsWith('xmlns:')) namespaces.set(attribute.slice(6), value);
  const typeOf = (element: XmlElement): string => {
    const [prefix, local] = element.name.split(':') as [string, string];
    const uri = namespaces.get(prefix);
    if (uri === undefined) throw new Error(`unbound prefix ${prefix}`);
    expect(uri.startsWith('http:///') && uri.endsWith('.ecore')).toBe(true);
    return `${uri.slice('http:///'.length, -'.ecore'.length).split('/').join('.')}.${local}`;
  };
  let sofa: string | undefined;
  let members: string[] = [];
  const fs: { type: string; attributes: ReadonlyMap<string, string> }[] = [];
  for (const child of root.children) {
    const type = typeOf(child);
    if (type === 'uima.cas.NULL') expect(child.attributes.get('xmi:id')).toBe('0');
    else if (type === 'uima.cas.Sofa') {
      expect(Object.fromEntries([...child.attributes].filter(([k]) => k !== 'sofaString'))).toEqual({ 'xmi:id': '1', sofaNum: '1', sofaID: '_InitialView', mimeType: 'text' });
      sofa = child.attributes.get('sofaString');
    } else if (type === 'uima.cas.View') {
      expect(child.attributes.get('sofa')).toBe('1');
      members = (child.attributes.get('members') ?? '').split(' ');
    } else fs.push({ type, attributes: child.attributes });
  }
  if (sofa === undefined) throw new Error('no sofa');
  return { version, sofa, fs, members };
}

interface TypeDef {
  readonly supertype: string;
  readonly features: ReadonlyMap<string, { readonly range: string; readonly element?: string }>;
}

const BUILT_IN: ReadonlyMap<string, TypeDef> = new Map([
  ['uima.cas.TOP', { supertype: '', features: new Map() }],
  ['uima.cas.AnnotationBase', { supertype: 'uima.cas.TOP', features: new Map([['sofa', { range: 'uima.cas.Sofa' }]]) }],
  ['uima.tcas.Annotation', { supertype: 'uima.cas.AnnotationBase', features: new Map([['begin', { range: 'uima.cas.Integer' }], ['end', { range: 'uima.cas.Integer' }]]) }],
  ['uima.tcas.DocumentAnnotation', { supertype: 'uima.tcas.Annotation', features: new Map([['language', { range: 'uima.cas.String' }]]) }],
]);
const PRIMITIVES = new Set(['uima.cas.String', 'uima.cas.Integer', 'uima.cas.Float', 'uima.cas.Boolean']);

function readTypeSystem(source: string): Map<string, TypeDef> {
  const { root } = parseXml(source);
  expect(root.name).toBe('typeSystemDescription');
  expect(root.attributes.get('xmlns')).toBe('http://uima.apache.org/resourceSpecifier');
  const child = (e: XmlElement, name: string): XmlElement | undefined => e.children.find((c) => c.name === name);
  const types = new Map<string, TypeDef>(BUILT_IN);
  for (const t of child(root, 'types')?.children ?? []) {
    const name = child(t, 'name')?.text as string;
    expect(types.has(name), `type ${name} declared twice`).toBe(false);
    const features = new Map<string, { range: string; element?: string }>();
    for (const f of child(t, 'features')?.children ?? []) {
      const element = child(f, 'elementType')?.text;
      features.set(child(f, 'name')?.text as string, { range: child(f, 'rangeTypeName')?.text as string, ...(element === undefined ? {} : { element }) });
    }
    types.set(name, { supertype: child(t, 'supertypeName')?.text as string, features });
  }
  return types;
}

function subsumes(types: ReadonlyMap<string, TypeDef>, general: string, type: string): boolean {
  for (let t: string | undefined = type; t !== undefined && t !== ''; t = types.get(t)?.supertype) if (t === general) return true;
  return false;
}

function featureOf(types: ReadonlyMap<string, TypeDef>, type: string, feature: string): { range: string; element?: string } | undefined {
  for (let t: string | undefined = type; t !== undefined && t !== ''; t = types.get(t)?.supertype) {
    const found = types.get(t)?.features.get(feature);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** UTF-16 offset of a code point offset: the test's oracle, independent of CodePointIndex. */
function u16(text: string, cp: number): number {
  return [...text].slice(0, cp).join('').length;
}

// ---------------------------------------------------------------------------------------------

const result = serializeXmi(DOCS, CONTEXT);
const file = (path: string): string => result.files.find((f) => f.path === path)?.content ?? '';
const TYPES = readTypeSystem(file(TYPE_SYSTEM_FILE));

function golden(relative: string, actual: string): void {
  const url = new URL(relative, GOLDEN);
  if (UPDATE) writeFileSync(url, actual);
  expect(existsSync(url), `${relative} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
  expect(actual).toBe(readFileSync(url, 'utf8'));
}

describe('xmiFormat', () => {
  it('is the export-only xmi adapter writing one .xmi per document and one TypeSystem.xml', () => {
    expect(xmiFormat.name).toBe('xmi');
    expect(xmiFormat.lossless).toBe(false);
    expect(xmiFormat.parse).toBeUndefined();
    expect(xmiFormat.serialize(DOCS, CONTEXT)).toEqual(result);
    expect(result.files.map((f) => f.path)).toEqual(['000_7db2a034c338d373.xmi', '004_fee82008326e4aee.xmi', 'emoji-flash.xmi', TYPE_SYSTEM_FILE]);
  });

  it.each([...DOCS.map((d) => `${d.meta.id}.xmi`), TYPE_SYSTEM_FILE])('writes %s byte for byte as the golden file', (path) => {
    golden(path, file(path));
  });

  it('keeps everything of the default schema and the fixtures: the only loss-free export reports nothing', () => {
    expect(result.losses).toEqual([]);
  });

  it.each(result.files.map((f) => f.path))('%s is well-formed XML 1.0 for the strict parser here and for jsdom', async (path) => {
    const content = file(path);
    expect(parseXml(content).version).toBe('1.0');
    expect(await jsdomParse(content)).toBeUndefined();
  });

  it.each(DOCS.map((d) => d.meta.id))('%s: the sofa is the text, and every span sits at its UTF-16 offsets', (id) => {
    const d = DOCS.find((x) => x.meta.id === id) as ExportDocument;
    const xmi = readXmi(file(`${id}.xmi`));
    expect(xmi.sofa).toBe(d.text);
    const custom = xmi.fs.filter((f) => f.type.startsWith('webanno.custom.') && f.attributes.has('begin') && !f.attributes.has('Governor'));
    expect(custom).toHaveLength(d.layer.spans.length);
    for (const s of d.layer.spans) {
      const begin = u16(d.text, s.start);
      const end = u16(d.text, s.end);
      const found = custom.find((f) => f.type === `webanno.custom.${s.label}` && f.attributes.get('begin') === String(begin) && f.attributes.get('end') === String(end));
      expect(found, `${id} ${s.id}`).toBeDefined();
      expect(xmi.sofa.slice(begin, end)).toBe(s.text);
      expect(found?.attributes.get('note') ?? '').toBe(s.note);
    }
    const metaData = xmi.fs.find((f) => f.type === DOCUMENT_META_DATA);
    expect(Object.fromEntries(metaData?.attributes ?? [])).toEqual({
      'xmi:id': '2',
      sofa: '1',
      begin: '0',
      end: String(d.text.length),
      language: 'ar',
      documentTitle: `${id}.txt`,
      documentId: id,
      documentUri: `hashiya:/${id}`,
      collectionId: 'layla',
      documentBaseUri: 'hashiya:/',
      isLastSegment: 'false',
    });
  });

  it('emoji document: offsets after 🔴 shift by one UTF-16 unit, after 🇸🇾 by three; slicing the JS string of the sofa gives each span', () => {
    const d = DOCS.find((x) => x.meta.id === 'emoji-flash') as ExportDocument;
    const xmi = readXmi(file('emoji-flash.xmi'));
    const at = (type: string, text: string): { begin: number; end: number } => {
      const f = xmi.fs.find((x) => x.type === type && xmi.sofa.slice(Number(x.attributes.get('begin')), Number(x.attributes.get('end'))) === text);
      return { begin: Number(f?.attributes.get('begin')), end: Number(f?.attributes.get('end')) };
    };
    const place = d.layer.spans.find((s) => s.id === 's2') as Span; // حي العمال, after 🔴
    expect(at('webanno.custom.Place', 'حي العمال')).toEqual({ begin: place.start + 1, end: place.end + 1 });
    const actor = d.layer.spans.find((s) => s.id === 's4') as Span; // on the line after 🇸🇾
    expect(at('webanno.custom.Actor', 'المرصد السوري لحقوق الإنسان')).toEqual({ begin: actor.start + 3, end: actor.end + 3 });
    const crossing = d.layer.spans.find((s) => s.id === 's5') as Span;
    expect(at('webanno.custom.Place', 'محافظة\nدير الزور')).toEqual({ begin: crossing.start + 3, end: crossing.end + 3 });
    expect(at(TOKEN, '🇸🇾')).toEqual({ begin: 56, end: 60 });
    // Markup characters, quotes and line breaks survive escaping, in the text and in values.
    expect(file('emoji-flash.xmi')).toContain('إن &quot;القصف &amp; الاشتباكات&quot; استمرت &lt;24 ساعة&gt; في محافظة&#10;دير الزور');
    const observatory = xmi.fs.find((x) => x.type === 'webanno.custom.Actor');
    expect(observatory?.attributes.get('canonical_name')).toBe('Syrian Observatory for Human Rights "SOHR" & <monitors>');
    expect(xmi.fs.find((x) => x.attributes.get('note') !== undefined)?.attributes.get('note')).toBe('the name crosses a line break;\n<keep> it & "quote" it');
  });

  it('writes DKPro sentences and tokens; no sentence boundary cuts a span', () => {
    for (const d of DOCS) {
      const xmi = readXmi(file(`${d.meta.id}.xmi`));
      const ranges = (type: string): [number, number][] => xmi.fs.filter((f) => f.type === type).map((f) => [Number(f.attributes.get('begin')), Number(f.attributes.get('end'))]);
      const tokens = ranges(TOKEN);
      const sentences = ranges(SENTENCE);
      expect(tokens.length).toBeGreaterThan(0);
      for (const [b, e] of tokens) expect(xmi.sofa.slice(b, e)).toMatch(/^\S+$/u);
      for (const s of d.layer.spans) {
        const b = u16(d.text, s.start);
        const e = u16(d.text, s.end);
        expect(sentences.some(([sb, se]) => sb <= b && e <= se), `${d.meta.id} ${s.id}`).toBe(true);
      }
    }
    expect(readXmi(file('000_7db2a034c338d373.xmi')).fs.filter((f) => f.type === SENTENCE)).toHaveLength(14);
  });

  it('declares every type and feature used, and every reference points at a feature structure of its range', () => {
    for (const d of DOCS) {
      const xmi = readXmi(file(`${d.meta.id}.xmi`));
      const byId = new Map(xmi.fs.map((f) => [f.attributes.get('xmi:id') as string, f]));
      for (const f of xmi.fs) {
        expect(TYPES.has(f.type), f.type).toBe(true);
        for (const [attribute, value] of f.attributes) {
          if (attribute === 'xmi:id') continue;
          const feature = featureOf(TYPES, f.type, attribute);
          expect(feature, `${f.type}.${attribute}`).toBeDefined();
          const range = feature?.range as string;
          if (attribute === 'sofa') expect(value).toBe('1');
          else if (range === 'uima.cas.Integer') expect(value).toMatch(/^-?\d+$/);
          else if (range === 'uima.cas.Boolean') expect(['true', 'false']).toContain(value);
          else if (range === 'uima.cas.Float') expect(Number.isFinite(Number(value))).toBe(true);
          else if (range === 'uima.cas.FSArray') {
            for (const id of value.split(' ')) expect(byId.get(id)?.type).toBe(feature?.element);
          } else if (!PRIMITIVES.has(range)) {
            const target = byId.get(value);
            expect(target, `${f.type}.${attribute} → ${value}`).toBeDefined();
            expect(subsumes(TYPES, range, target?.type as string), `${target?.type} is a ${range}`).toBe(true);
          }
        }
      }
      // The view indexes every annotation, and nothing else (link feature structures are reached through their host).
      const annotations = xmi.fs.filter((f) => subsumes(TYPES, 'uima.tcas.Annotation', f.type)).map((f) => f.attributes.get('xmi:id'));
      expect(xmi.members).toEqual(annotations);
      expect(new Set(xmi.fs.map((f) => f.attributes.get('xmi:id'))).size).toBe(xmi.fs.length);
    }
  });

  it('types the layers as INCEpTION recognises them (TypeSystemAnalysis): span layers, slot links, relation layers', () => {
    const restricted = ['address', 'begin', 'end', 'coveredText', 'CAS', 'class', 'sofa', 'type', 'view'];
    for (const [name, type] of TYPES) {
      if (!name.startsWith('webanno.custom.')) continue;
      for (const feature of type.features.keys()) {
        expect(feature).toMatch(/^[A-Za-z][A-Za-z0-9_]*$/);
        expect(feature.includes('__')).toBe(false);
        expect(restricted).not.toContain(feature);
      }
      const references = [...type.features].filter(([, f]) => !PRIMITIVES.has(f.range));
      if (type.supertype === 'uima.cas.TOP') {
        // A link (slot) type: exactly a String role and a non-primitive target.
        expect([...type.features.keys()]).toEqual(['role', 'target']);
        expect(type.features.get('role')?.range).toBe('uima.cas.String');
        expect(subsumes(TYPES, 'uima.tcas.Annotation', type.features.get('target')?.range as string)).toBe(true);
        continue;
      }
      expect(type.supertype).toBe('uima.tcas.Annotation');
      if (type.features.has('Governor')) {
        expect(references.map(([n]) => n)).toEqual(['Governor', 'Dependent']);
        expect(type.features.get('Governor')?.range).toBe(type.features.get('Dependent')?.range);
      } else {
        for (const [, f] of references) {
          expect(f.range).toBe('uima.cas.FSArray');
          expect(TYPES.get(f.element as string)?.supertype).toBe('uima.cas.TOP');
        }
      }
    }
    expect(TYPES.get('webanno.custom.located_at')?.features.get('Governor')?.range).toBe('uima.tcas.Annotation');
    expect(TYPES.get('webanno.custom.part_of')?.features.get('Governor')?.range).toBe('webanno.custom.Actor');
    expect(TYPES.get('webanno.custom.LocatedIn')?.features.get('Dependent')?.range).toBe('webanno.custom.Place');
    expect(TYPES.get('webanno.custom.CasualtyCount')?.features.get('affected_party')).toEqual({ range: 'uima.cas.FSArray', element: 'webanno.custom.CasualtyCountAffected_partyLink' });
    expect(TYPES.get('webanno.custom.CasualtyCountAffected_partyLink')?.features.get('target')?.range).toBe('webanno.custom.Actor');
    expect(TYPES.get('webanno.custom.CasualtyCount')?.features.get('value')?.range).toBe('uima.cas.Integer');
    expect(TYPES.get('webanno.custom.Event')?.features.get('intensity')?.range).toBe('uima.cas.Integer');
    expect(TYPES.get('webanno.custom.Event')?.features.get('weapon')?.range).toBe('uima.cas.String');
    expect(TYPES.get(DOCUMENT_META_DATA)?.supertype).toBe('uima.tcas.DocumentAnnotation');
  });

  it('writes references as links and relations with the dependent’s offsets', () => {
    const d = DOCS.find((x) => x.meta.id === '000_7db2a034c338d373') as ExportDocument;
    const xmi = readXmi(file(`${d.meta.id}.xmi`));
    const byId = new Map(xmi.fs.map((f) => [f.attributes.get('xmi:id') as string, f]));
    const covered = (id: string | undefined): string => {
      const f = byId.get(id as string);
      return xmi.sofa.slice(Number(f?.attributes.get('begin')), Number(f?.attributes.get('end')));
    };
    const casualty = xmi.fs.find((f) => f.type === 'webanno.custom.CasualtyCount' && f.attributes.has('affected_party'));
    const link = byId.get(casualty?.attributes.get('affected_party') as string);
    expect(link?.attributes.get('role')).toBe('affected_party');
    expect(covered(link?.attributes.get('target'))).toBe('القوات الأمريكية');
    const located = xmi.fs.find((f) => f.type === 'webanno.custom.LocatedIn');
    expect(covered(located?.attributes.get('Governor'))).toBe('دير الزور');
    expect(covered(located?.attributes.get('Dependent'))).toBe('ريف دير الزور الشرقي');
    expect([located?.attributes.get('begin'), located?.attributes.get('end')]).toEqual(['325', '345']);
    expect(casualty?.attributes.get('value')).toBe('5');
    expect(xmi.fs.find((f) => f.attributes.get('asserted_zero') !== undefined)?.attributes.get('asserted_zero')).toBe('true');
  });

  it('writes XML 1.1 for control characters XML 1.0 forbids, U+FFFD for what no XML carries, and reports both', async () => {
    const text = 'عاجل\u000Cقصف\u0000 🔴 على دير الزور';
    const place = span({ id: 's1', label: 'Place', start: 16, end: 25, text: 'دير الزور' });
    const out = serializeXmi([docWith('controls', text, [place])], CONTEXT);
    const content = out.files[0]?.content as string;
    expect(content.startsWith('<?xml version="1.1" encoding="UTF-8"?>\n')).toBe(true);
    expect(content).toContain('sofaString="عاجل&#12;قصف\uFFFD 🔴 على دير الزور"');
    const xmi = readXmi(content);
    expect(xmi.version).toBe('1.1');
    expect(xmi.sofa).toBe(text.replace('\u0000', '\uFFFD'));
    const written = xmi.fs.find((f) => f.type === 'webanno.custom.Place');
    expect(xmi.sofa.slice(Number(written?.attributes.get('begin')), Number(written?.attributes.get('end')))).toBe('دير الزور');
    expect(out.losses).toEqual([
      { document: 'controls', message: 'U+0000 at UTF-16 offset 8 of the text written as U+FFFD: XML cannot carry it (every offset is kept)' },
      { document: 'controls', message: 'written as XML 1.1: the text holds control characters XML 1.0 cannot carry (nothing is lost; import with INCEpTION\'s "UIMA CAS XMI (XML 1.1)" format)' },
    ]);
    expect(await jsdomParse(file(TYPE_SYSTEM_FILE))).toBeUndefined();
  });

  it('reports what it cannot write as stored: orphans, dangling references and relations, values that do not fit, renamed names', () => {
    const text = 'قال المرصد إن 3 مدنيين قتلوا في دير الزور.';
    const doc = docWith(
      'odd',
      text,
      [
        span({ id: 's1', label: 'Actor', start: 4, end: 10, text: 'المرصد' }),
        span({ id: 's2', label: 'CasualtyCount', start: 14, end: 22, text: '3 مدنيين', attributes: { value: 'three', asserted_zero: 'no', affected_party: 's9', reported_by: 's1' } }),
        span({ id: 's3', label: 'Place', start: 32, end: 41, text: 'حلب' }),
        span({ id: 's4', label: 'Armed-group', start: 4, end: 10, text: 'المرصد', attributes: { type: 'monitor', 'share-': 0.1 } }),
      ],
      [
        { id: 'r1', type: 'located_at', from: 's2', to: 's3' },
        { id: 'r2', type: 'part_of', from: 's1', to: 's7' },
      ],
    );
    const out = serializeXmi([doc], CONTEXT);
    expect(out.losses.map((l) => [l.document, l.message])).toEqual([
      ['', 'label "Armed-group" is the UIMA type webanno.custom.Armed_group (type names hold ASCII letters, digits and single _)'],
      ['', 'attribute "share-" of label "Armed-group" is the feature share of webanno.custom.Armed_group (INCEpTION feature names hold ASCII letters, digits and single _, and not address, begin, end, ...)'],
      ['', 'attribute "type" of label "Armed-group" is the feature type_value of webanno.custom.Armed_group (INCEpTION feature names hold ASCII letters, digits and single _, and not address, begin, end, ...)'],
      ['odd', 'span s3 Place "حلب" (code points 32–41) not written: it does not anchor in the text (offsets 32–41 now yield "دير الزور", not the quote "حلب")'],
      ['odd', 'span s2 CasualtyCount "3 مدنيين" (code points 14–22): attribute value = "three" not written: the feature is an Integer'],
      ['odd', 'span s2 CasualtyCount "3 مدنيين" (code points 14–22): attribute asserted_zero = "no" not written: the feature is a Boolean'],
      ['odd', 'span s2 CasualtyCount "3 مدنيين" (code points 14–22): attribute affected_party = "s9" not written: it names no span written to this file'],
      ['odd', 'span s4 Armed-group "المرصد" (code points 4–10): attribute share- = 0.1 written to a Float feature, which holds it as 0.10000000149011612'],
      ['odd', 'relation r1 located_at s2 → s3 not written: span s3 is not written to this file'],
      ['odd', 'relation r2 part_of s1 → s7 not written: span s7 is not written to this file'],
    ]);
    const xmi = readXmi(out.files[0]?.content as string);
    const reported = xmi.fs.find((f) => f.type === 'webanno.custom.CasualtyCount');
    expect(reported?.attributes.has('reported_by')).toBe(true);
    expect(xmi.fs.find((f) => f.type === 'webanno.custom.Armed_group')?.attributes.get('type_value')).toBe('monitor');
    const types = readTypeSystem(out.files[1]?.content as string);
    expect(types.get('webanno.custom.Armed_group')?.features.get('share')?.range).toBe('uima.cas.Float');
  });
});
