import { describe, expect, it } from 'vitest';
import { readCasualtyCount, type CountReading } from '../../shared/numbers';
import { cpSlice, seed000, seed004 } from '../fixtures/text/load';

type Expected = Partial<Omit<CountReading, 'evidence'>> & { readonly evidence?: readonly string[] };

/** The reading of `span`, compared field by field; `evidence` as the texts it points at. */
function expectReading(span: string, expected: Expected | null): void {
  const r = readCasualtyCount(span);
  if (expected === null) {
    expect(r).toBeNull();
    return;
  }
  expect(r).not.toBeNull();
  const { evidence, ...fields } = expected;
  expect(r).toMatchObject(fields);
  if (evidence) expect((r as CountReading).evidence.map((e) => cpSlice(span, e.start, e.end))).toEqual(evidence);
}

const EXACT = { min: null, max: null, qualifier: 'exact', assertedZero: false, ambiguity: null } as const;

function fromSeed(seed: string, span: string, expected: Expected | null): void {
  it(`${span}`, () => {
    expect(seed.includes(span)).toBe(true);
    expectReading(span, expected);
  });
}

describe('readCasualtyCount on spans of seed 000', () => {
  fromSeed(seed000, 'عدة إصابات', {
    value: null,
    min: 3,
    max: null,
    qualifier: 'vague',
    outcome: 'injured',
    assertedZero: false,
    ambiguity: null,
    evidence: ['عدة'],
  });
  fromSeed(seed000, 'واحدة منها على الأقل', {
    value: 1,
    min: null,
    max: null,
    qualifier: 'at_least',
    outcome: null,
    evidence: ['واحدة', 'على الأقل'],
  });
  fromSeed(seed000, 'عدة قتلى وجرحى', { value: null, min: 3, qualifier: 'vague', outcome: 'killed_or_injured', evidence: ['عدة'] });
  fromSeed(seed000, 'مقتل متعاقد أمريكي', { ...EXACT, value: 1, outcome: 'killed', evidence: ['متعاقد'] });
  // The article says إصابة just before; the span alone states only the count.
  fromSeed(seed000, 'خمسة جنود أمريكيين', { ...EXACT, value: 5, outcome: null, evidence: ['خمسة'] });
  fromSeed(seed000, 'إصابة خمسة جنود أمريكيين', { ...EXACT, value: 5, outcome: 'injured', evidence: ['خمسة'] });
  fromSeed(seed000, 'لم تقع إصابات', {
    value: 0,
    qualifier: 'exact',
    outcome: 'injured',
    assertedZero: true,
    ambiguity: null,
    evidence: ['لم تقع إصابات'],
  });
  fromSeed(seed000, 'دون ورود معلومات عن خسائر بشرية', null);
  fromSeed(seed000, 'نحو 78 هجوما', null);
  fromSeed(seed000, 'لنحو 78 هجوما', null);
  fromSeed(seed000, '24 ساعة', null);
  fromSeed(seed000, 'آخر 24 ساعة', null);
  fromSeed(seed000, 'عام 2021', null);
  fromSeed(seed000, 'الجمعة', null);
  fromSeed(seed000, 'بثلاث قذائف', null);
  fromSeed(seed000, 'يوم واحد', null);
});

describe('readCasualtyCount on spans of seed 004', () => {
  fromSeed(seed004, 'أربعة أعضاء من فصيل كتائب سيد الشهداء قتلوا', {
    ...EXACT,
    value: 4,
    outcome: 'killed',
    evidence: ['أربعة'],
  });
  fromSeed(seed004, 'لا توجد إصابات', { value: 0, outcome: 'injured', assertedZero: true, evidence: ['لا توجد إصابات'] });
  fromSeed(seed004, 'الاثنين', null);
  fromSeed(seed004, 'ما لا يقل عن خمس هجمات', null);
  fromSeed(seed004, 'قبل خمسة أشهر', null);
  fromSeed(seed004, 'كوردستان 24', null);
  fromSeed(seed004, 'شباط فبراير 2021', null);
  fromSeed(seed004, 'بصواريخ عديدة', null);
  fromSeed(seed004, 'عدة قذائف مدفعية', null);
});

describe('readCasualtyCount on the CasualtyCount spans of the annotated fixture', () => {
  it('reads T10, T11 and T14 of test/fixtures/corpus/000_7db2a034c338d373.ann at their offsets', () => {
    expect(readCasualtyCount(cpSlice(seed000, 1062, 1076))).toMatchObject({ min: 3, qualifier: 'vague', outcome: 'killed_or_injured' });
    // The annotator set Outcome=injured on T11 from the context; the span text alone says nothing.
    expect(readCasualtyCount(cpSlice(seed000, 1413, 1431))).toMatchObject({ value: 5, qualifier: 'exact', outcome: null });
    expect(readCasualtyCount(cpSlice(seed000, 1736, 1749))).toMatchObject({ value: 0, assertedZero: true, outcome: 'injured' });
  });
});

