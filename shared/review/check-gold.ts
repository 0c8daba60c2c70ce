/**
 * Whether a stored gold layer fits the layers it is being adjudicated from. A gold file can read
 * well and still not fit: edited by hand, or adjudicated from other annotators. Nothing here
 * fixes anything; each problem names the gold file and the line.
 */
import { sourceItem, type LocatedGold } from '../corpus/gold-file.js';
import { relationItemId, spanItemId } from '../corpus/gold-item-ids.js';
import type { FileProblem } from '../model.js';
import type { Comparison } from './compare.js';

/**
 * The problems of the gold in `located` (read from `file`) against `comparison`, sorted by line:
 * a gold of another document or made on another text; provenance naming an annotator who is not
 * among the compared (no layer, or left out of this review), or one whose layer does not have
 * that span or relation; a span accepted from an item no layer has; a pending reference to an
 * item no layer has; a decision on an item that is not in the comparison. Empty when the gold
 * fits. Never throws.
 */
export function checkGold(located: LocatedGold, file: string, comparison: Comparison): readonly FileProblem[] {
  const { gold, spanLines, relationLines, decisionLines } = located;
  const problems: FileProblem[] = [];
  const add = (line: number | undefined, message: string): void => {
    problems.push(line === undefined ? { file, message } : { file, line, message });
  };
  if (gold.document !== comparison.document) add(1, `the gold is of document "${gold.document}", the layers of "${comparison.document}"`);
  if (gold.textSha256 !== comparison.textSha256) {
    add(1, `the gold was made on another text (textSha256 ${gold.textSha256.slice(0, 12)}…, the document's is ${comparison.textSha256.slice(0, 12)}…)`);
  }
  const items = new Map(comparison.items.map((i) => [i.id, i]));
  const relations = new Map(comparison.relations.map((r) => [r.id, r]));
  const compared = new Set(comparison.annotators);
  const notCompared = (name: string): string =>
    `names annotator "${name}", who has no layer among those compared (${comparison.annotators.join(', ')}): a gold file edited by hand, or adjudicated from other layers`;

  for (const span of gold.spans) {
    const p = span.provenance;
    if (p === null) continue;
    const line = spanLines.get(span.id);
    const own = items.get(spanItemId(span));
    for (const name of p.annotators) {
      if (!compared.has(name)) add(line, `span "${span.id}" ${notCompared(name)}`);
      else if (!own?.annotators.includes(name)) add(line, `span "${span.id}" says ${name} had it, but ${name}'s layer has no ${span.label} span at ${span.start}–${span.end}`);
    }
    if (!items.has(sourceItem(span))) add(line, `span "${span.id}" was decided on item ${sourceItem(span)}, which no compared layer has`);
    for (const [name, item] of Object.entries(p.pending)) {
      if (!items.has(item)) add(line, `span "${span.id}": pending "${name}" waits for item ${item}, which no compared layer has`);
    }
  }

  const goldSpans = new Map(gold.spans.map((s) => [s.id, s]));
  for (const relation of gold.relations) {
    const p = relation.provenance;
    const from = goldSpans.get(relation.from);
    const to = goldSpans.get(relation.to);
    if (p === null || from === undefined || to === undefined) continue;
    const line = relationLines.get(relation.id);
    const item = relations.get(relationItemId(relation.type, sourceItem(from), sourceItem(to)));
    for (const name of p.annotators) {
      if (!compared.has(name)) add(line, `relation "${relation.id}" ${notCompared(name)}`);
      else if (!item?.annotators.includes(name)) add(line, `relation "${relation.id}" says ${name} had it, but ${name}'s layer has no ${relation.type} relation between those spans`);
    }
  }

  for (const decision of gold.decisions) {
    if (!items.has(decision.item) && !relations.has(decision.item)) {
      add(decisionLines.get(decision.item), `a decision on item ${decision.item}, which no compared layer has`);
    }
  }
  return problems.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
}
