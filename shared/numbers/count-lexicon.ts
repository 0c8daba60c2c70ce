/**
 * Every word list the casualty-count reader uses, in one place, by matching key (no harakat or
 * tatweel; أ إ آ → ا, ى → ي, ة → ه). Lookups go through `cliticReadings`, so the lists hold bare
 * forms: `للجنود`, `والمدنيين`, `بجروح` find `جنود`, `مدنيين`, `جروح`.
 *
 * Decisions recorded here:
 * - **Person nouns** are the closed list {@link PERSON_NOUNS} (victims, combatants, civilians,
 *   occupations, nationalities). After a number of 3 or more, any other word ending in ون/ين
 *   (a sound masculine plural, which Arabic uses for male humans) also counts as people.
 * - **Duals.** A dual ending ان is always two. A dual ending ين is two only when the noun's plural
 *   is not the sound masculine plural: `قتيلين`, `جنديين`, `جريحين` are two; `مدنيين`, `مصابين`,
 *   `عسكريين`, `أمريكيين` are "two X" or "X (plural)" and undecidable without harakat.
 * - **Non-person nouns** ({@link NON_PERSON_NOUNS}: time, attacks and weapons, places and
 *   vehicles, units, families and formations) make a number not a count of people.
 * - `شهيد/شهداء` gives "killed" only as the noun a count counts (`خمسة شهداء`): elsewhere it is
 *   too often part of a name (`كتائب سيد الشهداء`, `كتائب شهداء الأقصى`).
 * - `أسر` is read as "capture" only as a cue; as a counted noun it is "families" (`خمس أسر`).
 * - Arrests (`اعتقال`, `معتقلين`) are not "captured": ACLED codes arrests as their own event.
 */

import type { CountOutcome } from './count-reading';

/** How one form of a person noun counts. */
export interface PersonForm {
  readonly lemma: string;
  /** `dual-or-plural`: the ين form of a noun whose plural is the sound masculine plural. */
  readonly number: 'singular' | 'dual' | 'plural' | 'dual-or-plural';
  /** The outcome this noun states by itself (`قتيل` → killed), or null. */
  readonly outcome: CountOutcome | null;
  /** True for forms that state their outcome only as a counted noun (شهيد). */
  readonly headOnlyOutcome: boolean;
}

type Entry = readonly [singular: string, brokenPlurals: readonly string[], soundPlural: boolean, outcome?: CountOutcome];