describe('readCasualtyCount: every clause of the seeds', () => {
  it('reads a count only in the clauses that state one', () => {
    const read: Record<string, string> = {};
    for (const seed of [seed000, seed004]) {
      for (const clause of seed.split(/[.،؛\n]/u)) {
        const r = readCasualtyCount(clause);
        if (r) read[clause.trim()] = `${r.value}|${r.min}|${r.qualifier}|${r.outcome}|${r.assertedZero}|${r.ambiguity !== null}`;
      }
    }
    expect(read).toEqual({
      'إن عدة إصابات وقعت جراء القصف المتبادل': 'null|3|vague|injured|false|false',
      'واحدة منها على الأقل في الجانب الأمريكي': '1|null|at_least|null|false|false',
      'إن الضربات الأمريكية خلفت عدة قتلى وجرحى من المقاتلين': 'null|3|vague|killed_or_injured|false|false',
      'ردا على هجوم أسفر عن مقتل متعاقد أمريكي وإصابة خمسة جنود أمريكيين': 'null|null|vague|killed_or_injured|false|true',
      'قائلا إنه لم تقع إصابات في صفوف القوات الأمريكية': '0|null|exact|injured|true|false',
      '"لا توجد إصابات ويتم تقييم الأضرار': '0|null|exact|injured|true|false',
      'وتابع "لا توجد إصابات ويتم تقييم الأضرار': '0|null|exact|injured|true|false',
      'وذكرت الميليشيات العراقية المتحالفة مع إيران في بيان أن أربعة أعضاء من فصيل كتائب سيد الشهداء قتلوا في الهجوم على الحدود السورية العراقية':
        '4|null|exact|killed|false|false',
    });
  });
});

describe('readCasualtyCount: digits in three scripts, with bounds', () => {
  it.each([
    ['أكثر من ٣٠ قتيلا', 30, 'more_than', 'killed', ['أكثر من', '٣٠']],
    ['نحو ۱۵ جريحا', 15, 'approximately', 'injured', ['نحو', '۱۵']],
    ['ما لا يقل عن 12 قتيلا', 12, 'at_least', 'killed', ['ما لا يقل عن', '12']],
    ['5 قتلى على الأقل', 5, 'at_least', 'killed', ['5', 'على الأقل']],
    ['ما يزيد على ٢٠٠ جريح', 200, 'more_than', 'injured', ['ما يزيد على', '٢٠٠']],
    ['حوالي 1,500 نازح', 1500, 'approximately', null, ['حوالي', '1,500']],
    ['قرابة ألف قتيل', 1000, 'approximately', 'killed', ['قرابة', 'ألف']],
    ['حتى 40 مصابا', 40, 'up_to', 'injured', ['حتى', '40']],
    ['أقل من 10 قتلى', 9, 'up_to', 'killed', ['أقل من', '10']],
    ['بحوالي ۲٫۵ مليون لاجئ', 2_500_000, 'approximately', null, ['حوالي', '۲٫۵ مليون']],
  ] as const)('%s → %d %s %s', (span, value, qualifier, outcome, evidence) => {
    expectReading(span, { value, qualifier, outcome, min: null, max: null, ambiguity: null, evidence });
  });
});

describe('readCasualtyCount: duals and the dual/plural homograph', () => {
  it.each([
    ['مقتل جنديين', 2, 'killed', 'جنديين'],
    ['قتيلان', 2, 'killed', 'قتيلان'],
    ['سقوط قتيلين', 2, 'killed', 'قتيلين'],
    ['إصابة جريحين اثنين', 2, 'injured', 'جريحين'],
    ['مدنيان', 2, null, 'مدنيان'],
    ['أسر جنديين', 2, 'captured', 'جنديين'],
    ['إصابة مدنيَّيْن', 2, 'injured', 'مدنيَّيْن'],
    ['وقوع إصابتين', 2, 'injured', 'إصابتين'],
    ['أصيب شخصان', 2, 'injured', 'شخصان'],
  ] as const)('%s → %d', (span, value, outcome, evidence) => {
    expectReading(span, { ...EXACT, value, outcome, evidence: [evidence] });
  });

  it('flags مدنيين: two civilians or civilians, undecidable without harakat', () => {
    for (const span of ['إصابة مدنيين', 'مدنيين', 'مقتل المدنيين']) {
      const r = readCasualtyCount(span) as CountReading;
      expect(r).toMatchObject({ value: null, min: 2, max: null, qualifier: 'vague' });
      expect(r.ambiguity).toMatch(/dual/);
    }
    expect(readCasualtyCount('إصابة مدنيين')?.outcome).toBe('injured');
  });

  it('reads the plural when harakat say so, without a figure', () => {
    expectReading('إصابة مدنيِّين', { value: null, min: null, max: null, qualifier: 'vague', outcome: 'injured', ambiguity: null });
  });

  it('does not flag a homograph that is an adjective or a group named beside a count', () => {
    expectReading('مقتل جنديين أمريكيين', { ...EXACT, value: 2, evidence: ['جنديين'] });
    expectReading('ثلاثة مدنيين', { ...EXACT, value: 3 });
    expectReading('عشرات المدنيين', { value: null, min: 10, qualifier: 'vague', ambiguity: null });
    expectReading('يستهدف الأمريكيين', null);
  });
});

