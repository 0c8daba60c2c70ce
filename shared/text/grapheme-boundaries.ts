/**
 * Grapheme cluster boundaries (Unicode extended grapheme clusters, via `Intl.Segmenter`), so
 * that no offset separates a letter from its haraka. Offsets here are **UTF-16** code units:
 * these helpers sit under the code point API of this folder and are not exported from it.
 *
 * Performance (Node 20, V8 11): iterating the segments of a text is quadratic in its length
 * (15 s for 100,000 characters), while one `containing` lookup costs about 0.2 ms there. So
 * boundary lookups use `containing`, and whole-text walks go chunk by chunk (`graphemeChunks`).
 */

const graphemes = new Intl.Segmenter('ar', { granularity: 'grapheme' });

/** The grapheme clusters of `text` (iterate short texts only; see the module comment). */
export function segmentGraphemes(text: string): Intl.Segments {
  return graphemes.segment(text);
}

/**
 * `u16` itself when it is a grapheme boundary of `text`, else the start of the cluster that
 * contains it. `0` and `text.length` are boundaries.
 */
export function graphemeFloor(text: string, u16: number): number {
  if (u16 <= 0 || u16 >= text.length) return u16;
  const cluster = graphemes.segment(text).containing(u16);
  return cluster === undefined ? u16 : cluster.index;
}

/**
 * `u16` itself when it is a grapheme boundary of `text`, else the end of the cluster that
 * contains it. `0` and `text.length` are boundaries.
 */
export function graphemeCeil(text: string, u16: number): number {
  if (u16 <= 0 || u16 >= text.length) return u16;
  const cluster = graphemes.segment(text).containing(u16);
  if (cluster === undefined || cluster.index === u16) return u16;
  return cluster.index + cluster.segment.length;
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
