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
  type LocatedLayer,
} from './layer-file.js';
export { anchorProblem, checkAnchors, type Orphan } from './anchoring.js';
export { layerProblems, layerValueProblems, unfitSpanValues, type SpanUnfit } from './layer-checks.js';
export { buildLayerSpans, type SpanInput, type SpanInputContext } from './span-input.js';
export { buildLayerRelations, buildRejectedSuggestions } from './relation-input.js';
export { linkRefusals } from './link-refusals.js';
export { parseLocatedJson, type LocatedJson, type LocatedJsonResult } from './located-json.js';
