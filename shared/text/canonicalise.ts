/**
 * Import canonicalisation: the one-time transform from a file's decoded text to the canonical
 * text that annotations point into, with a map from raw offsets (as brat counts them) to
 * canonical ones. All offsets are code points.
 */

import type { Canonicalisation, Result } from '../model';
import { CodePointIndex, codePointLength } from './code-points';
import { decodeText, firstInvalidUtf8, lineOfByte } from './decode-text';
import { graphemeChunks, segmentGraphemes } from './grapheme-boundaries';
import { OffsetMap, diffMap, type Replacement } from './offset-map';

export { decodeText, type DecodedText } from './decode-text';

/** The canonical text of a document and how it relates to the raw text it came from. */
export interface CanonicalText {
  /** The canonical text: no leading BOM, LF line breaks only, NFC. */
  readonly text: string;
  /** What canonicalisation did (everything but the encoding, which it does not know). */
  readonly info: Omit<Canonicalisation, 'encoding'>;
  /**
   * Canonical code point offset of the raw code point offset `rawCp`, counting a leading BOM
   * and every `\r` of the raw text as one code point each (as brat does).
   * - An offset at the start of, or inside, the removed BOM maps to 0.
   * - An offset between `\r` and `\n` maps to the position of the LF they became.
   * - An offset strictly inside a grapheme cluster that NFC changed maps to the canonical
   *   cluster's start (`side` `'start'`) or end (`'end'`). Everywhere else `side` is irrelevant.
   *
   * So a raw span `[s, e)` whose edges are grapheme boundaries becomes
   * `[mapOffset(s, 'start'), mapOffset(e, 'end'))`, holding the canonical form of its text.
   * @throws RangeError when `rawCp` is not an integer in `0..` the raw length in code points.
   */
  mapOffset(rawCp: number, side: 'start' | 'end'): number;
}

const BOM = '\uFEFF';
const LINE_BREAK = /\r\n?/gu;
const PRESENTATION_FORM = /[\uFB50-\uFDFF\uFE70-\uFEFE]/gu;
const INNER_BOM = /\uFEFF/gu;
/** `ال` encoded in UTF-8 (D8 A7 D9 84) and decoded as windows-1256. */
const MOJIBAKE = 'ط§ظ„';

