/**
 * Grapheme cluster boundaries (Unicode extended grapheme clusters, via `Intl.Segmenter`), so
 * that no offset separates a letter from its haraka. Offsets here are **UTF-16** code units:
 * these helpers sit under the code point API of this folder and are not exported from it.
 *
 * Performance (Node 20, V8 11): iterating the segments of a text is quadratic in its length
 * (15 s for 100,000 characters), and even one `containing` lookup grows with the length of the
 * text segmented (0.5 ms at 100,000 characters, a few microseconds at 2,000). So a boundary
 * lookup is answered without the segmenter where both neighbours are plain characters (between
 * two of them there is always a boundary), and otherwise by segmenting only the few characters
 * between the nearest such boundaries; whole-text walks go chunk by chunk (`graphemeChunks`).
 */

const graphemes = new Intl.Segmenter('ar', { granularity: 'grapheme' });

/**
 * UTF-16 code units that are whole characters with no say in grapheme breaking: Grapheme_Cluster_Break
 * `Other` (or `LF`/`Control` that is not `CR`), not Prepend, not Extend/ZWJ/SpacingMark, not a
 * regional indicator, Hangul jamo, surrogate, nor an Indic conjunct consonant or linker. Between
 * two of them rule GB999 (or GB4/GB5 next to a line feed or tab) always breaks: no rule of UAX #29
 * joins them, and the rules that look further back (GB9c, GB11, GB12/13) need a mark, a ZWJ or a
 * regional indicator right before the break. Ranges picked for Arabic text with Latin and
 * punctuation; `test/unit/text-grapheme-boundaries.test.ts` checks every pair against `Intl.Segmenter`.
 */
const PLAIN_RANGES: readonly (readonly [number, number])[] = [
  [0x0009, 0x000a], // tab, line feed (not CR: CR × LF)
  [0x0020, 0x007e], // ASCII printable
  [0x00a0, 0x00ac], // Latin-1 punctuation and symbols (not the soft hyphen U+00AD, a format control)
  [0x00ae, 0x00ff], // Latin-1 symbols and letters
  [0x0606, 0x060f], // Arabic signs and punctuation after the prepended number signs U+0600–0605
  [0x061b, 0x061b], // Arabic semicolon (U+061C is the Arabic letter mark, a control)
  [0x061d, 0x064a], // Arabic punctuation, letters and the tatweel U+0640
  [0x0660, 0x066f], // Arabic-Indic digits, percent, separators, dotless letters
  [0x0671, 0x06d5], // Arabic letters (after the superscript alef U+0670, a mark)
  [0x06de, 0x06de], // start of rub el hizb (U+06DD, end of ayah, is prepended)
  [0x06e5, 0x06e6], // small waw, small yeh
  [0x06e9, 0x06e9], // place of sajdah
  [0x06ee, 0x06ff], // Arabic letters, extended Arabic-Indic digits, signs
  [0x0750, 0x077f], // Arabic Supplement letters
  [0x2010, 0x2027], // dashes, quotation marks, bullets, ellipsis
  [0x2030, 0x203b], // per mille, primes, guillemets, reference mark
  [0x203d, 0x2048], // interrobang … (not ‼ U+203C nor ⁉ U+2049, pictographs)
  [0x204a, 0x205e], // more punctuation
];

/** 1 for each {@link PLAIN_RANGES} code unit. */
const PLAIN = new Uint8Array(0x10000);
for (const [from, to] of PLAIN_RANGES) PLAIN.fill(1, from, to + 1);

/** Whether the UTF-16 code unit `unit` is one of the plain characters of {@link PLAIN_RANGES}. */
export function isPlainUnit(unit: number): boolean {
  return PLAIN[unit] === 1;
}

/**
 * True when `u16` is a grapheme boundary of `text` because the characters on both sides of it
 * are plain ({@link isPlainUnit}); false says nothing (the segmenter must decide).
 */
function plainBoundary(text: string, u16: number): boolean {
  return PLAIN[text.charCodeAt(u16 - 1)] === 1 && PLAIN[text.charCodeAt(u16)] === 1;
}

/**
 * The grapheme cluster of `text` that contains the UTF-16 offset `u16` (`0 < u16 < text.length`):
 * its start and length. Found by segmenting only the stretch between the nearest plain
 * boundaries ({@link plainBoundary}) around `u16`, or the text's ends: segmenting from a
 * boundary gives the text's own boundaries after it, and no rule looks past a plain boundary,
 * so the cluster is the one the whole text has — at a cost that does not grow with the text.
 */
function clusterAt(text: string, u16: number): { readonly index: number; readonly length: number } {
  let from = u16 - 1;
  while (from > 0 && !plainBoundary(text, from)) from -= 1;
  let to = u16 + 1;
  while (to < text.length && !plainBoundary(text, to)) to += 1;
  const cluster = graphemes.segment(text.slice(from, to)).containing(u16 - from);
  return cluster === undefined ? { index: u16, length: 0 } : { index: from + cluster.index, length: cluster.segment.length };
}

/** The grapheme clusters of `text` (iterate short texts only; see the module comment). */
export function segmentGraphemes(text: string): Intl.Segments {
  return graphemes.segment(text);
}

/**
 * `u16` itself when it is a grapheme boundary of `text`, else the start of the cluster that
 * contains it. `0` and `text.length` are boundaries.
 */
export function graphemeFloor(text: string, u16: number): number {
  if (u16 <= 0 || u16 >= text.length || plainBoundary(text, u16)) return u16;
  return clusterAt(text, u16).index;
}

/**
 * `u16` itself when it is a grapheme boundary of `text`, else the end of the cluster that
 * contains it. `0` and `text.length` are boundaries.
 */
export function graphemeCeil(text: string, u16: number): number {
  if (u16 <= 0 || u16 >= text.length || plainBoundary(text, u16)) return u16;
  const cluster = clusterAt(text, u16);
  return cluster.index === u16 ? u16 : cluster.index + cluster.length;
}

/**
 * `text` cut into consecutive pieces of about `size` UTF-16 units, each cut on a grapheme
 * boundary (a piece is longer only when a single cluster is). Their concatenation is `text`.
 */
export function graphemeChunks(text: string, size: number): string[] {
  const chunks: string[] = [];
  let from = 0;
  while (from < text.length) {
    let to = Math.min(text.length, from + size);
    if (to < text.length) {
      const floor = graphemeFloor(text, to);
      to = floor > from ? floor : graphemeCeil(text, to);
    }
    chunks.push(text.slice(from, to));
    from = to;
  }
  return chunks;
}
