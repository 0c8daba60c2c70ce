/**
 * Document ids and annotator names. Both become file or folder names inside a corpus
 * (`documents/<id>.txt`, `layers/<annotator>/<id>.jsonl`), so both are checked before any path
 * is built from them: no separators, no `..`, no names Windows reserves for devices.
 */
import type { Result } from '../model.js';

/** A document id: ASCII letters, digits, `_`, `.`, `-`; 1–128 characters; starts with a letter or digit. */
export const DOCUMENT_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;

/** Longest annotator name, in code points. */
export const ANNOTATOR_NAME_MAX = 64;

/** Letters, marks, decimal digits, `_`, `.`, `-`, and single spaces between such runs. */
const ANNOTATOR_PATTERN = /^[\p{L}\p{M}\p{Nd}_.-]+(?: [\p{L}\p{M}\p{Nd}_.-]+)*$/u;

/** Device names Windows refuses as a file or folder name, with or without an extension. */
const WINDOWS_RESERVED = /^(?:CON|PRN|AUX|NUL|COM[0-9]|LPT[0-9])$/i;

function isWindowsReserved(name: string): boolean {
  return WINDOWS_RESERVED.test(name.split('.')[0] ?? '');
}

function refused(file: string, message: string): Result<string> {
  return { ok: false, errors: [{ file, message }] };
}

/**
 * Checks a document id. Returns the id unchanged when valid; otherwise one problem whose
 * `file` is the given `file` (empty when the id did not come from a file).
 */
export function validateDocumentId(id: string, file = ''): Result<string> {
  if (!DOCUMENT_ID_PATTERN.test(id)) {
    return refused(
      file,
      `${JSON.stringify(id)} is not a document id: use 1–128 ASCII letters, digits, "_", "." or "-", starting with a letter or digit`,
    );
  }
  if (isWindowsReserved(id)) return refused(file, `${JSON.stringify(id)} is not a document id: Windows reserves that name`);
  return { ok: true, value: id };
}

/**
 * Checks an annotator name: Unicode letters, marks, decimal digits, `_`, `-`, `.` and single
 * inner spaces; 1–64 code points; not starting or ending with `.`; already NFC. Nothing is
 * normalised or trimmed for the caller: anything else is refused with a message saying why.
 */
export function validateAnnotatorName(name: string, file = ''): Result<string> {
  const shown = JSON.stringify(name);
  const length = [...name].length;
  if (length === 0) return refused(file, 'the annotator name is empty');
  if (length > ANNOTATOR_NAME_MAX) return refused(file, `annotator name ${shown} is longer than ${ANNOTATOR_NAME_MAX} characters`);
  if (name.normalize('NFC') !== name) return refused(file, `annotator name ${shown} is not in Unicode NFC form`);
  if (/[\\/]/.test(name)) return refused(file, `annotator name ${shown} must not contain "/" or "\\"`);
  if (name.startsWith('.') || name.endsWith('.')) return refused(file, `annotator name ${shown} must not start or end with "."`);
  if (!ANNOTATOR_PATTERN.test(name)) {
    return refused(
      file,
      `annotator name ${shown} may hold only letters, digits, "_", "-", "." and single spaces between words`,
    );
  }
  if (isWindowsReserved(name)) return refused(file, `annotator name ${shown} is a name Windows reserves`);
  return { ok: true, value: name };
}

/**
 * Derives a document id from an imported file's name: the base name without its last extension,
 * kept as it is when it is a valid id. Otherwise accents are dropped (`café` → `cafe`), each run
 * of other characters becomes `_`, and leading/trailing `_ . -` are trimmed; a name with nothing
 * left (an Arabic file name, say) becomes `doc-` plus 8 hex digits of a hash of the name, so two
 * different names stay distinct. A Windows device name gets a trailing `_`.
 *
 * When the result is already in `taken` (compared case-insensitively: on macOS and Windows
 * `A.txt` and `a.txt` are one file) `-2`, `-3`, ... is appended. Deterministic: the same name and
 * the same `taken` give the same id.
 */
export function deriveDocumentId(fileName: string, taken: ReadonlySet<string> = new Set()): string {
  const base = baseNameWithoutExtension(fileName);
  let id = sanitise(base);
  if (id === '') id = `doc-${fnv1a32(base.normalize('NFC'))}`;
  if (isWindowsReserved(id)) {
    const device = id.split('.')[0] ?? id;
    id = `${device}_${id.slice(device.length)}`;
  }
  id = id.slice(0, 128);

  const lowered = new Set([...taken].map((t) => t.toLowerCase()));
  if (!lowered.has(id.toLowerCase())) return id;
  for (let n = 2; ; n += 1) {
    const suffix = `-${n}`;
    const candidate = `${id.slice(0, 128 - suffix.length)}${suffix}`;
    if (!lowered.has(candidate.toLowerCase())) return candidate;
  }
}

function baseNameWithoutExtension(fileName: string): string {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(0, dot) : base;
}

function sanitise(base: string): string {
  if (DOCUMENT_ID_PATTERN.test(base)) return base;
  return base
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9_.-]+/g, '_')
    .replace(/^[_.-]+|[_.-]+$/g, '');
}

/** 32-bit FNV-1a over the UTF-16 code units, as 8 lower-case hex digits. */
function fnv1a32(s: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < s.length; i += 1) {
    hash ^= s.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
