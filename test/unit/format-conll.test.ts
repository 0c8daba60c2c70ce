import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fixtureMeta as meta, loadExportDocument as loadDocument } from '../fixtures/formats/conll/load';
import { describe, expect, it } from 'vitest';
import type { Layer, Span } from '../../shared/model';
import { DEFAULT_SCHEMA } from '../../shared/schema/default-schema';
import { checkAnchors } from '../../shared/corpus/anchoring';
import type { ExportContext, ExportDocument } from '../../shared/formats/format';
import { CONLL_DOCSTART, conllFormat, serializeConll } from '../../shared/formats/conll';
import { tokenize } from '../../shared/formats/arabic-tokens';
import { cpOccurrences } from '../fixtures/text/load';

// Golden CoNLL files for real layers on the seeds and on an emoji document. The inputs are in
// test/fixtures/formats/conll/input (see its README); the expected files beside them were checked
// by hand. Run with UPDATE_GOLDEN=1 to rewrite them after a deliberate change, then review the diff.

const FIXTURES = new URL('../fixtures/formats/conll/', import.meta.url);
const UPDATE = process.env.UPDATE_GOLDEN === '1';




const DOCS: readonly ExportDocument[] = [
  loadDocument('000_7db2a034c338d373', '../../../../seeds/000_7db2a034c338d373.txt'),
  loadDocument('004_fee82008326e4aee', '../../../../seeds/004_fee82008326e4aee.txt'),
  loadDocument('emoji-flash', 'input/emoji-flash.txt'),
];

const CONTEXT: ExportContext = {
  schema: DEFAULT_SCHEMA,
  source: 'layla',
  toolVersion: '0.1.0',
  exportedAt: '2024-06-02T10:00:00Z',
  offsets: 'codepoint',
};

function golden(relative: string, actual: string): void {
  const url = new URL(relative, FIXTURES);
  if (UPDATE) writeFileSync(url, actual);
  expect(existsSync(url), `${relative} is missing: run with UPDATE_GOLDEN=1 and review it`).toBe(true);
  expect(actual).toBe(readFileSync(url, 'utf8'));
}

function doc(id: string): ExportDocument {
  return DOCS.find((d) => d.meta.id === id) as ExportDocument;
}

function span(overrides: Partial<Span> & Pick<Span, 'id' | 'label' | 'start' | 'end' | 'text'>): Span {
  return { prefix: '', suffix: '', attributes: {}, note: '', ...overrides };
}

function withSpans(base: ExportDocument, spans: readonly Span[]): ExportDocument {
  const layer: Layer = { ...base.layer, spans, relations: [] };
  return { ...base, layer };
}

const result = serializeConll(DOCS, CONTEXT);
const file = (id: string): string => result.files.find((f) => f.path === `${id}.conll`)?.content ?? '';
const lossesOf = (id: string): string[] => result.losses.filter((l) => l.document === id).map((l) => l.message);
/** `token<TAB>tag` lines of a file, without header and blank lines. */
const rows = (content: string): string[][] =>
  content
    .split('\n')
    .filter((l) => l !== '' && l !== CONLL_DOCSTART)
    .map((l) => l.split('\t'));

describe('conll fixtures', () => {
  it('layers anchor in their texts and hold the cases under test', () => {
    for (const d of DOCS) expect(checkAnchors(d.layer.spans, d.text)).toEqual([]);
    const s000 = doc('000_7db2a034c338d373').layer.spans;
    expect(s000.find((s) => s.id === 's3')?.text).toBe('محافظة\nدير الزور');
    expect(cpOccurrences(doc('004_fee82008326e4aee').text, 'والعراقية')[0]).toBe(330);
  });
});

