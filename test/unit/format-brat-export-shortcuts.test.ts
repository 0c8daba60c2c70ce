import { describe, expect, it } from 'vitest';
import type { Layer, Span } from '../../shared/model';
import { bratFormat } from '../../shared/formats/brat';
import type { ExportDocument } from '../../shared/formats/format';
import { DEFAULT_SCHEMA } from '../../shared/schema/default-schema';
import { FIXTURE_DOCUMENTS, fixtureContext } from '../fixtures/formats/brat/load';

// The brat adapter takes two shortcuts when it exports one document at a time (as the corpus
// export does): annotation.conf is made only when read and is reused for the same schema and the
// same values seen, and a span without line breaks is written as one fragment without walking its
// characters. Neither may change a byte.

/** `doc` with only `spans`, no relations. */
function withSpans(doc: ExportDocument, spans: readonly Span[]): ExportDocument {
  const layer: Layer = { ...doc.layer, spans, relations: [] };
  return { ...doc, layer };
}

function confOf(documents: readonly ExportDocument[], schema = DEFAULT_SCHEMA): string {
  const file = bratFormat.serialize(documents, { ...fixtureContext(), schema }).files.find((f) => f.path === 'annotation.conf');
  if (file === undefined) throw new Error('brat writes annotation.conf');
  return file.content;
}

/** A copy of the default schema: another object, so nothing made for the default schema is reused for it. */
function freshSchema(): typeof DEFAULT_SCHEMA {
  return structuredClone(DEFAULT_SCHEMA);
}

describe('brat annotation.conf, made when read and reused', () => {
  const [seed] = FIXTURE_DOCUMENTS as [ExportDocument];
  const casualty = (value: number, label = 'CasualtyCount'): Span => ({ ...(seed.layer.spans[0] as Span), id: 's1', label, attributes: { value } });
  const five = withSpans(seed, [casualty(5)]);
  const seven = withSpans(seed, [casualty(7)]);
  const unknownLabel = withSpans(seed, [casualty(5, 'Weapon')]);

  it('declares what each document saw, whatever was exported before with the same schema', () => {
    const fresh = [confOf([five], freshSchema()), confOf([seven], freshSchema()), confOf([unknownLabel], freshSchema()), confOf([five, seven], freshSchema())];
    expect(fresh[0]).toContain('value\tArg:CasualtyCount, Value:5\n');
    expect(fresh[1]).toContain('value\tArg:CasualtyCount, Value:7\n');
    expect(fresh[2]).toContain('Weapon\n');
    expect(fresh[3]).toContain('value\tArg:CasualtyCount, Value:5|7\n');
    // Now all with the one default schema object, in an order that would expose a reused stale text.
    for (let round = 0; round < 2; round++) {
      expect(confOf([five])).toBe(fresh[0]);
      expect(confOf([seven])).toBe(fresh[1]);
      expect(confOf([unknownLabel])).toBe(fresh[2]);
      expect(confOf([five, seven])).toBe(fresh[3]);
      expect(confOf([withSpans(seed, [])])).toBe(confOf([withSpans(seed, [])], freshSchema()));
    }
  });

  it('gives the same text each time it is read, also after later exports', () => {
    const file = bratFormat.serialize([five], fixtureContext()).files.find((f) => f.path === 'annotation.conf');
    bratFormat.serialize([seven], fixtureContext());
    expect(file?.content).toBe(confOf([five], freshSchema()));
    expect(file?.content).toBe(file?.content);
  });
});

describe('brat fragments of a span', () => {
  /** Every character at which Python's str.splitlines (brat's .ann reader) breaks a line. */
  const BREAKS = ['\n', '\r', '\u000b', '\u000c', '\u001c', '\u001d', '\u001e', '\u0085', '\u2028', '\u2029'];
  const [seed] = FIXTURE_DOCUMENTS as [ExportDocument];

  it('splits a span at each kind of line break, and keeps a span without one whole', () => {
    for (const br of BREAKS) {
      const text = `في محافظة${br}دير الزور 🇸🇾 ، و${br}${br}`;
      const span = (start: number, end: number, id: string): Span => ({ id, label: 'Place', start, end, text: [...text].slice(start, end).join(''), prefix: '', suffix: '', attributes: {}, note: '' });
      const doc: ExportDocument = { ...seed, text, meta: { ...seed.meta, length: [...text].length }, layer: { ...seed.layer, spans: [span(3, 19, 's1'), span(10, 22, 's2'), span(25, 27, 's3')], relations: [] } };
      const ann = bratFormat.serialize([doc], fixtureContext()).files[1]?.content;
      expect(ann, JSON.stringify(br)).toBe('T1\tPlace 3 9;10 19\tمحافظة دير الزور\nT2\tPlace 10 22\tدير الزور 🇸🇾\nT3\tPlace 25 26\tو\n#1\thashiya.extent T3\t25 27\n');
    }
  });
});
