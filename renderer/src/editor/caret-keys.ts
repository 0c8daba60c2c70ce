/**
 * The keys that move the caret and the selection in the article.
 *
 * The article view is not editable (an editable root made Chromium walk the article's text up to
 * the caret on every selection change inside a key press: 10–20 ms per label key at 5,000 spans).
 * In text that is not editable, Chromium neither draws a caret nor moves one, and Shift+arrows
 * extend only a range, never a caret (unless caret browsing is on). So these keys move the page's
 * selection with `Selection.modify`, which works in any text and follows the text's direction
 * (ArrowLeft goes forward in Arabic), as the keys do in an editable field; `drawn-caret.ts` shows
 * the caret.
 */

/** What `Selection.modify(alter, direction, granularity)` is given for a key. */
export interface CaretMove {
  readonly alter: 'move' | 'extend';
  readonly direction: 'left' | 'right' | 'backward' | 'forward';
  readonly granularity: 'character' | 'word' | 'line' | 'paragraph' | 'lineboundary' | 'documentboundary';
}

/** The parts of a key event {@link caretMoveForKey} reads. */
export type CaretKey = Pick<KeyboardEvent, 'key' | 'shiftKey' | 'ctrlKey' | 'metaKey' | 'altKey'>;

/**
 * The selection change a key makes in the article, as in an editable field: arrows by character
 * (Ctrl or Alt: by word; Meta: to the line's end, as on macOS), up and down by line (Ctrl: by
 * paragraph), Home and End to the line's ends (Ctrl: the article's ends); Shift extends the
 * selection instead of moving the caret. Null for every other key. Pure.
 */
export function caretMoveForKey(event: CaretKey): CaretMove | null {
  const alter = event.shiftKey ? 'extend' : 'move';
  const byWord = event.ctrlKey || event.altKey;
  switch (event.key) {
    case 'ArrowLeft':
    case 'ArrowRight': {
      const direction = event.key === 'ArrowLeft' ? 'left' : 'right';
      return { alter, direction, granularity: event.metaKey ? 'lineboundary' : byWord ? 'word' : 'character' };
    }
    case 'ArrowUp':
    case 'ArrowDown':
      return { alter, direction: event.key === 'ArrowUp' ? 'backward' : 'forward', granularity: event.metaKey ? 'documentboundary' : event.ctrlKey ? 'paragraph' : 'line' };
    case 'Home':
    case 'End':
      return { alter, direction: event.key === 'Home' ? 'backward' : 'forward', granularity: event.ctrlKey || event.metaKey ? 'documentboundary' : 'lineboundary' };
    default:
      return null;
  }
}

/** Whether the key selects the whole article (Ctrl+A, or Cmd+A). */
export function isSelectAllKey(event: CaretKey): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey && event.key.toLowerCase() === 'a';
}
