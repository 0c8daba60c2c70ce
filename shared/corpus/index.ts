/** The corpus on disk, as pure data: ids, manifest, document meta, layer files, anchoring. */
export { ANNOTATOR_NAME_MAX, DOCUMENT_ID_PATTERN, deriveDocumentId, validateAnnotatorName, validateDocumentId } from './ids.js';
export {
  DEFAULT_SCHEMA,
  LABEL_NAME_PATTERN,
  MANIFEST_FILE,
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  parseManifest,
  serializeManifest,
  type Manifest,
} from './manifest.js';
export { SHA256_PATTERN, parseDocumentMeta, serializeDocumentMeta } from './document-meta.js';
export {
  DOCUMENT_STATUSES,
  LAYER_FORMAT,
  LAYER_VERSION,
  SPAN_ID_PATTERN,
  compareSpans,
  parseLayer,
  parseLayerWithLines,
  serializeLayer,
  sortSpans,
  type LocatedLayer,
} from './layer-file.js';
export { anchorProblem, checkAnchors, type Orphan } from './anchoring.js';
export { layerProblems } from './layer-checks.js';
export { buildLayerSpans, type SpanInput, type SpanInputContext } from './span-input.js';
export { parseLocatedJson, type LocatedJson, type LocatedJsonResult } from './located-json.js';