/** Person nouns: singular, broken plurals, whether the plural is sound masculine (ون/ين), outcome. */
const PERSON_NOUNS: readonly Entry[] = [
  // Victims by outcome.
  ['قتيل', ['قتلي'], false, 'killed'],
  ['شهيد', ['شهداء'], false, 'killed'],
  ['جريح', ['جرحي'], false, 'injured'],
  ['مصاب', [], true, 'injured'],
  ['ضحيه', ['ضحايا'], false, 'unspecified'],
  ['مفقود', [], true, 'missing'],
  ['اسير', ['اسري'], false, 'captured'],
  ['رهينه', ['رهائن'], false, 'captured'],
  ['مختطف', [], true, 'captured'],
  // People in general.
  ['شخص', ['اشخاص'], false],
  ['فرد', ['افراد'], false],
  ['مدني', [], true],
  ['مواطن', [], true],
  ['ساكن', ['سكان'], false],
  ['طفل', ['اطفال'], false],
  ['طفله', ['طفلات'], false],
  ['امراه', ['نساء', 'نسوه'], false],
  ['رجل', ['رجال'], false],
  ['شاب', ['شبان', 'شباب'], false],
  ['فتاه', ['فتيات'], false],
  ['سيده', ['سيدات'], false],
  ['مسن', [], true],
  ['شقيق', ['اشقاء'], false],
  ['ابن', ['ابناء'], false],
  // Combatants and forces.
  ['جندي', ['جنود'], false],
  ['عسكري', ['عساكر'], true],
  ['ضابط', ['ضباط'], false],
  ['عنصر', ['عناصر'], false],
  ['عضو', ['اعضاء'], false],
  ['مقاتل', [], true],
  ['مسلح', [], true],
  ['مجند', [], true],
  ['شرطي', [], true],
  ['حارس', ['حراس'], false],
  ['قائد', ['قاده'], false],
  ['مستشار', [], true],
  ['خبير', ['خبراء'], false],
  ['مرتزق', ['مرتزقه'], false],
  ['ارهابي', [], true],
  ['متشدد', [], true],
  ['جهادي', [], true],
  ['طيار', [], true],
  ['بحار', ['بحاره'], false],
  ['متعاقد', [], true],
  ['مسؤول', [], true],
  ['دبلوماسي', [], true],
  // Occupations and groups of civilians.
  ['موظف', [], true],
  ['عامل', ['عمال'], false],
  ['طالب', ['طلاب'], false],
  ['تلميذ', ['تلاميذ'], false],
  ['مزارع', [], true],
  ['مسعف', [], true],
  ['طبيب', ['اطباء'], false],
  ['ممرض', [], true],
  ['صحفي', [], true],
  ['صحافي', [], true],
  ['ناشط', [], true],
  ['معلم', [], true],
  ['سائق', [], true],
  ['راكب', ['ركاب'], false],
  ['زائر', ['زوار'], false],
  ['لاجئ', [], true],
  ['نازح', [], true],
  ['مهاجر', [], true],
  ['مستوطن', [], true],
  ['متظاهر', [], true],
  ['محتج', [], true],
  ['مشيع', [], true],
  ['معتقل', [], true],
  // Nationalities and peoples (nisba adjectives, used as nouns).
  ['امريكي', ['امريكان'], true],
  ['اميركي', ['اميركان'], true],
  ['سوري', [], true],
  ['عراقي', [], true],
  ['ايراني', [], true],
  ['اسرائيلي', [], true],
  ['فلسطيني', [], true],
  ['لبناني', [], true],
  ['تركي', ['اتراك'], true],
  ['كردي', ['اكراد'], true],
  ['كوردي', [], true],
  ['روسي', ['روس'], true],
  ['اوكراني', [], true],
  ['يمني', [], true],
  ['سعودي', [], true],
  ['مصري', [], true],
  ['اردني', [], true],
  ['افغاني', ['افغان'], true],
  ['باكستاني', [], true],
  ['بريطاني', [], true],
  ['فرنسي', [], true],
  ['الماني', [], true],
  ['عربي', ['عرب'], true],
  ['اجنبي', ['اجانب'], true],
];

const PERSON_FORMS = new Map<string, PersonForm>();

function addForm(key: string, form: PersonForm): void {
  if (!PERSON_FORMS.has(key)) PERSON_FORMS.set(key, Object.freeze(form));
}

for (const [singular, broken, sound, outcome] of PERSON_NOUNS) {
  const base = { lemma: singular, outcome: outcome ?? null, headOnlyOutcome: singular === 'شهيد' };
  const stem = singular.endsWith('ه') ? singular.slice(0, -1) + 'ت' : singular;
  addForm(singular, { ...base, number: 'singular' });
  if (!singular.endsWith('ه')) addForm(singular + 'ا', { ...base, number: 'singular' });
  addForm(stem + 'ان', { ...base, number: 'dual' });
  addForm(stem + 'ين', { ...base, number: sound ? 'dual-or-plural' : 'dual' });
  for (const p of broken) addForm(p, { ...base, number: 'plural' });
  if (sound) addForm(singular + 'ون', { ...base, number: 'plural' });
}

/** The person-noun form with matching key `key` (no proclitics), or undefined. */
export function personForm(key: string): PersonForm | undefined {
  return PERSON_FORMS.get(key);
}

/**
 * Nouns that count things, not people: a number before them is not a casualty count
 * (`24 ساعة`, `78 هجوما`, `ثلاث قذائف`, `خمسة أشهر`, `خمس هجمات`).
 */
