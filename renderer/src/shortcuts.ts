/**
 * Global keys, on the window (they must work wherever focus is, except in text fields):
 * a label's key applies it to the article's selection (with Alt: the exact characters, no word
 * snapping), Delete/Backspace removes the selected span, Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y)
 * undo and redo, Escape clears the span selection.
 */
import { useEffect } from 'react';
import type { LabelDef } from '../../shared/model';
import { snapSelection } from '../../shared/text/snap-selection';
import { articleHandle } from './editor/article-handle';
import { labelForKey } from './label-keys';
import { useHashiya } from './store';

/** Applies `label` to the article's current selection; `exact` skips word snapping. Returns whether a span was made. */
export function applyLabel(label: string, exact: boolean): boolean {
  const state = useHashiya.getState();
  const article = state.article;
  const range = articleHandle.selection();
  if (!article || !range) return false;
  const snapped = snapSelection(article.text, range.start, range.end, exact ? 'exact' : 'word');
  if (!snapped) return false;
  state.addSpan(label, snapped.start, snapped.end);
  articleHandle.clearSelection();
  return true;
}

/** Whether the last mouse selection in the article was made holding Alt (exact characters). */
let exactSelection = false;

function isTextField(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (articleHandle.contains(target)) return false;
  return target.isContentEditable || target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement;
}

export function useShortcuts(labels: readonly LabelDef[], enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onMouseUp = (event: MouseEvent) => {
      if (articleHandle.contains(event.target as Node)) exactSelection = event.altKey;
    };
    const onKeyDown = (event: KeyboardEvent) => {
      if (isTextField(event.target) || event.isComposing) return;
      const state = useHashiya.getState();
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      if (mod && !event.altKey && key === 'z') {
        event.preventDefault();
        if (event.shiftKey) state.redo();
        else state.undo();
        return;
      }
      if (mod && !event.altKey && key === 'y') {
        event.preventDefault();
        state.redo();
        return;
      }
      if (mod) return;
      if (event.key === 'Delete' || event.key === 'Backspace') {
        const id = state.article?.selectedId;
        if (id) {
          event.preventDefault();
          state.deleteSpan(id);
        }
        return;
      }
      if (event.key === 'Escape') {
        state.select(null);
        return;
      }
      if (event.key.startsWith('Arrow')) exactSelection = false;
      const label = labelForKey(labels, event);
      if (label) {
        event.preventDefault();
        applyLabel(label.name, event.altKey || exactSelection);
        exactSelection = false;
      }
    };
    window.addEventListener('keydown', onKeyDown);
    window.addEventListener('mouseup', onMouseUp, true);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      window.removeEventListener('mouseup', onMouseUp, true);
    };
  }, [labels, enabled]);
}
