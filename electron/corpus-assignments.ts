/**
 * The corpus's `assignments.json` on disk: read (a missing file is "nobody assigned"; a damaged
 * one is refused naming file and line, and never overwritten) and written atomically. The rules
 * (format, spreading, queues) are in shared/corpus/assignments.ts.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ASSIGNMENTS_FILE, parseAssignments, serializeAssignments, type Assignments } from '../shared/corpus/assignments.js';
import { validateAnnotatorName, validateDocumentId } from '../shared/corpus/ids.js';
import { writeFileAtomic } from './atomic-write.js';
import { CorpusError } from './corpus-store.js';
import { decodeUtf8Strict, isErrnoCode } from './node-text.js';

export function assignmentsPath(root: string): string {
  return path.join(root, ASSIGNMENTS_FILE);
}

/** The assignments of the corpus at `root`; empty when there is no file. */
export async function readAssignments(root: string): Promise<Assignments> {
  const file = assignmentsPath(root);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (error) {
    if (isErrnoCode(error, 'ENOENT')) return new Map();
    throw error;
  }
  const text = decodeUtf8Strict(bytes);
  if (text === undefined) throw new CorpusError([{ file, message: 'not valid UTF-8' }], 'damaged');
  const parsed = parseAssignments(text, file);
  if (!parsed.ok) throw new CorpusError(parsed.errors, 'damaged');
  return parsed.value;
}

/**
 * Replaces the assignments of the corpus at `root` with `assignments`, after checking every id and
 * name (refused: `invalid`, nothing written) and that the file on disk still reads (a damaged file
 * is not overwritten: `damaged`). `knownDocuments` are the corpus's document ids: assigning one
 * that does not exist is refused.
 */
export async function writeAssignments(root: string, assignments: Assignments, knownDocuments: ReadonlySet<string>): Promise<void> {
  const file = assignmentsPath(root);
  const problems = [];
  for (const [id, names] of assignments) {
    const idCheck = validateDocumentId(id, file);
    if (!idCheck.ok) problems.push(...idCheck.errors);
    else if (!knownDocuments.has(id)) problems.push({ file, message: `no document "${id}" in this corpus` });
    for (const name of names) {
      const nameCheck = validateAnnotatorName(name, file);
      if (!nameCheck.ok) problems.push(...nameCheck.errors);
    }
  }
  if (problems.length > 0) throw new CorpusError(problems, 'invalid');
  await readAssignments(root);
  await writeFileAtomic(file, serializeAssignments(assignments));
}
