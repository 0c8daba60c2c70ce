/**
 * Bytes of an imported file to a JavaScript string: strict UTF-8, else windows-1256 (common for
 * Arabic), and a refusal of files that are not text. Re-exported by `canonicalise.ts`.
 */

import type { FileProblem, Result } from '../model';
import { codePointLength } from './code-points';

/** Decoded text of a file, byte order mark (if any) still at its start. */
export interface DecodedText {
  readonly text: string;
  readonly encoding: 'utf-8' | 'windows-1256';
}

/**
 * Share of control characters (C0 other than tab, LF, VT, FF, CR; DEL; C1) above which a file
 * is refused as not text. Real text has practically none; binary files without a NUL byte
 * (rare) have far more than this.
 */
const MAX_CONTROL_SHARE = 0.1;

// Matching control characters is the point here.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000E-\u001F\u007F-\u009F]/gu;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const windows1256 = new TextDecoder('windows-1256', { ignoreBOM: true });

function problem(file: string, message: string, line?: number): Result<never> {
  const error: FileProblem = line === undefined ? { file, message } : { file, line, message };
  return { ok: false, errors: [error] };
}

/** 1-based line of byte `at`, counting LF, CRLF and lone CR as line breaks. */
export function lineOfByte(bytes: Uint8Array, at: number): number {
  let line = 1;
  for (let i = 0; i < at; i++) {
    const b = bytes[i];
    if (b === 0x0a || (b === 0x0d && bytes[i + 1] !== 0x0a)) line++;
  }
  return line;
}

/** 1-based line of UTF-16 offset `at` in `text`, counting LF, CRLF and lone CR as breaks. */
function lineOfUnit(text: string, at: number): number {
  return 1 + (text.slice(0, at).match(/\r\n?|\n/gu)?.length ?? 0);
}

/**
 * Offset of the first byte that starts an ill-formed UTF-8 sequence (Unicode table 3-7), or -1
 * when `bytes` is well-formed UTF-8.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i++;
      continue;
    }
    let follow: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) follow = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      follow = 2;
      if (lead === 0xe0) lo = 0xa0;
      if (lead === 0xed) hi = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      follow = 3;
      if (lead === 0xf0) lo = 0x90;
      if (lead === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= follow; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < lo || next > hi) return i;
      lo = 0x80;
      hi = 0xbf;
    }
    i += follow + 1;
  }
  return -1;
}

/**
 * Decodes an imported file. Strict UTF-8 first (a byte order mark is kept at the start of the
 * returned text: canonicalisation removes it and counts it); when the bytes are not valid UTF-8,
 * windows-1256, which decodes any byte sequence.
 *
 * Fails, naming `fileName` (and the 1-based line when it can), for an empty file (also one
 * holding only a byte order mark), a UTF-16 file, a file containing a NUL byte, a file that
 * starts with a UTF-8 byte order mark but is not valid UTF-8, and a file whose characters are
 * more than 10% control characters.
 */
export function decodeText(bytes: Uint8Array, fileName: string): Result<DecodedText> {
  if (bytes.length === 0) return problem(fileName, `${fileName} is empty`);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return problem(fileName, `${fileName} is UTF-16 text (it starts with a UTF-16 byte order mark): save it as UTF-8`, 1);
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return problem(
      fileName,
      `${fileName} is not text: it contains a NUL byte (a binary file, or UTF-16 text: save it as UTF-8)`,
      lineOfByte(bytes, nul),
    );
  }

  let text: string;
  let encoding: DecodedText['encoding'];
  try {
    text = utf8.decode(bytes);
    encoding = 'utf-8';
  } catch {
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      return problem(
        fileName,
        `${fileName} starts with a UTF-8 byte order mark but is not valid UTF-8`,
        lineOfByte(bytes, firstInvalidUtf8(bytes)),
      );
    }
    text = windows1256.decode(bytes);
    encoding = 'windows-1256';
  }

  if (text === '\uFEFF') return problem(fileName, `${fileName} is empty (only a byte order mark)`);

  const controls = [...text.matchAll(CONTROL)];
  const first = controls[0];
  const length = codePointLength(text);
  if (first !== undefined && controls.length > MAX_CONTROL_SHARE * length) {
    return problem(
      fileName,
      `${fileName} is not text: ${controls.length} of its ${length} characters are control characters`,
      lineOfUnit(text, first.index),
    );
  }
  return { ok: true, value: { text, encoding } };
}