describe('conllFormat', () => {
  it('is the export-only, lossy conll adapter', () => {
    expect(conllFormat.name).toBe('conll');
    expect(conllFormat.lossless).toBe(false);
    expect(conllFormat.parse).toBeUndefined();
    expect(conllFormat.serialize(DOCS, CONTEXT)).toEqual(result);
    expect(result.files.map((f) => f.path)).toEqual(['000_7db2a034c338d373.conll', '004_fee82008326e4aee.conll', 'emoji-flash.conll']);
  });

  it.each(DOCS.map((d) => d.meta.id))('writes %s byte for byte as the golden file, with the golden losses', (id) => {
    golden(`${id}.conll`, file(id));
    golden(`${id}.losses.json`, `${JSON.stringify(lossesOf(id), null, 2)}\n`);
  });

  it('writes the CoNLL-2003 layout: header, one token and tag per line, blank line after every sentence', () => {
    const content = file('000_7db2a034c338d373');
    expect(content.startsWith(`${CONLL_DOCSTART}\n\nشهدت\tO\n`)).toBe(true);
    expect(content.endsWith('2021\tO\n.\tO\n\n')).toBe(true);
    expect(content.split('\n\n')).toHaveLength(1 + 14 + 1);
    for (const row of rows(content)) {
      expect(row).toHaveLength(2);
      expect(row[1]).toMatch(/^(O|[BI]-(Actor|Place|CasualtyCount|Claim|Event))$/);
    }
  });

  it('tags IOB2: B- starts every span, I- never follows O or another label', () => {
    for (const d of DOCS) {
      let previous = 'O';
      for (const [, tag] of rows(file(d.meta.id))) {
        if (tag?.startsWith('I-')) expect([`B-${tag.slice(2)}`, tag]).toContain(previous);
        previous = tag as string;
      }
    }
  });

  it('seed 000: the span across the line break is one entity in one sentence; the nested one is reported', () => {
    const content = file('000_7db2a034c338d373');
    expect(content).toContain('في\tO\nمحافظة\tB-Place\nدير\tI-Place\nالزور\tI-Place\n،\tO\n');
    expect(content).toContain('في\tO\nريف\tB-Place\nدير\tI-Place\nالزور\tI-Place\nالشرقي\tI-Place\n');
    const losses = lossesOf('000_7db2a034c338d373');
    expect(losses).toContain(
      'span s4 Place "دير الزور" (code points 91–100) not written: nested in span s3 Place "محافظة\\nدير الزور" (code points 84–100); ' +
        'IOB2 gives each token one tag and the span over more tokens is kept (its attribute values english_name=Deir ez-Zor, gazetteer_id=GeoNames:170794, level=city are not written either)',
    );
    expect(losses).toContain(
      'span s9 Place "دير الزور" (code points 329–338) not written: nested in span s8 Place "ريف دير الزور الشرقي" (code points 325–345); IOB2 gives each token one tag and the span over more tokens is kept',
    );
    // The claim starts after the clitic و of وقال: the whole token is tagged and the widening reported.
    expect(content).toContain('وقال\tB-Claim\nالبيان\tI-Claim\n:\tI-Claim\n"\tI-Claim\nلدينا\tI-Claim\n');
    expect(losses).toContain('span s13 Claim "قال البيان: \\"لدينا القدرة على الرد في حال تم است…" (code points 1112–1201) widened to whole tokens "وقال البيان: \\"لدينا القدرة على الرد في حال تم اس…" (1111–1201)');
    // What CoNLL never holds is counted once per document, not listed span by span.
    expect(losses.filter((l) => l.includes('note'))).toEqual(['1 note not written: CoNLL holds labels only']);
    expect(losses.some((l) => /^\d+ attribute values of \d+ spans not written: CoNLL holds labels only$/.test(l))).toBe(true);
    expect(losses.some((l) => l.includes('r2 LocatedIn') && l.endsWith('CoNLL holds no relations'))).toBe(true);
  });

  it('seed 004: a span inside a token is widened to it; of crossing spans the longer is kept', () => {
    const content = file('004_fee82008326e4aee');
    expect(content).toContain('السورية\tO\nوالعراقية\tB-Place\n.\tO\n');
    const losses = lossesOf('004_fee82008326e4aee');
    expect(losses).toContain('span s2 Place "العراق" (code points 331–337) widened to whole tokens "والعراقية" (330–339)');
    expect(losses).toContain('span s7 Place "ريف دير الزور الشرقي" (code points 840–860) widened to whole tokens "بريف دير الزور الشرقي" (839–860)');
    expect(losses).toContain(
      'span s6 Place "حقل العمر النفطي ومساكن الحقل" (code points 809–838) not written: it overlaps span s5 Claim "إن القذائف المدفعية سقطت في حقل العمر النفطي" (code points 781–825); IOB2 gives each token one tag and the span over more tokens is kept',
    );
    expect(losses).toContain(
      'span s9 Actor "كتائب سيد الشهداء" (code points 1454–1471) not written: nested in span s8 CasualtyCount "أربعة أعضاء من فصيل كتائب سيد الشهداء قتلوا" (code points 1434–1477); IOB2 gives each token one tag and the span over more tokens is kept (its attribute values actor_type=identity_militia are not written either)',
    );
    expect(content).toContain('النفطي\tI-Claim\nومساكن\tO\nالحقل\tO\nبريف\tB-Place\n');
  });

  it('emoji document: emoji are O tokens, offsets stay code points, the headline is its own sentence', () => {
    const content = file('emoji-flash');
    expect(content.startsWith(`${CONLL_DOCSTART}\n\n🔴\tO\nعاجل\tO\n|\tO\nمقتل\tO\n3\tB-CasualtyCount\nمدنيين\tI-CasualtyCount\nبقصف\tB-Event\n`)).toBe(true);
    expect(content).toContain('الزور\tI-Place\n🇸🇾\tO\n\nوقال\tO\n');
    const losses = lossesOf('emoji-flash');
    expect(losses).toContain('span s7 Event "قصف" (code points 24–27) widened to whole tokens "بقصف" (23–27)');
    expect(losses.filter((m) => m.includes(' not written: nested in '))).toEqual([
      'span s5 Place "محافظة\\nدير الزور" (code points 135–151) not written: nested in span s6 Claim "إن \\"القصف & الاشتباكات\\" استمرت <24 ساعة> في محاف…" (code points 91–151); IOB2 gives each token one tag and the span over more tokens is kept (its attribute values level=governorate and the note "the name crosses a line break;\\n<keep> it & \\"quote\\" it" are not written either)',
    ]);
  });

  it('writes every span on its tokens, B- on the first, or reports it as not written; reports every relation', () => {
    for (const d of DOCS) {
      const messages = lossesOf(d.meta.id);
      const tokens = tokenize(d.text);
      const tags = rows(file(d.meta.id)).map((r) => r[1]);
      expect(tags).toHaveLength(tokens.length);
      for (const s of d.layer.spans) {
        if (messages.some((m) => m.startsWith(`span ${s.id} `) && m.includes(' not written: '))) continue;
        const covered = tokens.flatMap((t, i) => (t.start < s.end && t.end > s.start ? [i] : []));
        expect(covered.map((i) => tags[i]), `${d.meta.id} ${s.id}`).toEqual(covered.map((_, k) => `${k === 0 ? 'B' : 'I'}-${s.label}`));
      }
      for (const r of d.layer.relations) expect(messages.some((m) => m.includes(`${r.id} ${r.type}`) && m.endsWith('CoNLL holds no relations'))).toBe(true);
    }
    const plain = withSpans(doc('000_7db2a034c338d373'), [span({ id: 's1', label: 'Place', start: 107, end: 112, text: 'سوريا' })]);
    const out = serializeConll([plain], CONTEXT);
    expect(out.losses).toEqual([]);
    expect(out.files[0]?.content).toContain('شرقي\tO\nسوريا\tB-Place\n.\tO\n\n');
  });

  it('does not write a span that no longer anchors, or one over white space only, and says why', () => {
    const base = doc('000_7db2a034c338d373');
    const out = serializeConll(
      [
        withSpans(base, [
          span({ id: 's1', label: 'Place', start: 107, end: 112, text: 'الشام' }),
          span({ id: 's2', label: 'Place', start: 2080, end: 2090, text: 'x' }),
          span({ id: 's3', label: 'Place', start: 90, end: 91, text: '\n' }),
        ]),
      ],
      CONTEXT,
    );
    expect(out.losses.map((l) => l.message)).toEqual([
      'span s1 Place "الشام" (code points 107–112) not written: it does not anchor in the text (offsets 107–112 now yield "سوريا", not the quote "الشام")',
      'span s2 Place "x" (code points 2080–2090) not written: it does not anchor in the text (offsets 2080–2090 run past the end of the text (2083 code points))',
      'span s3 Place "\\n" (code points 90–91) not written: it covers no token (only white space or format characters)',
    ]);
    expect(out.files[0]?.content).not.toContain('B-');
  });

  it('joins two sentences rather than cut a written span at a headline break, and keeps same-token ties deterministic', () => {
    const text = 'قصف على محافظة\nدير الزور\nوقال المرصد.';
    const d: ExportDocument = {
      meta: meta('wrap', text),
      text,
      layer: {
        document: 'wrap',
        annotator: 'layla',
        textSha256: '',
        revision: 1,
        status: 'in_progress',
        spans: [
          span({ id: 's2', label: 'Place', start: 8, end: 24, text: 'محافظة\nدير الزور' }),
          span({ id: 's1', label: 'Actor', start: 8, end: 24, text: 'محافظة\nدير الزور' }),
        ],
        relations: [],
        rejected: [],
      },
    };
    const out = serializeConll([d], CONTEXT);
    expect(out.files[0]?.content).toBe(`${CONLL_DOCSTART}\n\nقصف\tO\nعلى\tO\nمحافظة\tB-Actor\nدير\tI-Actor\nالزور\tI-Actor\n\nوقال\tO\nالمرصد\tO\n.\tO\n\n`);
    expect(out.losses.map((l) => l.message)).toEqual([
      'span s2 Place "محافظة\\nدير الزور" (code points 8–24) not written: it has the same tokens as span s1 Actor "محافظة\\nدير الزور" (code points 8–24); IOB2 gives each token one tag and the span over more tokens is kept',
    ]);
  });

  it('writes an empty document as the header alone, and a label with white space with _', () => {
    const empty: ExportDocument = { ...withSpans(doc('emoji-flash'), []), text: '', meta: meta('empty', '') };
    expect(serializeConll([empty], CONTEXT).files[0]?.content).toBe(`${CONLL_DOCSTART}\n\n`);
    const spaced = withSpans(doc('000_7db2a034c338d373'), [span({ id: 's1', label: 'Armed group', start: 107, end: 112, text: 'سوريا' })]);
    const out = serializeConll([spaced], CONTEXT);
    expect(out.files[0]?.content).toContain('سوريا\tB-Armed_group\n');
    expect(out.losses.map((l) => l.message)).toEqual(['span s1 Armed group "سوريا" (code points 107–112) written with the label Armed_group: a CoNLL tag holds no white space']);
  });
});
