/**
 * Document assignment: which annotators should annotate which documents. Kept in the corpus as
 * `assignments.json` (synced like every other corpus file), one document per line so that two
 * leads' changes to different documents merge cleanly in git:
 *
 * ```json
 * {"format": "hashiya-assignments", "version": 1, "documents": {
 * "000_7db2a034c338d373": ["ali", "sara"],
 * "004_fee82008326e4aee": ["sara"]
 * }}
 * ```
 *
 * Pure: parse (every problem names the file and line), serialise (deterministic), spread N
 * annotators per document evenly, and an annotator's queue.
 */
import type { DocumentStatus, FileProblem, Result } from '../model.js';
import { validateAnnotatorName, validateDocumentId } from './ids.js';
import { parseLocatedJson } from './located-json.js';

export const ASSIGNMENTS_FILE = 'assignments.json';
export const ASSIGNMENTS_FORMAT = 'hashiya-assignments';
export const ASSIGNMENTS_VERSION = 1;

/** Document id → the annotators assigned to it (sorted, no repeats). Documents not listed have no one assigned. */
export type Assignments = ReadonlyMap<string, readonly string[]>;

export function parseAssignments(text: string, file: string): Result<Assignments> {
  const parsed = parseLocatedJson(text);
  if (!parsed.ok) return { ok: false, errors: [{ file, line: parsed.line, message: parsed.message }] };
  const problems: FileProblem[] = [];
  const root = parsed.value;
  if (root.kind !== 'object') return { ok: false, errors: [{ file, line: root.line, message: 'the assignments must be a JSON object' }] };
  for (const [key, node] of root.members) {
    if (!['format', 'version', 'documents'].includes(key)) problems.push({ file, line: node.line, message: `unexpected member "${key}" (expected format, version, documents)` });
  }
  const format = root.members.get('format');
  if (format?.kind !== 'string' || format.value !== ASSIGNMENTS_FORMAT) {
    problems.push({ file, line: format?.line ?? root.line, message: `"format" must be "${ASSIGNMENTS_FORMAT}": this is not a Hashiya assignment file` });
  }
  const version = root.members.get('version');
  if (version?.kind !== 'number' || version.value !== ASSIGNMENTS_VERSION) {
    problems.push({ file, line: version?.line ?? root.line, message: `"version" must be ${ASSIGNMENTS_VERSION} (this Hashiya reads version ${ASSIGNMENTS_VERSION})` });
  }
  const documents = root.members.get('documents');
  const out = new Map<string, readonly string[]>();
  if (documents?.kind !== 'object') {
    problems.push({ file, line: documents?.line ?? root.line, message: '"documents" must be an object: document id → list of annotator names' });
  } else {
    for (const [id, node] of documents.members) {
      const idCheck = validateDocumentId(id, file);
      if (!idCheck.ok) problems.push(...idCheck.errors.map((e) => ({ ...e, line: node.line })));
      if (node.kind !== 'array') {
        problems.push({ file, line: node.line, message: `"${id}" must list annotator names` });
        continue;
      }
      const names: string[] = [];
      for (const item of node.items) {
        if (item.kind !== 'string') {
          problems.push({ file, line: item.line, message: `an annotator of "${id}" is not a string` });
          continue;
        }
        const nameCheck = validateAnnotatorName(item.value, file);
        if (!nameCheck.ok) problems.push(...nameCheck.errors.map((e) => ({ ...e, line: item.line })));
        else if (names.includes(item.value)) problems.push({ file, line: item.line, message: `"${item.value}" is assigned to "${id}" twice` });
        else names.push(item.value);
      }
      out.set(id, [...names].sort());
    }
  }
  return problems.length > 0 ? { ok: false, errors: problems } : { ok: true, value: out };
}

/** The file text: documents sorted by id, one per line, annotators sorted; ends with a newline. */
export function serializeAssignments(assignments: Assignments): string {
  const ids = [...assignments.keys()].filter((id) => (assignments.get(id) ?? []).length > 0).sort();
  const lines = ids.map((id) => `${JSON.stringify(id)}: ${JSON.stringify([...(assignments.get(id) ?? [])].sort())}`);
  return `{"format": ${JSON.stringify(ASSIGNMENTS_FORMAT)}, "version": ${ASSIGNMENTS_VERSION}, "documents": {\n${lines.join(',\n')}${lines.length > 0 ? '\n' : ''}}}\n`;
}

/** `assignments` with `documentId` assigned exactly to `annotators` (none: the document is unassigned). */
export function assign(assignments: Assignments, documentId: string, annotators: readonly string[]): Assignments {
  const next = new Map(assignments);
  const names = [...new Set(annotators)].sort();
  if (names.length === 0) next.delete(documentId);
  else next.set(documentId, names);
  return next;
}

/**
 * Gives every document in `documentIds` `perDocument` annotators from `annotators`, keeping the
 * assignments it already has and adding only what is missing; each addition goes to the
 * annotator with the fewest documents so far (ties: the order of `annotators`), so the work ends
 * spread as evenly as the existing assignments allow. Deterministic.
 * @throws RangeError when `perDocument` is not between 1 and the number of annotators.
 */
export function spreadAssignments(assignments: Assignments, documentIds: readonly string[], annotators: readonly string[], perDocument: number): Assignments {
  const people = [...new Set(annotators)];
  if (!Number.isInteger(perDocument) || perDocument < 1 || perDocument > people.length) {
    throw new RangeError(`${perDocument} annotators per document is not possible with ${people.length} annotator(s)`);
  }
  const load = new Map(people.map((p) => [p, 0]));
  for (const names of assignments.values()) for (const n of names) if (load.has(n)) load.set(n, (load.get(n) ?? 0) + 1);
  const next = new Map(assignments);
  for (const id of [...documentIds].sort()) {
    const current = [...(next.get(id) ?? [])];
    while (current.filter((n) => load.has(n)).length < perDocument) {
      let best: string | undefined;
      for (const p of people) if (!current.includes(p) && (best === undefined || (load.get(p) ?? 0) < (load.get(best) ?? 0))) best = p;
      if (best === undefined) break;
      current.push(best);
      load.set(best, (load.get(best) ?? 0) + 1);
    }
    next.set(id, current.sort());
  }
  return next;
}

/**
 * An annotator's queue: the documents assigned to them, those not done first (in progress before
 * not started), then by id. `status` gives the annotator's status of a document.
 */
export function queueOf(assignments: Assignments, annotator: string, status: (documentId: string) => DocumentStatus): readonly string[] {
  const rank: Record<DocumentStatus, number> = { in_progress: 0, not_started: 1, done: 2 };
  return [...assignments]
    .filter(([, names]) => names.includes(annotator))
    .map(([id]) => id)
    .sort((a, b) => rank[status(a)] - rank[status(b)] || (a < b ? -1 : a > b ? 1 : 0));
}