export const NON_PERSON_NOUNS: ReadonlySet<string> = new Set([
  // Time.
  'ساعه', 'ساعات', 'ساعتين', 'ساعتان', 'دقيقه', 'دقائق', 'دقيقتين', 'ثانيه', 'ثوان', 'ثواني',
  'يوم', 'يوما', 'ايام', 'يومين', 'يومان', 'ليله', 'ليال', 'ليالي', 'اسبوع', 'اسبوعا', 'اسابيع',
  'اسبوعين', 'شهر', 'شهرا', 'اشهر', 'شهور', 'شهرين', 'عام', 'عاما', 'اعوام', 'عامين', 'سنه',
  'سنوات', 'سنين', 'سنتين', 'عقد', 'عقود', 'قرن', 'قرون', 'مره', 'مرات', 'مرتين',
  // Attacks, weapons, incidents.
  'هجوم', 'هجوما', 'هجمات', 'هجومين', 'ضربه', 'ضربات', 'ضربتين', 'غاره', 'غارات', 'غارتين',
  'قذيفه', 'قذائف', 'قذيفتين', 'صاروخ', 'صاروخا', 'صواريخ', 'صاروخين', 'طائره', 'طائرات',
  'طائرتين', 'مسيره', 'مسيرات', 'عبوه', 'عبوات', 'انفجار', 'انفجارات', 'عمليه', 'عمليات',
  'حادث', 'حوادث', 'حادثه', 'اشتباك', 'اشتباكات', 'جوله', 'جولات', 'طلقه', 'طلقات', 'رصاصه',
  'رصاصات', 'قنبله', 'قنابل', 'لغم', 'الغام', 'قصف',
  // Places, buildings, vehicles.
  'منزل', 'منازل', 'منزلا', 'بيت', 'بيوت', 'مبني', 'مباني', 'قريه', 'قري', 'بلده', 'بلدات',
  'موقع', 'مواقع', 'موقعا', 'مركبه', 'مركبات', 'سياره', 'سيارات', 'اليه', 'اليات', 'دبابه',
  'دبابات', 'قاعده', 'قواعد', 'نقطه', 'نقاط', 'حاجز', 'حواجز', 'مدينه', 'مدن', 'محافظه',
  'محافظات', 'دوله', 'دول', 'منطقه', 'مناطق', 'مستشفي', 'مستشفيات', 'مدرسه', 'مدارس',
  // Units and money.
  'كيلومتر', 'كيلومترات', 'كيلومترا', 'كلم', 'كم', 'متر', 'مترا', 'امتار', 'ميل', 'اميال',
  'دولار', 'دولارا', 'دولارات', 'ريال', 'دينار', 'ليره', 'يورو', 'طن', 'اطنان', 'بالمئه',
  'بالمائه', 'درجه',
  // Families and formations (counted as units, not as people).
  'اسره', 'اسر', 'عائله', 'عائلات', 'فصيل', 'فصائل', 'جماعه', 'جماعات', 'لواء', 'كتيبه', 'كتائب',
  'مجموعه', 'مجموعات', 'دفعه', 'دفعات',
]);

/** A number right after these is a year, a date, a time or a label, not a count. */
export const NON_COUNT_BEFORE: ReadonlySet<string> = new Set([
  'عام', 'سنه', 'العام', 'السنه', 'الساعه', 'ساعه', 'رقم', 'الرقم', 'الماده', 'ماده', 'القرار',
  'قرار', 'الطريق', 'طريق', 'الفرقه', 'اللواء', 'الصفحه', 'صفحه', 'الاول', 'الثاني', 'يوم',
  // Months (Gregorian names and the Levantine/Iraqi ones).
  'يناير', 'فبراير', 'مارس', 'ابريل', 'مايو', 'يونيو', 'يوليو', 'اغسطس', 'سبتمبر', 'اكتوبر',
  'نوفمبر', 'ديسمبر', 'كانون', 'شباط', 'اذار', 'نيسان', 'ايار', 'حزيران', 'تموز', 'اب', 'ايلول',
  'تشرين',
]);

/** Days of the week: never numbers, although الاثنين and الأحد share keys with "the two", "the one". */
export const DAY_NAMES: ReadonlySet<string> = new Set([
  'الاثنين', 'الاثنان', 'الثلاثاء', 'الاربعاء', 'الخميس', 'الجمعه', 'السبت', 'الاحد',
]);

/**
 * Words that state an outcome wherever they stand in the span (verbs, verbal nouns, and the
 * event nouns `إصابات`, `وفيات`). Person nouns carry their own outcome ({@link personForm}).
 */
