/**
 * Global keys, on the window (they must work wherever focus is, except in text fields and
 * dialogs). Letter keys are matched by physical key (`event.code`), so they work on an Arabic
 * keyboard layout too.
 *
 * | key | does |
 * |---|---|
 * | a label's key (1–4) | label the article's selection (with Alt: the exact characters) |
 * | Delete / Backspace | remove the selected span |
 * | Ctrl+Z, Ctrl+Shift+Z / Ctrl+Y | undo, redo |
 * | Escape | clear the selection |
 * | Enter | accept the selected span's proposed figures, or go to its attribute panel |
 * | T | trim a leading clitic off the selected span |
 * | Shift+A | annotate all occurrences of the selected span's text |
 * | ] / [ | next / previous suggestion; Y accepts it, N rejects it; Shift+Y / Shift+N all |
 * | Ctrl+F | search |
 */
import { useEffect } from 'react';
import type { LabelDef } from '../../shared/model';
import { snapSelection } from '../../shared/text/snap-selection';
import { articleHandle } from './editor/article-handle';
import { labelForKey } from './label-keys';
import { useHashiya, visibleSuggestions } from './store';

/** Applies `label` to the article's current selection; `exact` skips word snapping. Returns whether a span was made. */
export function applyLabel(label: string, exact: boolean): boolean {
  const state = useHashiya.getState();
  const article = state.article;
  const range = articleHandle.selection();
  if (!article || !range) return false;
  const snapped = snapSelection(article.text, range.start, range.end, exact ? 'exact' : 'word');
  if (!snapped) return false;
  state.addSpans([{ label, start: snapped.start, end: snapped.end }]);
  articleHandle.clearSelection();
  return true;
}

/**
 * Focuses the first attribute field of span `id`'s panel. The panel follows the store a render
 * behind key presses (it is deferred, see AttributePanel), so right after a label key it may still
 * show the span before: then it waits for the right one, a frame at a time, for a few frames.
 */
function focusFirstField(id: string, frames = 30): void {
  const field = document.querySelector<HTMLElement>(`#attribute-panel[data-panel-for="${CSS.escape(id)}"] [data-first-field]`);
  if (field) field.focus();
  else if (frames > 0 && useHashiya.getState().article?.selectedId === id) requestAnimationFrame(() => focusFirstField(id, frames - 1));
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
      const state = useHashiya.getState();
      const mod = event.ctrlKey || event.metaKey;
      if (mod && !event.altKey && event.code === 'KeyF') {
        event.preventDefault();
        document.getElementById('search-input')?.focus();
        return;
      }
      if (isTextField(event.target) || event.isComposing || state.dialog) return;
      if (articleHandle.caretKey(event)) {
        event.preventDefault();
        exactSelection = false;
        return;
      }
      const article = state.article;
      const selectedId = article?.selectedId ?? null;
      if (mod && !event.altKey && event.code === 'KeyZ') {
        event.preventDefault();
        if (event.shiftKey) state.redo();
        else state.undo();
        return;
      }
      if (mod && !event.altKey && event.code === 'KeyY') {
        event.preventDefault();
        state.redo();
        return;
      }
      if (mod) return;
      switch (event.key) {
        case 'Delete':
        case 'Backspace':
          if (selectedId) {
            event.preventDefault();
            state.deleteSpan(selectedId);
          }
          return;
        case 'Escape':
          state.select(null);
          state.setSuggestionCursor(null);
          return;
        case 'Enter':
          if (selectedId && article?.proposals.has(selectedId)) {
            event.preventDefault();
            state.acceptProposal(selectedId);
          } else if (selectedId) {
            event.preventDefault();
            focusFirstField(selectedId);
          }
          return;
      }
      if (article && !event.altKey) {
        const suggestions = visibleSuggestions(article);
        const current = article.suggestionCursor === null ? undefined : suggestions[article.suggestionCursor];
        switch (event.code) {
          case 'BracketRight':
            event.preventDefault();
            state.moveSuggestionCursor(1);
            return;
          case 'BracketLeft':
            event.preventDefault();
            state.moveSuggestionCursor(-1);
            return;
          case 'KeyY':
            event.preventDefault();
            if (event.shiftKey) state.acceptSuggestions(suggestions);
            else if (current) state.acceptSuggestions([current]);
            return;
          case 'KeyN':
            event.preventDefault();
            if (event.shiftKey) state.rejectSuggestions(suggestions);
            else if (current) state.rejectSuggestions([current]);
            return;
          case 'KeyT':
            if (selectedId) {
              event.preventDefault();
              state.trimClitic(selectedId);
            }
            return;
          case 'KeyA': {
            const span = article.content.spans.find((s) => s.id === selectedId);
            if (event.shiftKey && span) {
              event.preventDefault();
              state.setDialog({ kind: 'annotateAll', query: span.text, label: span.label, clitics: false });
            }
            return;
          }
        }
      }
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
