/**
 * The keyboard layer and the side panels reach the mounted article through this handle: the
 * current text selection in code points, clearing it, the caret keys, and bringing a span into
 * view.
 */
import { TextSelection } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import type { EditorPositions } from '../../../shared/text/editor-positions';
import { caretMoveForKey, isSelectAllKey } from './caret-keys';
import { revealSelectionFocus } from './drawn-caret';
import { putCaretBackAfterPaint, takePageSelectionIn } from './page-selection';

let view: EditorView | null = null;
let positions: EditorPositions | null = null;

export const articleHandle = {
  attach(next: EditorView, nextPositions: EditorPositions): void {
    view = next;
    positions = nextPositions;
  },
  detach(old: EditorView): void {
    if (view === old) {
      view = null;
      positions = null;
    }
  },
  /**
   * The selected text range in code points (`start < end`), or null when nothing is selected. The
   * page's selection is taken in first: a key pressed right after selecting may come before
   * ProseMirror has read the selection.
   */
  selection(): { start: number; end: number } | null {
    if (!view || !positions) return null;
    takePageSelectionIn(view);
    const { from, to } = view.state.selection;
    if (from === to) return null;
    const start = positions.fromPos(from);
    const end = positions.fromPos(to);
    return start < end ? { start, end } : null;
  },
  /**
   * Collapses the selection to its end. The page's selection is removed at once and the caret put
   * at that end after the next paint (see `setCaretAside` in page-selection.ts for why).
   */
  clearSelection(): void {
    if (!view) return;
    view.dom.ownerDocument.getSelection()?.removeAllRanges();
    const { to } = view.state.selection;
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, to)).setMeta('addToHistory', false));
    putCaretBackAfterPaint(view, to);
  },
  /**
   * Moves or extends the page's selection for a caret key, or selects the whole article for
   * Ctrl+A (see caret-keys.ts), when the article has the focus; returns whether it did. With no
   * caret yet, the caret starts at the article's start.
   */
  caretKey(event: KeyboardEvent): boolean {
    if (!view) return false;
    const dom = view.dom;
    const page = dom.ownerDocument;
    const selection = page.getSelection();
    if (!selection || !dom.contains(page.activeElement)) return false;
    if (isSelectAllKey(event)) {
      selection.selectAllChildren(dom);
      return true;
    }
    const move = caretMoveForKey(event);
    if (!move) return false;
    if (selection.rangeCount === 0 || !dom.contains(selection.focusNode)) {
      const { node, offset } = view.domAtPos(1);
      selection.collapse(node, offset);
    }
    selection.modify(move.alter, move.direction, move.granularity);
    const scroller = dom.closest<HTMLElement>('.article-scroll');
    if (scroller) revealSelectionFocus(scroller);
    return true;
  },
  /** Scrolls the first piece of span `id` into view (no-op when it is not drawn). */
  scrollToSpan(id: string): void {
    const element = view?.dom.querySelector(`[data-span-id="${CSS.escape(id)}"]`);
    element?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  },
  contains(node: Node | null): boolean {
    return !!view && !!node && view.dom.contains(node);
  },
  /** Gives the article the keyboard focus (ProseMirror's `focus` does not, the view not being editable). */
  focus(): void {
    view?.dom.focus({ preventScroll: true });
  },
};