describe('readCasualtyCount: number words, hundreds, thousands, vague quantities', () => {
  it.each([
    ['ثلاثة وعشرون قتيلا', 23, 'killed', 'ثلاثة وعشرون'],
    ['ثلاثة وعشرين قتيلا', 23, 'killed', 'ثلاثة وعشرين'],
    ['أحد عشر جنديا', 11, null, 'أحد عشر'],
    ['إحدى عشرة امرأة', 11, null, 'إحدى عشرة'],
    ['مئة وخمسون شخصا', 150, null, 'مئة وخمسون'],
    ['ألفي قتيل', 2000, 'killed', 'ألفي'],
    ['ثلاثة آلاف قتيل', 3000, 'killed', 'ثلاثة آلاف'],
    ['مقتل أحد الجنود', 1, 'killed', 'أحد'],
    ['الجنود الثلاثة', 3, null, 'ثلاثة'],
    ['جندي واحد', 1, null, 'جندي'],
    ['فقدان ثلاثة صيادين', 3, 'missing', 'ثلاثة'],
    ['اختطاف صحفي', 1, 'captured', 'صحفي'],
    ['إصابة جندي', 1, 'injured', 'جندي'],
    ['مقتل 5 بينهم طفلان', 5, 'killed', '5'],
    ['ارتفع عدد القتلى إلى 30', 30, 'killed', '30'],
    ['مقتل وإصابة 12 شخصا', 12, 'killed_or_injured', '12'],
    ['استشهاد 5 فلسطينيين', 5, 'killed', '5'],
    ['خمسة شهداء', 5, 'killed', 'خمسة'],
    ['لقي 7 أشخاص حتفهم', 7, 'killed', '7'],
    ['ست إصابات', 6, 'injured', 'ست'],
  ] as const)('%s → %d', (span, value, outcome, evidence) => {
    expectReading(span, { ...EXACT, value, outcome, evidence: [evidence] });
  });

  it.each([
    ['مئات الجرحى', 100, null, 'injured', 'مئات'],
    ['عشرات القتلى', 10, null, 'killed', 'عشرات'],
    ['العشرات من المصابين', 10, null, 'injured', 'عشرات'],
    ['عشرات الآلاف من النازحين', 10_000, null, null, 'عشرات الآلاف'],
    ['آلاف القتلى', 1000, null, 'killed', 'آلاف'],
    ['بضعة جنود', 3, 9, null, 'بضعة'],
    ['بضع إصابات', 3, 9, 'injured', 'بضع'],
    ['العديد من الضحايا', 3, null, 'unspecified', 'العديد'],
    ['عدد من القتلى', 3, null, 'killed', 'عدد'],
    ['قتلى كثيرون', 3, null, 'killed', 'كثيرون'],
  ] as const)('%s → vague, min %d', (span, min, max, outcome, evidence) => {
    expectReading(span, { value: null, min, max, qualifier: 'vague', outcome, ambiguity: null, evidence: [evidence] });
  });

  it('reads a casualty plural without a number as vague, without bounds', () => {
    expectReading('سقوط قتلى', { value: null, min: null, max: null, qualifier: 'vague', outcome: 'killed', evidence: ['قتلى'] });
  });

  it('reads ranges', () => {
    expectReading('بين 10 و20 قتيلا', { value: null, min: 10, max: 20, qualifier: 'vague', outcome: 'killed', evidence: ['بين 10 و20'] });
    expectReading('3 أو 4 قتلى', { value: null, min: 3, max: 4, qualifier: 'vague', evidence: ['3 أو 4'] });
    expectReading('من 10 إلى 15 جريحا', { value: null, min: 10, max: 15, outcome: 'injured' });
  });

  it('flags بين before a compound: a range 5–20 or "among 25"', () => {
    const r = readCasualtyCount('بين خمسة وعشرين قتيلا') as CountReading;
    expect(r).toMatchObject({ value: null, min: 5, max: 25, qualifier: 'vague', outcome: 'killed' });
    expect(r.ambiguity).toMatch(/range/);
  });
});

