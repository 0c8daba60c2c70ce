/**
 * Inter-annotator agreement: the one public surface of `shared/agreement/`. Pure functions over
 * spans with code point offsets; nothing here reads or writes a corpus (see
 * `electron/corpus-agreement.ts` for that).
 *
 * - coefficients: {@link cohenKappa}, {@link fleissKappa}, {@link krippendorffAlpha} (nominal,
 *   missing data), {@link alphaU} (Krippendorff's unitizing α);
 * - spans and tokens: {@link spanMatch} (P/R/F1, exact and overlap), {@link tokenLabels};
 * - put together: {@link agreementReport}, {@link disagreements}, and as text, Markdown and CSV.
 *
 * Every undefined figure is `null`, never NaN.
 */
export type { Category, Coded } from './category.js';
export { cohenKappa, cohenKappaFromTable } from './cohen-kappa.js';
export { fleissKappa, fleissKappaFromCounts } from './fleiss-kappa.js';
export { krippendorffAlpha } from './krippendorff-alpha.js';
export { alphaU, alphaUAcrossCategories, alphaUDisagreement, alphaUDisagreementPacked, mergeUnits, mergeUnitsPacked, type Interval, type PackedUnits, type PackedUnitizingStudy, type UnitizingDisagreement, type UnitizingStudy } from './alpha-u.js';
export { OUTSIDE, labellingSpan, type SpanLike } from './span-like.js';
export { NO_MATCHES, addCounts, labelListOf, matchFigures, spanMatch, type MatchCounts, type MatchFigures, type SpanMatch } from './span-match.js';
export { agreementTokens, labelTokens, tokenLabels, type AgreementToken, type TokenLabel } from './token-labels.js';
export { disagreements, type DisagreementRow } from './disagreements.js';
export { CSV_BOM, csvField, disagreementCsv } from './disagreement-csv.js';
export {
  agreementReport,
  type AgreementDocument,
  type AgreementOptions,
  type AgreementReport,
  type CorpusAgreement,
  type DocumentAgreement,
  type GroupFigures,
  type PairAgreement,
  type PairFigures,
  type ScopeAgreement,
} from './agreement-report.js';
export { AgreementTally, type AgreementPart } from './agreement-tally.js';
export { labelConfusion, type LabelConfusion } from './label-confusion.js';
export { NOT_DEFINED_NOTE, agreementMarkdown, agreementTable, formatFigure } from './report-text.js';