function lineOf(text: string, u16: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < u16; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

function textWarnings(text: string): string[] {
  const warnings: string[] = [];
  const forms = [...text.matchAll(PRESENTATION_FORM)];
  if (forms[0] !== undefined) {
    warnings.push(
      `${forms.length} Arabic presentation form character(s) (U+FB50–U+FDFF, U+FE70–U+FEFE), ` +
        `first on line ${lineOf(text, forms[0].index)}: the text was probably extracted from a ` +
        `PDF, and search will not match these letters.`,
    );
  }
  const mojibake = text.indexOf(MOJIBAKE);
  if (mojibake !== -1) {
    warnings.push(
      `"${MOJIBAKE}" on line ${lineOf(text, mojibake)} is "ال" in UTF-8 read as windows-1256 ` +
        `(mojibake): the source was mis-decoded before it was saved; re-export it as UTF-8.`,
    );
  }
  const boms = [...text.matchAll(INNER_BOM)];
  if (boms[0] !== undefined) {
    warnings.push(
      `${boms.length} U+FEFF character(s) (a byte order mark left inside the text), first on ` +
        `line ${lineOf(text, boms[0].index)}.`,
    );
  }
  return warnings;
}

/** UTF-16 units per chunk of the NFC walk: chunks NFC leaves alone are skipped whole. */
const NFC_CHUNK = 1024;

/**
 * NFC, one grapheme cluster at a time, so each changed cluster is known. Returns `undefined`
 * when the result differs from whole-text NFC (not seen with Unicode 17; kept as a guard).
 */
function nfcByCluster(text: string): { text: string; map: OffsetMap } | undefined {
  const parts: string[] = [];
  const replacements: Replacement[] = [];
  let inCp = 0;
  let outCp = 0;
  for (const chunk of graphemeChunks(text, NFC_CHUNK)) {
    if (chunk.normalize('NFC') === chunk) {
      const length = codePointLength(chunk);
      parts.push(chunk);
      inCp += length;
      outCp += length;
      continue;
    }
    for (const { segment } of segmentGraphemes(chunk)) {
      const nfc = segment.normalize('NFC');
      const inLength = codePointLength(segment);
      const outLength = nfc === segment ? inLength : codePointLength(nfc);
      if (nfc !== segment) {
        replacements.push({ inStart: inCp, inEnd: inCp + inLength, outStart: outCp, outEnd: outCp + outLength });
      }
      parts.push(nfc);
      inCp += inLength;
      outCp += outLength;
    }
  }
  const result = parts.join('');
  return result === text.normalize('NFC') ? { text: result, map: new OffsetMap(replacements) } : undefined;
}

/**
 * Canonicalises decoded text: removes one leading U+FEFF (BOM), turns CRLF and then lone CR
 * into LF, and normalises to NFC (never NFKC). Warns (in `info.warnings`) about Arabic
 * presentation forms, the mojibake pattern `ط§ظ„` and U+FEFF left inside the text.
 *
 * NFC is applied per grapheme cluster so that {@link CanonicalText.mapOffset} is exact outside
 * changed clusters; should that ever differ from whole-text NFC, whole-text NFC is used with a
 * coarser map (one changed stretch from the first to the last differing code point).
 */
export function canonicalise(raw: string): CanonicalText {
  const rawIndex = new CodePointIndex(raw);
  const bomRemoved = raw.startsWith(BOM);
  const body = bomRemoved ? raw.slice(1) : raw;

  const deletions: Replacement[] = [];
  if (bomRemoved) deletions.push({ inStart: 0, inEnd: 1, outStart: 0, outEnd: 0 });
  let crlf = 0;
  let cr = 0;
  for (const match of raw.matchAll(LINE_BREAK)) {
    if (match[0].length === 1) {
      cr++;
      continue;
    }
    const at = rawIndex.toCodePoint(match.index);
    const out = at - deletions.length;
    deletions.push({ inStart: at, inEnd: at + 1, outStart: out, outEnd: out });
    crlf++;
  }
  const unified = crlf + cr > 0 ? body.replace(LINE_BREAK, '\n') : body;
  const lineMap = new OffsetMap(deletions);

  let text = unified;
  let nfcMap = new OffsetMap([]);
  const whole = unified.normalize('NFC');
  if (whole !== unified) {
    const byCluster = nfcByCluster(unified);
    text = byCluster?.text ?? whole;
    nfcMap = byCluster?.map ?? diffMap(unified, whole);
  }

  const info: Omit<Canonicalisation, 'encoding'> = Object.freeze({
    bomRemoved,
    crlf,
    cr,
    nfcChanged: text !== unified,
    warnings: Object.freeze(textWarnings(text)),
  });
  const rawLength = rawIndex.length;
  return Object.freeze({
    text,
    info,
    mapOffset(rawCp: number, side: 'start' | 'end'): number {
      if (!Number.isInteger(rawCp) || rawCp < 0 || rawCp > rawLength) {
        throw new RangeError(`Raw offset ${rawCp} is outside 0..${rawLength}`);
      }
      return nfcMap.map(lineMap.map(rawCp, side), side);
    },
  });
}

/**
 * Decodes (see {@link decodeText}) and canonicalises (see {@link canonicalise}) an imported
 * file. `raw` is the decoded text before canonicalisation (BOM and `\r` included): the text
 * `mapOffset` counts in. When the bytes were not UTF-8, the warnings start with one saying so.
 */
export function canonicaliseBytes(
  bytes: Uint8Array,
  fileName: string,
): Result<CanonicalText & { readonly canonicalisation: Canonicalisation; readonly raw: string }> {
  const decoded = decodeText(bytes, fileName);
  if (!decoded.ok) return decoded;
  const { text: raw, encoding } = decoded.value;
  const canonical = canonicalise(raw);
  const warnings =
    encoding === 'utf-8'
      ? canonical.info.warnings
      : Object.freeze([
          `${fileName} is not valid UTF-8 (first bad byte on line ${lineOfByte(bytes, firstInvalidUtf8(bytes))}); ` +
            `it was read as windows-1256: check that the Arabic reads correctly.`,
          ...canonical.info.warnings,
        ]);
  const info = Object.freeze({ ...canonical.info, warnings });
  return {
    ok: true,
    value: Object.freeze({
      text: canonical.text,
      info,
      mapOffset: canonical.mapOffset,
      canonicalisation: Object.freeze({ encoding, ...info }),
      raw,
    }),
  };
}