describe('readCasualtyCount: clitics, harakat, tatweel', () => {
  it.each([
    ['بخمسة', 5, 'خمسة'],
    ['ولثلاثة', 3, 'ثلاثة'],
    ['لخمسة جنود', 5, 'خمسة'],
    ['خَمْسَةُ جـنود', 5, 'خَمْسَةُ'],
    ['خمسـة جنود', 5, 'خمسـة'],
    ['والجنود الثلاثة', 3, 'ثلاثة'],
  ] as const)('%s → %d', (span, value, evidence) => {
    expectReading(span, { ...EXACT, value, evidence: [evidence] });
  });

  it('finds cues behind clitics and diacritics', () => {
    expectReading('ومقتل خمسة', { value: 5, outcome: 'killed' });
    expectReading('أُصيب ثلاثة بجروح', { value: 3, outcome: 'injured' });
    expectReading('لِلقَتْلى الخَمْسة', { value: 5, outcome: 'killed' });
  });
});

describe('readCasualtyCount: zero versus unknown', () => {
  it.each([
    ['لم تقع إصابات', 'injured', 'لم تقع إصابات'],
    ['لا توجد إصابات', 'injured', 'لا توجد إصابات'],
    ['لم يسفر عن ضحايا', 'unspecified', 'لم يسفر عن ضحايا'],
    ['لم يسفر الهجوم عن وقوع إصابات', 'injured', 'لم يسفر الهجوم عن وقوع إصابات'],
    ['دون وقوع إصابات', 'injured', 'دون وقوع إصابات'],
    ['بلا خسائر بشرية', 'unspecified', 'لا خسائر بشرية'],
    ['ولم يصب أحد', 'injured', 'لم يصب أحد'],
    ['لم يُقتل أحد', 'killed', 'لم يُقتل أحد'],
  ] as const)('%s → asserted zero', (span, outcome, evidence) => {
    expectReading(span, { value: 0, qualifier: 'exact', assertedZero: true, outcome, ambiguity: null, evidence: [evidence] });
  });

  it.each(['دون ورود معلومات عن خسائر بشرية', 'لم ترد أنباء عن إصابات', 'لم يتضح عدد القتلى', 'دون أن يذكر تفاصيل'])(
    '%s → null (unknown, not zero)',
    (span) => expect(readCasualtyCount(span)).toBeNull(),
  );

  it('lets a homograph yield to an asserted zero', () => {
    expectReading('لم يصب أحد من المدنيين بجروح', { value: 0, assertedZero: true, ambiguity: null });
  });

  it('does not take لا of لا يقل عن as a negation', () => {
    expectReading('لا يقل عن 7 قتلى', { value: 7, qualifier: 'at_least', assertedZero: false, outcome: 'killed' });
  });
});

describe('readCasualtyCount: numbers that count no people', () => {
  it.each([
    'الاثنين',
    'يوم الاثنين',
    'الأحد',
    'الثلاثاء',
    'الأربعاء',
    'الخميس',
    'السبت',
    '24 ساعة',
    'عام 2021',
    'نحو 78 هجوما',
    'بثلاث قذائف',
    'كوردستان 24',
    'خمسة أشهر',
    'شباط فبراير 2021',
    'ثلاث غارات',
    'عشرة كيلومترات',
    'خمس أسر',
    'كتائب شهداء الأقصى',
    'قتل 5 دولارات',
    '',
    '،',
  ])('%s → null', (span) => expect(readCasualtyCount(span)).toBeNull());
});

describe('readCasualtyCount: more than one count', () => {
  it('flags the span and names the counts instead of summing them', () => {
    const r = readCasualtyCount('مقتل متعاقد أمريكي وإصابة خمسة جنود أمريكيين') as CountReading;
    expect(r).toMatchObject({ value: null, min: null, max: null, qualifier: 'vague', outcome: 'killed_or_injured' });
    expect(r.ambiguity).toContain('2 counts');
    expect(r.evidence.map((e) => cpSlice('مقتل متعاقد أمريكي وإصابة خمسة جنود أمريكيين', e.start, e.end))).toEqual(['متعاقد', 'خمسة']);
    expect(readCasualtyCount('قتيل وجريح')?.ambiguity).toContain('2 counts');
    expect(readCasualtyCount('قتيلان وثلاثة جرحى')?.ambiguity).toContain('2 counts');
  });
});
