/**
 * Turning relations and rejected suggestions as an editor sends them into stored ones: checked
 * for shape, sorted, ready for `serializeLayer`. Whether relation ends name spans of the layer is
 * checked by `linkRefusals`; whether relation types fit the schema is reported, not refused.
 */
import type { FileProblem, RejectedSuggestion, Relation, Result } from '../model.js';
import { RELATION_ID_PATTERN, sortRejected, sortRelations } from './layer-file.js';

/**
 * Checks `input` and returns the relations to store, sorted by id. Refused (every problem
 * listed, naming the relation id and `file`): a malformed or repeated id, an empty type, an empty
 * `from` or `to`. Never throws.
 */
export function buildLayerRelations(input: readonly Relation[], file: string): Result<readonly Relation[]> {
  const errors: FileProblem[] = [];
  const seen = new Set<string>();
  const out: Relation[] = [];
  for (const [i, relation] of input.entries()) {
    const name = typeof relation.id === 'string' ? `relation ${JSON.stringify(relation.id)}` : `relation #${i + 1}`;
    const fail = (message: string): void => {
      errors.push({ file, message: `${name}: ${message}` });
    };
    if (typeof relation.id !== 'string' || !RELATION_ID_PATTERN.test(relation.id)) {
      fail('the id must be 1–32 of A–Z a–z 0–9 _ -');
      continue;
    }
    if (seen.has(relation.id)) {
      fail('the id is used twice');
      continue;
    }
    seen.add(relation.id);
    if (typeof relation.type !== 'string' || relation.type === '') {
      fail('the relation type is empty');
      continue;
    }
    if (typeof relation.from !== 'string' || relation.from === '' || typeof relation.to !== 'string' || relation.to === '') {
      fail('"from" and "to" must each name a span');
      continue;
    }
    out.push({ id: relation.id, type: relation.type, from: relation.from, to: relation.to });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: sortRelations(out) };
}

/**
 * Checks `input` against a text of `length` code points and returns the rejected suggestions to
 * store, sorted by `(start, end, label)`, each one once. Refused (every problem listed, naming
 * `file`): an empty label, offsets that are not integers with `0 <= start < end <= length`.
 * Never throws.
 */
export function buildRejectedSuggestions(input: readonly RejectedSuggestion[], length: number, file: string): Result<readonly RejectedSuggestion[]> {
  const errors: FileProblem[] = [];
  const seen = new Set<string>();
  const out: RejectedSuggestion[] = [];
  for (const [i, r] of input.entries()) {
    const name = `rejected suggestion #${i + 1}`;
    if (typeof r.label !== 'string' || r.label === '') {
      errors.push({ file, message: `${name}: the label is empty` });
      continue;
    }
    if (!Number.isSafeInteger(r.start) || !Number.isSafeInteger(r.end) || r.start < 0 || r.end <= r.start || r.end > length) {
      errors.push({ file, message: `${name} (${r.label}): offsets ${r.start}–${r.end} are not a span of the text (0–${length} code points)` });
      continue;
    }
    const key = `${r.start} ${r.end} ${r.label}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ label: r.label, start: r.start, end: r.end });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: sortRejected(out) };
}
