/**
 * Problems of a layer file that parsed but does not fit where it is stored: a header naming
 * another document or annotator than its path, a layer made on another text, labels the schema
 * does not have. None of them stops the layer from being read; all of them are reported.
 */
import type { DocumentMeta, FileProblem } from '../model.js';
import type { LocatedLayer } from './layer-file.js';

/**
 * The problems of `located`, read from `file`, which is the layer of document `id` (with `meta`)
 * by `annotator`, under a schema with `labels`. Header problems are on line 1; a label problem is
 * on its span's line. Empty when the layer fits.
 */
export function layerProblems(
  file: string,
  located: LocatedLayer,
  where: { readonly id: string; readonly annotator: string; readonly meta: DocumentMeta; readonly labels: ReadonlySet<string> },
): readonly FileProblem[] {
  const { layer, spanLines } = located;
  const problems: FileProblem[] = [];
  if (layer.document !== where.id) {
    problems.push({ file, line: 1, message: `the header names document "${layer.document}", but the file is for "${where.id}"` });
  }
  if (layer.annotator !== where.annotator) {
    problems.push({ file, line: 1, message: `the header names annotator "${layer.annotator}", but the file is in the folder of "${where.annotator}"` });
  }
  if (layer.textSha256 !== where.meta.sha256) {
    problems.push({
      file,
      line: 1,
      message: `the layer was made on another text (textSha256 ${layer.textSha256.slice(0, 12)}…, the document's is ${where.meta.sha256.slice(0, 12)}…)`,
    });
  }
  for (const span of layer.spans) {
    if (!where.labels.has(span.label)) {
      problems.push({ file, line: spanLines.get(span.id), message: `span "${span.id}": label "${span.label}" is not in the corpus schema` });
    }
  }
  return problems;
}
