/**
 * The page's selection, taken into ProseMirror before the editor acts on its own.
 *
 * ProseMirror reads the page's selection on `selectionchange`, which may not have come yet (a
 * selection just made, then a key press or a redraw of the ghosts), and does not always take it
 * then (a click's caret, read once ProseMirror's mouse handling is over). A redraw before that
 * would put ProseMirror's older selection back into the page, e.g. at the document's start, and
 * a label key would label the older selection. The page's selection is what the user did last.
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
