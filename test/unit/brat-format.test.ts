import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Span } from '../../shared/model';
import { DEFAULT_SCHEMA } from '../../shared/corpus/manifest';
import { bratAnnotationConf, parseBratAnn, serializeBratAnn } from '../../shared/formats/brat';

const SEED_000 = readFileSync(new URL('../../seeds/000_7db2a034c338d373.txt', import.meta.url), 'utf8');
const SEED_004 = readFileSync(new URL('../../seeds/004_fee82008326e4aee.txt', import.meta.url), 'utf8');
/** Real annotations of seed 000 as brat writes them (T lines, then R, A, # and N lines). */
const ANN_000 = readFileSync(new URL('../fixtures/corpus/000_7db2a034c338d373.ann', import.meta.url), 'utf8');
const FILE = 'in/000_7db2a034c338d373.ann';

function asSpans(parsed: ReturnType<typeof parseBratAnn>): Span[] {
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.value.spans.map((s, i) => ({ id: `s${i + 1}`, label: s.label, start: s.start, end: s.end, text: s.text, prefix: '', suffix: '', attributes: {}, note: '' }));
}

describe('parseBratAnn', () => {
  it('reads the real annotations of seed 000 with exact offsets and quotes', () => {
    const parsed = parseBratAnn(ANN_000, SEED_000, FILE);
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.value.spans).toHaveLength(14);
    expect(parsed.value.spans[0]).toEqual({ label: 'Actor', start: 39, end: 55, text: 'القوات الأمريكية', sourceId: 'T1', line: 1 });
    // Across the hard line break: the .ann writes a space, the span keeps the newline.
    expect(parsed.value.spans[2]).toEqual({ label: 'Place', start: 84, end: 100, text: 'محافظة\nدير الزور', sourceId: 'T3', line: 3 });
    // Nested in T3, same type.
    expect(parsed.value.spans[3]).toEqual({ label: 'Place', start: 91, end: 100, text: 'دير الزور', sourceId: 'T4', line: 4 });
    expect(parsed.value.spans[10]).toMatchObject({ label: 'CasualtyCount', start: 1413, end: 1431, text: 'خمسة جنود أمريكيين' });
    expect(parsed.value.ignored).toEqual([
      { line: 15, kind: 'relation' },
      { line: 16, kind: 'attribute' },
      { line: 17, kind: 'note' },
      { line: 18, kind: 'normalization' },
    ]);
  });

  it('counts a BOM and every \\r, as brat does', () => {
    const raw = `\uFEFF${SEED_000.replace(/\n/g, '\r\n')}`;
    // دير الزور moves by 1 (BOM) + 1 (the \r of line 1); the span across the break grows by its \r.
    const ann = 'T1\tPlace 93 102\tدير الزور\nT2\tPlace 85 102\tمحافظة  دير الزور\nT3\tPlace 85 102\tمحافظة دير الزور\n';
    const parsed = parseBratAnn(ann, raw, FILE);
    expect(parsed.ok && parsed.value.spans.map((s) => [s.start, s.end, s.text])).toEqual([
      [93, 102, 'دير الزور'],
      [85, 102, 'محافظة\r\nدير الزور'],
      [85, 102, 'محافظة\r\nدير الزور'],
    ]);
    const unshifted = parseBratAnn('T1\tPlace 91 100\tدير الزور\n', raw, FILE);
    expect(unshifted.ok ? '' : unshifted.errors[0]?.message).toContain('with CRLF read as one line break and without a byte order mark');
  });

  it('counts code points: an emoji before a span, and says so when offsets were UTF-16', () => {
    const text = `🔥 ${SEED_004}`;
    const good = parseBratAnn('T1\tPlace 582 591\tدير الزور\n', text, FILE);
    expect(good.ok && good.value.spans[0]?.text).toBe('دير الزور');
    const utf16 = parseBratAnn('T1\tPlace 583 592\tدير الزور\n', text, FILE);
    expect(utf16).toEqual({
      ok: false,
      errors: [
        {
          file: FILE,
          line: 1,
          message:
            'text-bound T1 text "دير الزور" is not the text at 583–592, which is "ير الزور "; the offsets fit if counted ' +
            'in UTF-16 code units, but brat counts code points (an emoji or other astral character comes before this span)',
        },
      ],
    });
    const cut = parseBratAnn('T1\tPlace 1 4\t🔥 x\n', text, FILE);
    expect(cut.ok ? '' : cut.errors[0]?.message).toContain('offset 1 would fall inside a surrogate pair');
  });

  it.each([
    ['a discontinuous span', 'T1\tPlace 84 90;95 100\tمحافظة الزور', 'discontinuous (2 fragments "84 90;95 100"): only fragments that brat split at line breaks can be imported, and the gap here is "\\nدير "'],
    ['fragments whose text is not joined by one space', 'T1\tPlace 84 90;91 100\tمحافظة\u00a0دير الزور', 'is not the text at 84–90;91–100, which is "محافظة دير الزور"'],
    ['offsets out of range', 'T1\tPlace 2080 2090\tx', 'run past the end of the text (2083 code points'],
    ['a quote mismatch', 'T1\tPlace 91 100\tالميادين', 'text "الميادين" is not the text at 91–100, which is "دير الزور"'],
    ['an empty span', 'T1\tPlace 91 91\t', 'must end after it starts'],
    ['a missing tab', 'T1 Place 91 100 دير الزور', 'no tab after the annotation id'],
    ['malformed offsets', 'T1\tPlace 91\tدير الزور', 'malformed offsets "91"'],
    ['an unknown kind', 'X1\tsomething', 'unknown annotation kind "X"'],
    ['a bad id', 'Tx\tPlace 91 100\tدير الزور', '"Tx" is not a brat annotation id'],
  ])('names the line of %s', (_what, line, message) => {
    const ann = `T9\tActor 39 55\tالقوات الأمريكية\n${line}\n`;
    const parsed = parseBratAnn(ann, SEED_000, FILE);
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.errors).toHaveLength(1);
    expect(parsed.errors[0]).toMatchObject({ file: FILE, line: 2 });
    expect(parsed.errors[0]?.message).toContain(message);
  });

  it('reads a span that brat split at a line break as one span across it', () => {
    const parsed = parseBratAnn('T1\tPlace 84 90;91 100\tمحافظة دير الزور\n', SEED_000, FILE);
    expect(parsed.ok && parsed.value.spans).toEqual([
      { label: 'Place', start: 84, end: 100, text: 'محافظة\nدير الزور', sourceId: 'T1', line: 1 },
    ]);
    // Also the older one-fragment form with the newline written as a space.
    const single = parseBratAnn('T1\tPlace 84 100\tمحافظة دير الزور\n', SEED_000, FILE);
    expect(single.ok && single.value.spans[0]).toMatchObject({ start: 84, end: 100, text: 'محافظة\nدير الزور' });
  });

  it('names both lines of a duplicate id', () => {
    const parsed = parseBratAnn('T1\tActor 39 55\tالقوات الأمريكية\nT1\tPlace 91 100\tدير الزور\n', SEED_000, FILE);
    expect(parsed).toEqual({ ok: false, errors: [{ file: FILE, line: 2, message: 'annotation id T1 is used twice (first on line 1)' }] });
  });
});

