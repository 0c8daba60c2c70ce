/**
 * What a CasualtyCount span says, as a value (DOMAIN.md §1 "Attributes worth carrying"; the
 * qualifiers and outcomes follow ACLED and UCDP usage).
 */

/**
 * How the stated figure relates to the true one.
 * - `exact`: a plain figure (`خمسة جنود`, `مقتل جنديين`, an asserted zero).
 * - `at_least`: `على الأقل`, `لا يقل عن`, `ما لا يقل عن`, `أو أكثر`.
 * - `more_than`: `أكثر من`, `ما يزيد على/عن`, `يربو على`.
 * - `approximately`: `نحو`, `حوالي`, `قرابة`, `زهاء`, `ما يقارب`, `تقريباً`.
 * - `up_to`: `حتى`, `ما يصل إلى`, `على الأكثر`; `أقل من n` is read as up to n − 1.
 * - `vague`: no single figure: vague words (`عدة`, `عشرات`), ranges (`بين 10 و20`), plurals
 *   without a number (`سقوط قتلى`), and readings flagged as ambiguous. See `min`/`max`.
 */
export type CountQualifier = 'exact' | 'at_least' | 'more_than' | 'approximately' | 'up_to' | 'vague';

/**
 * What happened to the people counted. `killed_or_injured` when the span names both (`عدة قتلى
 * وجرحى`); `unspecified` when it names casualties without saying which (`ضحايا`, `خسائر بشرية`)
 * or names two outcomes other than killed and injured.
 */
export type CountOutcome = 'killed' | 'injured' | 'killed_or_injured' | 'missing' | 'captured' | 'unspecified';

/** A code point range `[start, end)` within the text that was read. */
export interface EvidenceRange {
  readonly start: number;
  readonly end: number;
}

/** The reading of one CasualtyCount span. */
export interface CountReading {
  /** The number of people, or null when vague, a range, or ambiguous. */
  readonly value: number | null;
  /**
   * Bounds for ranges and vague terms, else null. Vague terms get ACLED-style conservative
   * figures as lower bounds: `عدة`/`العديد`/`عدد من` min 3 (they govern a plural, which is three
   * or more), `بضعة`/`بضع` 3..9, `عشرات` min 10, `مئات` min 100, `آلاف` min 1000, multiplied by a
   * following `الآلاف`/`الملايين`. Ranges (`بين 10 و20`, `3 أو 4`) give both bounds. An ambiguous
   * dual/plural (`مدنيين`) gets min 2, which holds under both readings. A plain figure with a
   * qualifier (`أكثر من 30`) keeps its bounds in `value` + `qualifier`: min/max stay null.
   */
  readonly min: number | null;
  readonly max: number | null;
  readonly qualifier: CountQualifier;
  /**
   * From cue words in the span: مقتل/قتل/قتلى/قتيل → killed; إصابة/جرحى/جريح/مصاب → injured; both →
   * killed_or_injured; مفقود → missing; أسر/اختطاف/أسرى → captured; or null when the span says
   * nothing about what happened (`خمسة جنود أمريكيين` alone).
   */
  readonly outcome: CountOutcome | null;
  /**
   * True for an asserted zero (`لم تقع إصابات`, `لا توجد إصابات`, `لم يسفر عن ضحايا`, `لم يصب
   * أحد`): value 0. A negation about information (`دون ورود معلومات عن خسائر بشرية`) is not a
   * zero: the count is unknown and the reader returns null.
   */
  readonly assertedZero: boolean;
  /**
   * Set when the reading must not be trusted without a human, with the reason in English: a
   * dual/plural homograph (`مدنيين`: "two civilians" or "civilians"), or a span that states more
   * than one count. `value` is then null.
   */
  readonly ambiguity: string | null;
  /**
   * Code point ranges `[start, end)` in the text that was read, ascending: one per phrase that
   * gave the number (a multi-word number is one range; a proclitic such as the ب of `بخمسة` is
   * left out) and one per qualifier phrase that was applied.
   */
  readonly evidence: readonly EvidenceRange[];
}
