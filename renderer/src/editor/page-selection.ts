/**
 * The page's selection, taken into ProseMirror before the editor acts on its own.
 *
 * ProseMirror reads the page's selection on `selectionchange`, which may not have come yet (a
 * selection just made, then a key press or a redraw of the ghosts), and does not always take it
 * then (a click's caret, read once ProseMirror's mouse handling is over). A redraw before that
 * would put ProseMirror's older selection back into the page, e.g. at the document's start, and
 * a label key would label the older selection. The page's selection is what the user did last.
 *
 * And a caret is kept out of the page while the highlights around it are redrawn in a key press
 * or a click, and put back after the paint ({@link setCaretAside}).
 */
import { TextSelection } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';

/** The ends of the page's selection when both lie in `view`, else null. */
function selectionIn(view: EditorView): { anchorNode: Node; anchorOffset: number; focusNode: Node; focusOffset: number } | null {
  const selection = view.dom.ownerDocument.getSelection();
  if (!selection || selection.rangeCount === 0) return null;
  const { anchorNode, anchorOffset, focusNode, focusOffset } = selection;
  if (!anchorNode || !focusNode || !view.dom.contains(anchorNode) || !view.dom.contains(focusNode)) return null;
  return { anchorNode, anchorOffset, focusNode, focusOffset };
}

/**
 * Sets the page's selection into ProseMirror when it lies in `view` and the two differ (one
 * transaction, not in the undo history); otherwise does nothing.
 */
export function takePageSelectionIn(view: EditorView): void {
  const selection = selectionIn(view);
  if (!selection) return;
  let anchor: number;
  let head: number;
  try {
    anchor = view.posAtDOM(selection.anchorNode, selection.anchorOffset);
    head = view.posAtDOM(selection.focusNode, selection.focusOffset);
  } catch {
    return;
  }
  if (anchor === view.state.selection.anchor && head === view.state.selection.head) return;
  const { doc } = view.state;
  view.dispatch(view.state.tr.setSelection(TextSelection.between(doc.resolve(anchor), doc.resolve(head))).setMeta('addToHistory', false));
}

/**
 * Takes a caret (a collapsed page selection) out of `view` before a redraw around it; returns its
 * document position, or null when the page's selection is not a caret in `view` (then nothing is
 * done). ProseMirror would otherwise set the caret into the redrawn DOM at once, and a selection
 * set inside a key press or a click makes Chromium read the text before it (for the browser's
 * own use) before the frame can be drawn: 10–20 ms at 5,000 spans. Put it back with
 * {@link putCaretBackAfterPaint}.
 */
export function setCaretAside(view: EditorView): number | null {
  const selection = view.dom.ownerDocument.getSelection();
  const ends = selectionIn(view);
  if (!selection || !ends || !selection.isCollapsed) return null;
  let at: number;
  try {
    at = view.posAtDOM(ends.focusNode, ends.focusOffset);
  } catch {
    return null;
  }
  selection.removeAllRanges();
  return at;
}

/**
 * After the next paint (a task posted from the next animation frame, so outside any input
 * event), puts the caret at document position `at` of `view`, in the text before it (not between
 * elements); unless something was selected meanwhile or the view is gone.
 */
export function putCaretBackAfterPaint(view: EditorView, at: number): void {
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      const selection = view.dom.ownerDocument.getSelection();
      if (view.isDestroyed || !selection || selection.rangeCount > 0 || at > view.state.doc.content.size) return;
      const { node, offset } = view.domAtPos(at, -1);
      selection.collapse(node, offset);
    };
    channel.port2.postMessage(null);
  });
}
