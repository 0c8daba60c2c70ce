/** The corpus on disk, as pure data: ids, manifest, document meta, layer files, anchoring. */
export { ANNOTATOR_NAME_MAX, DOCUMENT_ID_PATTERN, deriveDocumentId, validateAnnotatorName, validateDocumentId } from './ids.js';
export {
  DEFAULT_SCHEMA,
  LABEL_NAME_PATTERN,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  MANIFEST_VERSIONS_READ,
  parseManifest,
  serializeManifest,
  type Manifest,
} from './manifest.js';
export { SHA256_PATTERN, parseDocumentMeta, serializeDocumentMeta } from './document-meta.js';
export {
  DOCUMENT_STATUSES,
  LAYER_FORMAT,
  LAYER_VERSION,
  RELATION_ID_PATTERN,
  SPAN_ID_PATTERN,
  compareRejected,
  compareRelations,
  compareSpans,
  parseLayer,
  parseLayerWithLines,
  serializeLayer,
  sortRejected,
  sortRelations,
  sortSpans,
  type LayerLineExtension,
  type LayerLineWriter,
  type LocatedLayer,
} from './layer-file.js';
export {
  AUTO_QUORUM,
  GOLD_ANNOTATOR,
  decidedByProblem,
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
} from './gold-file.js';
export { compareItemIds, parseItemId, relationItemId, spanItemId, type ItemKey } from './gold-item-ids.js';
export { anchorProblem, checkAnchors, type Orphan } from './anchoring.js';
export { DEFAULT_MAX_ERROR_RATE, MIN_SCORE, reanchorSpans, type ReanchorOptions, type ReanchorResult } from './reanchor.js';
export { reanchorLayer, type MovedSpan, type ReanchoredLayer } from './reanchor-layer.js';
export { layerProblems, layerValueProblems, unfitSpanValues, type SpanUnfit } from './layer-checks.js';
export { buildLayerSpans, type SpanInput, type SpanInputContext } from './span-input.js';
export { buildLayerRelations, buildRejectedSuggestions } from './relation-input.js';
export { linkRefusals } from './link-refusals.js';
export { parseLocatedJson, type LocatedJson, type LocatedJsonResult } from './located-json.js';
