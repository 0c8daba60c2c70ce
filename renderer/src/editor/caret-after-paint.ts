/**
 * Redrawing highlights around the browser's caret without a forced layout inside the key press.
 *
 * When ProseMirror redraws the paragraph that holds the browser's selection, it puts the selection
 * back at once (`Selection.collapse`), and Chromium lays the page out right then, inside the key
 * press and before anything is painted (traced at 5,000 spans: most of a label key's script time).
 * A caret can wait a frame: {@link redrawAroundCaret} takes it out of the page, lets ProseMirror
 * redraw (it leaves alone a selection that is not in the editor), and puts it back after the next
 * paint, when the layout is clean and setting it costs little. A selected range — the user is
 * looking at it — and a selection being made with the mouse are left where they are.
 */
import { TextSelection } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';

/** Views whose caret is to be put back after the next paint. */
const pending = new WeakSet<EditorView>();
/** Where each view's caret goes back: ProseMirror's selection head after the last update. */
const targets = new WeakMap<EditorView, number>();
let pointerDown = false;
/** Mouse presses so far: one after the caret was taken out means the user put it somewhere. */
let presses = 0;
let tracking = false;

/** Follows the mouse buttons (once per page): a selection being dragged must not be taken away. */
function trackPointer(): void {
  if (tracking) return;
  tracking = true;
  window.addEventListener('pointerdown', () => ((pointerDown = true), (presses += 1)), { capture: true });
  window.addEventListener('pointerup', () => (pointerDown = false), { capture: true });
  window.addEventListener('pointercancel', () => (pointerDown = false), { capture: true });
}

/** The page's selection when it lies in `view` (both ends), else null. */
function selectionIn(view: EditorView): Selection | null {
  const selection = view.dom.ownerDocument.getSelection();
  if (!selection || selection.rangeCount === 0) return null;
  const { anchorNode, focusNode } = selection;
  return anchorNode && focusNode && view.dom.contains(anchorNode) && view.dom.contains(focusNode) ? selection : null;
}

/**
 * Takes the browser's selection out of `view` when ProseMirror would otherwise have to put it back
 * during the next update: always when `collapseRange` (the caller is about to collapse it, as a
 * label key does), else only a caret (collapsed), and never while a mouse button is down. Returns
 * whether it did; then the caret comes back at ProseMirror's selection head after the next paint.
 */
export function takeCaretOut(view: EditorView, collapseRange = false): boolean {
  trackPointer();
  const selection = selectionIn(view);
  if (!selection || pointerDown || (!selection.isCollapsed && !collapseRange)) return false;
  selection.removeAllRanges();
  putCaretBackAfterPaint(view);
  return true;
}

/**
 * Runs `update` (ProseMirror dispatches) with the caret out of the page (see above). An editable
 * view puts its selection into the page whenever it has the focus (ProseMirror's
 * `editorOwnsSelection`), whether or not the page has a selection; so while `update` runs, and
 * only while the caret is out, the view answers that it has no focus.
 */
export function redrawAroundCaret(view: EditorView, update: () => void): void {
  if (!pending.has(view)) {
    takePageSelectionIn(view);
    takeCaretOut(view);
  }
  // Out now, or still out since an earlier call (a label key's collapse): either way it comes back
  // after the paint.
  if (pending.has(view)) {
    withoutFocus(view, update);
    targets.set(view, view.state.selection.head);
  } else update();
}

/** Runs `update` while `view.hasFocus()` answers false (an own property shadowing the method). */
function withoutFocus(view: EditorView, update: () => void): void {
  const shadowed = view as EditorView & { hasFocus: () => boolean };
  shadowed.hasFocus = () => false;
  try {
    update();
  } finally {
    delete (shadowed as Partial<typeof shadowed>).hasFocus;
  }
}

function putCaretBackAfterPaint(view: EditorView): void {
  if (pending.has(view)) return;
  pending.add(view);
  targets.set(view, view.state.selection.head);
  const pressesBefore = presses;
  // The frame's callbacks run before its paint; a task posted from one runs after it.
  requestAnimationFrame(() =>
    setTimeout(() => {
      pending.delete(view);
      if (presses === pressesBefore) putCaretBack(view);
    }, 0),
  );
}

/**
 * Puts the caret where ProseMirror's selection head was after the last redraw, unless the focus
 * left the article or the page holds a selected range again. A caret found elsewhere is moved:
 * while it was out only the browser or ProseMirror can have put one down (a mouse press since
 * cancels the putting back).
 */
function putCaretBack(view: EditorView): void {
  const target = targets.get(view);
  if (view.isDestroyed || target === undefined) return;
  const document = view.dom.ownerDocument;
  const selection = document.getSelection();
  if (!selection || (selection.rangeCount > 0 && !selection.isCollapsed) || document.activeElement !== view.dom) return;
  const { node, offset } = view.domAtPos(Math.min(target, view.state.doc.content.size));
  selection.collapse(node, offset);
}

/**
 * Sets the page's selection into ProseMirror when the two differ. ProseMirror reads it on
 * `selectionchange`, which may not have come yet (a selection just made, then a scroll that moves
 * the ghosts), and does not always take it then (a click's caret, read once ProseMirror's mouse
 * handling is over); a redraw before that would put ProseMirror's older selection back into the
 * page, e.g. at the document's start. The page's selection is what the user did last.
 */
function takePageSelectionIn(view: EditorView): void {
  const selection = selectionIn(view);
  if (!selection?.anchorNode || !selection.focusNode) return;
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
