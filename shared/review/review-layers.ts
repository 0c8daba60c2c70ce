/**
 * What review refuses to work on: layers that cannot be compared with the document's text or
 * with one another. Reviewing never changes a layer; it only reads them, and it reads only
 * layers that point into exactly this text.
 */
import type { FileProblem, Layer } from '../model.js';
import { checkAnchors } from '../corpus/anchoring.js';
import { CodePointIndex } from '../text/code-points.js';
import { sha256Hex } from './sha256.js';

/** One annotator's layer as review takes it. */
export interface ReviewLayer {
  readonly annotator: string;
  /**
   * The layer; `undefined` when the annotator has none. A layer at revision 0 with no spans,
   * relations or rejected suggestions (what the store returns for a missing file) counts as none.
   */
  readonly layer: Layer | undefined;
  /** Where the layer is stored, for messages; `layers/<annotator>/<document>.jsonl` when omitted. */
  readonly file?: string;
}

/** The file a review layer's messages name. */
export function reviewLayerFile(entry: ReviewLayer, document: string): string {
  return entry.file ?? `layers/${entry.annotator}/${entry.layer?.document ?? document}.jsonl`;
}

/** Whether the entry stands for an annotator without a layer of the document. */
export function hasNoLayer(layer: Layer | undefined): boolean {
  return layer === undefined || (layer.revision === 0 && layer.spans.length === 0 && layer.relations.length === 0 && layer.rejected.length === 0);
}

/**
 * Every reason not to review `layers` over `text` (the document's canonical text), each naming
 * the annotator and the layer's file: no layer given; an annotator given twice; an annotator
 * without a layer of the document; a layer whose header names another annotator, or another
 * document than the first layer; a layer whose `textSha256` is not the SHA-256 of `text` (made
 * on another text: its offsets may point at other characters); a span whose offsets no longer
 * yield its quote. Empty when review may go ahead. Never throws.
 */
export function reviewRefusals(text: string, layers: readonly ReviewLayer[]): readonly FileProblem[] {
  if (layers.length === 0) return [{ file: '', message: 'no layer to review: pick the annotators whose layers to compare' }];
  const problems: FileProblem[] = [];
  const document = layers.find((l) => !hasNoLayer(l.layer))?.layer?.document ?? '';
  const sha256 = sha256Hex(text);
  const index = new CodePointIndex(text);
  const seen = new Set<string>();
  for (const entry of layers) {
    const file = reviewLayerFile(entry, document);
    const { annotator, layer } = entry;
    if (seen.has(annotator)) {
      problems.push({ file, message: `annotator "${annotator}" is picked twice` });
      continue;
    }
    seen.add(annotator);
    if (layer === undefined || hasNoLayer(layer)) {
      const of = document === '' ? 'of this document' : `of document "${document}"`;
      problems.push({ file, message: `${annotator} has no layer ${of}: there is nothing of theirs to compare; leave them out of the review` });
      continue;
    }
    if (layer.annotator !== annotator) problems.push({ file, message: `the layer given as ${annotator}'s names annotator "${layer.annotator}" in its header` });
    if (layer.document !== document) problems.push({ file, message: `${annotator}'s layer is of document "${layer.document}", the others of "${document}"` });
    if (layer.textSha256 !== sha256) {
      problems.push({
        file,
        line: 1,
        message: `${annotator}'s layer was made on another text (textSha256 ${layer.textSha256.slice(0, 12)}…, the document's is ${sha256.slice(0, 12)}…): its offsets may point at other characters, so it is not compared or adjudicated`,
      });
      continue;
    }
    for (const orphan of checkAnchors(layer.spans, index)) {
      problems.push({ file, message: `${annotator}'s span "${orphan.spanId}" does not anchor in the text (${orphan.message}): it is not compared until it is repaired` });
    }
  }
  return problems;
}
