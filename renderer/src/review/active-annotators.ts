import type { CorpusProgress } from '../../../shared/host-contract';

/** The annotators who have annotated something (a span, or a status set): the ones worth comparing. */
export function activeAnnotators(progress: CorpusProgress): readonly string[] {
  return progress.annotators.filter((a) => progress.documents.some((d) => (d.layers[a]?.spans ?? 0) > 0 || d.layers[a]?.status !== 'not_started'));
}
