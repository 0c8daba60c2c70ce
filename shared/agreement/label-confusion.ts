/**
 * Token-level label confusion between two annotators: how often the reference gave a token one
 * label and the other annotator another (`O` outside spans). Same tokens and token-label rule as
 * the agreement report; only documents both annotated count. For the agreement view's heat map.
 */
import type { AgreementDocument } from './agreement-report.js';
import { OUTSIDE } from './span-like.js';
import { agreementTokens, labelTokens } from './token-labels.js';

export interface LabelConfusion {
  readonly reference: string;
  readonly other: string;
  /** Row and column labels: the `labels` given, then `O` (a label outside them is counted as `O`). */
  readonly labels: readonly string[];
  /** `counts[i][j]`: tokens the reference labelled `labels[i]` and the other `labels[j]`. */
  readonly counts: readonly (readonly number[])[];
}

/** The confusion of every pair `(reference, other)` over `documents`, rows and columns `labels` then `O`. */
export function labelConfusion(
  documents: readonly AgreementDocument[],
  pairs: readonly { readonly reference: string; readonly other: string }[],
  labels: readonly string[],
): readonly LabelConfusion[] {
  const all = [...labels, OUTSIDE];
  const at = new Map(all.map((l, i) => [l, i] as const));
  const results = pairs.map((p) => ({ reference: p.reference, other: p.other, labels: all, counts: all.map(() => all.map(() => 0)) }));
  for (const doc of documents) {
    const tokens = agreementTokens(doc.text);
    const columns = new Map<string, readonly string[]>();
    const column = (name: string): readonly string[] | undefined => {
      const spans = doc.layers.get(name);
      if (spans === undefined) return undefined;
      if (!columns.has(name)) columns.set(name, labelTokens(tokens, spans));
      return columns.get(name);
    };
    for (const result of results) {
      const a = column(result.reference);
      const b = column(result.other);
      if (a === undefined || b === undefined) continue;
      a.forEach((label, t) => {
        const row = result.counts[at.get(label) ?? at.get(OUTSIDE) ?? 0] as number[];
        const col = at.get(b[t] ?? OUTSIDE) ?? (at.get(OUTSIDE) as number);
        row[col] = (row[col] ?? 0) + 1;
      });
    }
  }
  return results;
}