describe('serializeBratAnn', () => {
  it('writes the fixture back byte for byte (T lines), a span across a line break as brat does: fragments', () => {
    const spans = asSpans(parseBratAnn(ANN_000, SEED_000, FILE));
    const tLines = ANN_000.split('\n').filter((l) => l.startsWith('T')).join('\n');
    expect(serializeBratAnn(spans, SEED_000)).toBe(`${tLines}\n`);
    expect(serializeBratAnn(spans, SEED_000).split('\n')[2]).toBe('T3\tPlace 84 90;91 100\tمحافظة دير الزور');
  });

  it('round-trips on both seeds: serialise then parse gives the same spans', () => {
    for (const [text, quotes] of [
      [SEED_000, ['دير الزور', 'المرصد السوري لحقوق الإنسان', 'في محافظة\nدير الزور']],
      [SEED_004, ['كوردستان 24', 'حقل العمر النفطي', 'بايدين', 'أربعة أعضاء']],
    ] as const) {
      const spans: Span[] = quotes.map((q, i) => {
        const start = [...text.slice(0, text.indexOf(q))].length;
        return { id: `s${i + 1}`, label: 'Place', start, end: start + [...q].length, text: q, prefix: '', suffix: '', attributes: {}, note: '' };
      });
      const back = asSpans(parseBratAnn(serializeBratAnn(spans, text), text, FILE));
      expect(back.map((s) => [s.start, s.end, s.text])).toEqual(spans.map((s) => [s.start, s.end, s.text]));
    }
  });

  it('writes code point offsets after an emoji', () => {
    const text = `🔥 ${SEED_004}`;
    const span: Span = { id: 's1', label: 'Place', start: 582, end: 591, text: 'دير الزور', prefix: '', suffix: '', attributes: {}, note: '' };
    expect(serializeBratAnn([span], text)).toBe('T1\tPlace 582 591\tدير الزور\n');
    expect(serializeBratAnn([], text)).toBe('');
  });
});

describe('bratAnnotationConf', () => {
  it('declares the labels and lets any span overlap any other, same type included (full file: format-brat.test.ts)', () => {
    const conf = bratAnnotationConf(DEFAULT_SCHEMA);
    const entities = conf.slice(conf.indexOf('[entities]\n'), conf.indexOf('\n\n[relations]'));
    expect(entities.split('\n').filter((l) => l !== '' && !l.startsWith('#'))).toEqual(['[entities]', 'Actor', 'Place', 'CasualtyCount', 'Claim']);
    expect(conf).toContain('\n[relations]\n# Any text-bound annotation may overlap any other in any way (contain, equal, cross), same type included.\n<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>\n');
    expect(conf).toContain('\n[events]\n\n[attributes]\n');
  });
});
