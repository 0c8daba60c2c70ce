/**
 * The keyboard layer and the side panels reach the mounted article through this handle: the
 * current text selection in code points, clearing it, and bringing a span into view.
 */
import { TextSelection } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import type { EditorPositions } from '../../../shared/text/editor-positions';
import { takePageSelectionIn } from './page-selection';

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
   * Collapses the selection to its end, the caret staying in the article (ProseMirror puts it into
   * the page while the article has the focus; otherwise the page's selection is collapsed too).
   */
  clearSelection(): void {
    if (!view) return;
    const { to } = view.state.selection;
    view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, to)));
    if (!view.hasFocus()) window.getSelection()?.collapseToEnd();
  },
  /** Scrolls the first piece of span `id` into view (no-op when it is not drawn). */
  scrollToSpan(id: string): void {
    const element = view?.dom.querySelector(`[data-span-id="${CSS.escape(id)}"]`);
    element?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  },
  contains(node: Node | null): boolean {
    return !!view && !!node && view.dom.contains(node);
  },
  focus(): void {
    view?.focus();
  },
};