export const OUTCOME_CUES: ReadonlyMap<string, CountOutcome> = new Map<string, CountOutcome>([
  ...[
    'مقتل', 'مقتله', 'مقتلها', 'مقتلهم', 'قتل', 'قتلت', 'قتلوا', 'قتلا', 'يقتل', 'تقتل', 'يقتلون',
    'مصرع', 'مصرعه', 'مصرعها', 'مصرعهم', 'حتف', 'حتفه', 'حتفها', 'حتفهم', 'وفاه', 'وفيات', 'توفي',
    'توفيت', 'توفوا', 'استشهاد', 'استشهد', 'استشهدوا', 'اغتيال', 'اعدام',
  ].map((k) => [k, 'killed'] as const),
  ...[
    'اصابه', 'اصابات', 'اصابته', 'اصابتها', 'اصابتهم', 'اصيب', 'اصيبت', 'اصيبوا', 'يصاب', 'تصاب',
    'يصب', 'تصب', 'جرح', 'جرحت', 'جرحوا', 'جروح',
  ].map((k) => [k, 'injured'] as const),
  ...['فقدان', 'اختفاء'].map((k) => [k, 'missing'] as const),
  ...['اسر', 'اسروا', 'اختطاف', 'اختطف', 'اختطفت', 'اختطفوا', 'خطف', 'خطفوا'].map((k) => [k, 'captured'] as const),
]);

/** Cues after which a singular person noun is one victim (`مقتل متعاقد`, `إصابة جندي`). */
export const SINGLE_VICTIM_CUES: ReadonlySet<string> = new Set([
  'مقتل', 'قتل', 'مصرع', 'وفاه', 'توفي', 'توفيت', 'استشهاد', 'استشهد', 'اغتيال', 'اعدام',
  'اصابه', 'اصيب', 'اصيبت', 'جرح', 'جرحت', 'فقدان', 'اختفاء', 'اسر', 'اختطاف', 'اختطف',
  'اختطفت', 'خطف',
]);

/** Nouns that count casualties without being person nouns (`عدة إصابات`, `5 وفيات`). */
export const CASUALTY_EVENT_NOUNS: ReadonlyMap<string, CountOutcome> = new Map<string, CountOutcome>([
  ['اصابه', 'injured'],
  ['اصابات', 'injured'],
  ['وفاه', 'killed'],
  ['وفيات', 'killed'],
]);

/** Duals of the casualty event nouns: two casualties (`وقوع إصابتين`). */
export const CASUALTY_EVENT_DUALS: ReadonlyMap<string, CountOutcome> = new Map<string, CountOutcome>([
  ['اصابتان', 'injured'],
  ['اصابتين', 'injured'],
  ['وفاتان', 'killed'],
  ['وفاتين', 'killed'],
]);

/**
 * Plurals that say people were hurt without saying how many (`سقوط قتلى`): a vague reading
 * with no bounds when nothing else in the span counts. `شهداء` is left out (names).
 */
export const BARE_CASUALTY_PLURALS: ReadonlySet<string> = new Set([
  'قتلي', 'جرحي', 'مصابين', 'مصابون', 'اصابات', 'ضحايا', 'مفقودين', 'مفقودون', 'اسري', 'رهائن',
  'مختطفين', 'وفيات',
]);

/**
 * Vague quantities (ACLED-style conservative imputation: the lower bound is the figure ACLED
 * would code). `عدة`, `العديد`, `عدد من` govern a plural, and an Arabic plural is three or more
 * (two is the dual): min 3. `بضعة/بضع` is three to nine (the classical definition). `عشرات` →
 * min 10, `مئات` → 100, `آلاف` → 1000, `ملايين` → 1 000 000 (ACLED: "tens" 10, "hundreds" 100).
 * No upper bound except for بضعة.
 */
export const VAGUE_QUANTITIES: ReadonlyMap<string, { readonly min: number; readonly max: number | null }> = new Map([
  ['عده', { min: 3, max: null }],
  ['العديد', { min: 3, max: null }],
  ['عديد', { min: 3, max: null }],
  ['بضعه', { min: 3, max: 9 }],
  ['بضع', { min: 3, max: 9 }],
  ['عشرات', { min: 10, max: null }],
  ['مئات', { min: 100, max: null }],
  ['مائات', { min: 100, max: null }],
  ['الاف', { min: 1_000, max: null }],
  ['ملايين', { min: 1_000_000, max: null }],
]);

