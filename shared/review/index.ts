/**
 * Review: comparing annotators' layers of a document, adjudicating them into the gold layer, and
 * showing an annotator where the gold differs from their layer. Pure; layers are only read. The
 * gold file format is in shared/corpus/gold-file.ts (re-exported here for convenience).
 */
export { compareLayers, disagreements, stepItem, type AttributeDifference, type CompareOptions, type Comparison, type ComparisonItem, type ItemStatus, type RelationItem, type ReviewItem, type SpanVersion } from './compare.js';
export { hasNoLayer, reviewRefusals, type ReviewLayer } from './review-layers.js';
export { referenceTest, type ComparedValue, type ReferenceTest } from './compared-values.js';
export {
  applyDecision,
  autoAccept,
  emptyGold,
  itemState,
  nextOpenItem,
  openItems,
  reviewProgress,
  type AdjudicationOptions,
  type Decision,
  type GoldEdit,
  type ItemState,
  type Outcome,
  type ReviewProgress,
} from './adjudication.js';
export { goldDiff, type GoldDiffOptions, type GoldDifference } from './gold-diff.js';
export { checkGold } from './check-gold.js';
export { sha256Hex } from './sha256.js';
export {
  AUTO_QUORUM,
  GOLD_ANNOTATOR,
  goldToLayer,
  parseGold,
  parseGoldWithLines,
  serializeGold,
  sourceItem,
  type GoldDecision,
  type GoldLayer,
  type GoldRelation,
  type GoldSpan,
  type LocatedGold,
  type RelationProvenance,
  type SpanDecision,
  type SpanProvenance,
} from '../corpus/gold-file.js';
export { compareItemIds, parseItemId, relationItemId, spanItemId, type ItemKey } from '../corpus/gold-item-ids.js';
