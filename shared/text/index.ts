/**
 * Text, offsets and Arabic: the public surface of `shared/text`. Every offset taken or returned
 * is a Unicode code point offset unless a name says otherwise (UTF-16, ProseMirror position).
 */

export { CodePointIndex, codePointLength } from './code-points';
export {
  canonicalise,
  canonicaliseBytes,
  decodeText,
  type CanonicalText,
  type DecodedText,
} from './canonicalise';
export { EditorPositions } from './editor-positions';
export { snapSelection, type SnapMode } from './snap-selection';
export { quoteContext } from './quote-context';
export { trimLeadingClitic } from './trim-clitic';
