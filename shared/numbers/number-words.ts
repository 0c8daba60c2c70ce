/**
 * The vocabulary of Arabic cardinal numbers, by matching key (see `tokenise.ts`: no harakat or
 * tatweel, أ إ آ → ا, ى → ي, ة → ه). Written by hand: no npm package reads Arabic number words
 * (`n2words` and its peers only write them), so this list and `parse-arabic-number.ts` are ours.
 *
 * Forms covered: masculine and feminine, nominative and accusative/genitive (`اثنان/اثنين`,
 * `عشرون/عشرين`), construct duals (`مئتا/مئتي`, `ألفي`), tanween alef (`ألفاً` → `الفا`),
 * the 11–19 first parts (`أحد/إحدى`, `اثنا/اثني/اثنتا/اثنتي`), hundreds written as one word or
 * two (`ثلاثمائة`, `ثلاث مئة`), and the scales ألف, مليون, مليار in singular, dual and plural.
 */

/** One number word, classified by the role it can play in a number. */
export type NumberAtom =
  | { readonly kind: 'zero' }
  /** 1–10. `teenOnly`: `اثنا/اثني/اثنتا/اثنتي`, which occur only before عشر/عشرة. */
  | { readonly kind: 'unit'; readonly value: number; readonly teenOnly: boolean }
  /** 20, 30, … 90. */
  | { readonly kind: 'ten'; readonly value: number }
  /** 100–900. `bare`: `مئة/مائة`, which a preceding unit 3–9 may multiply (`ثلاث مئة`). */
  | { readonly kind: 'hundred'; readonly value: number; readonly bare: boolean }
  /**
   * ألف, مليون, مليار. `single` (`ألف`, `ألفاً`) is multiplied by what precedes it or means one;
   * `dual` (`ألفان/ألفين/ألفي`) means two and takes no multiplier; `plural` (`آلاف`) needs one.
   */
  | { readonly kind: 'scale'; readonly value: number; readonly form: 'single' | 'dual' | 'plural' }
  /** `نصف` after a scale: `مليون ونصف` = 1 500 000. */
  | { readonly kind: 'half' };

/** The second word of 11–19: `عشر` (masculine counted noun) or `عشرة` (feminine). */
export const TEEN_TENS = new Set(['عشر', 'عشره']);

const ATOMS = new Map<string, NumberAtom>();

function add(keys: readonly string[], atom: NumberAtom): void {
  for (const k of keys) ATOMS.set(k, Object.freeze(atom));
}

add(['صفر'], { kind: 'zero' });
add(['نصف'], { kind: 'half' });

/** Masculine and feminine forms of 1–10 (nominative and oblique where they differ). */
const UNIT_FORMS: readonly (readonly string[])[] = [
  [],
  ['واحد', 'واحده', 'احد', 'احدي'],
  ['اثنان', 'اثنين', 'اثنتان', 'اثنتين', 'ثنتان', 'ثنتين'],
  ['ثلاثه', 'ثلاث'],
  ['اربعه', 'اربع'],
  ['خمسه', 'خمس'],
  ['سته', 'ست'],
  ['سبعه', 'سبع'],
  ['ثمانيه', 'ثماني', 'ثمان'],
  ['تسعه', 'تسع'],
  ['عشره', 'عشر'],
];
UNIT_FORMS.forEach((forms, value) => add(forms, { kind: 'unit', value, teenOnly: false }));
add(['اثنا', 'اثني', 'اثنتا', 'اثنتي'], { kind: 'unit', value: 2, teenOnly: true });

const TEN_STEMS = ['', '', 'عشر', 'ثلاث', 'اربع', 'خمس', 'ست', 'سبع', 'ثمان', 'تسع'];
TEN_STEMS.forEach((stem, d) => {
  if (d >= 2) add([stem + 'ون', stem + 'ين'], { kind: 'ten', value: d * 10 });
});

const HUNDRED = ['مئه', 'مائه'];
add(HUNDRED, { kind: 'hundred', value: 100, bare: true });
add(['مئتان', 'مئتين', 'مئتا', 'مئتي', 'مائتان', 'مائتين', 'مائتا', 'مائتي'], {
  kind: 'hundred',
  value: 200,
  bare: false,
});
/** First parts of 300–900 written as one word (`ثلاثمائة`, `ثمانمئة`, `ثمانيمائة`). */
const HUNDRED_PREFIXES: readonly (readonly string[])[] = [
  [],
  [],
  [],
  ['ثلاث'],
  ['اربع'],
  ['خمس'],
  ['ست'],
  ['سبع'],
  ['ثمان', 'ثماني'],
  ['تسع'],
];
HUNDRED_PREFIXES.forEach((prefixes, d) => {
  const keys = prefixes.flatMap((p) => HUNDRED.map((h) => p + h));
  add(keys, { kind: 'hundred', value: d * 100, bare: false });
});

/**
 * The scales. `ألفا`/`مليونا` without a visible tanween is read as the accusative singular
 * (`أحد عشر ألفاً`), never as the construct dual (`ألفا جندي`, rare in news): a choice of ours.
 */
const SCALES: readonly (readonly [number, readonly string[], readonly string[], readonly string[]])[] = [
  [1_000, ['الف', 'الفا'], ['الفان', 'الفين', 'الفي'], ['الاف']],
  [1_000_000, ['مليون', 'مليونا'], ['مليونان', 'مليونين', 'مليوني'], ['ملايين']],
  [1_000_000_000, ['مليار', 'مليارا'], ['ملياران', 'مليارين', 'ملياري'], ['مليارات']],
];
for (const [value, single, dual, plural] of SCALES) {
  add(single, { kind: 'scale', value, form: 'single' });
  add(dual, { kind: 'scale', value, form: 'dual' });
  add(plural, { kind: 'scale', value, form: 'plural' });
}

/** The number word whose matching key is `key`, or undefined. */
export function numberAtom(key: string): NumberAtom | undefined {
  return ATOMS.get(key);
}

/** True when `key` is a number word (so that no other word list claims it). */
export function isNumberWord(key: string): boolean {
  return ATOMS.has(key);
}