/** `عدد` is vague only before `من` (`عدد من القتلى`); `عدد القتلى` is "the number of the dead". */
export const VAGUE_BEFORE_MIN = 'عدد';

/** Plural scales that multiply a vague quantity: `عشرات الآلاف` → min 10 000. */
export const VAGUE_MULTIPLIERS: ReadonlyMap<string, number> = new Map([
  ['الاف', 1_000],
  ['ملايين', 1_000_000],
]);

/** Vague words after the noun: `قتلى كثيرون`, `إصابات عديدة` (min 3, as {@link VAGUE_QUANTITIES}). */
export const VAGUE_AFTER_NOUN: ReadonlySet<string> = new Set([
  'عديده', 'عديدون', 'عديدين', 'كثيرون', 'كثيرين', 'كثيره',
]);

/** Partitives and subsets after a count: `واحدة منها`, `ثلاثة منهم`, `بينهم طفلان`. */
export const PARTITIVE_PRONOUNS: ReadonlySet<string> = new Set(['منها', 'منهم', 'منهن', 'منهما']);
export const SUBSET_MARKERS: ReadonlySet<string> = new Set(['بينهم', 'بينهن', 'بينها', 'منهم', 'منهن']);

/** Negators that can assert a zero (`لم تقع إصابات`, `لا توجد إصابات`, `دون إصابات`). */
export const NEGATORS: ReadonlySet<string> = new Set(['لم', 'لا', 'دون', 'بدون', 'عدم', 'ليس', 'ليست']);

/**
 * Words that make a negation about information, not about casualties: `دون ورود معلومات عن
 * خسائر بشرية`, `لم ترد أنباء عن إصابات`, `لم يتضح عدد القتلى` state that the count is unknown.
 */
export const INFORMATION_WORDS: ReadonlySet<string> = new Set([
  'معلومات', 'معلومه', 'انباء', 'نبا', 'تفاصيل', 'تقارير', 'تقرير', 'ورود', 'ترد', 'يرد', 'ورد',
  'وردت', 'تعرف', 'يعرف', 'عرف', 'يتضح', 'تتضح', 'اتضح', 'يتبين', 'تتبين', 'تتوفر', 'يتوفر',
  'تتوافر', 'يتوافر', 'توفر', 'تحديد', 'يحدد', 'تحدد', 'تعلن', 'يعلن', 'اعلان', 'تذكر', 'يذكر',
  'تشر', 'يشر', 'تفد', 'يفد', 'تؤكد', 'يؤكد', 'تاكيد', 'التاكد', 'يتسن', 'حصيله',
]);

/** Nouns a negation can deny (`لم تقع إصابات`), with the outcome they state. */
export const NEGATABLE_CASUALTIES: ReadonlyMap<string, CountOutcome> = new Map<string, CountOutcome>([
  ['اصابات', 'injured'],
  ['اصابه', 'injured'],
  ['جرحي', 'injured'],
  ['مصابين', 'injured'],
  ['قتلي', 'killed'],
  ['وفيات', 'killed'],
  ['ضحايا', 'unspecified'],
]);

/** `خسائر` denies casualties only when human: `خسائر بشرية`, `خسائر في الأرواح`. */
export const LOSSES = 'خسائر';
export const HUMAN_LOSS_QUALIFIERS: ReadonlySet<string> = new Set(['بشريه', 'الارواح']);

/** Verbs for "no one was …": `لم يصب أحد`, `لم يقتل أحد`, `لم يتعرض أحد لأذى`. */
export const NO_ONE_VERBS: ReadonlyMap<string, CountOutcome> = new Map<string, CountOutcome>([
  ['يصب', 'injured'],
  ['تصب', 'injured'],
  ['يصاب', 'injured'],
  ['يجرح', 'injured'],
  ['يقتل', 'killed'],
  ['تقتل', 'killed'],
  ['يمت', 'killed'],
  ['يتعرض', 'unspecified'],
  ['يتاذ', 'unspecified'],
]);
export const NO_ONE = 'احد';
