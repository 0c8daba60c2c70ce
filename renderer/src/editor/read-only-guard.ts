/**
 * The article read-only: the editor options it is made with ({@link READ_ONLY_ARTICLE}) and the
 * guard that keeps its text unchangeable ({@link ReadOnlyGuard}). The view is not editable, so
 * neither the browser nor ProseMirror edits it on a key, a paste or a drop; as the last line, any
 * transaction that would change the document is filtered out. Dragging the selection is refused too: a drag started
 * inside a selection would otherwise carry the text away instead of selecting anew.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { UseEditorOptions } from '@tiptap/react';

export const ReadOnlyGuard = Extension.create({
  name: 'hashiyaReadOnlyGuard',
  priority: 1000,
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('hashiya-read-only'),
        filterTransaction: (tr) => !tr.docChanged,
        props: {
          handleDOMEvents: {
            dragstart: (_view, event) => {
              event.preventDefault();
              return true;
            },
          },
        },
      }),
    ];
  },
});

/**
 * The editor options of an article shown read-only, right to left (the annotated article and the
 * review's): not editable, no injected style (the CSP; styles.css styles it), made at the first
 * render and not re-rendered on transactions. TipTap's core extensions it does without: key
 * bindings, paste and drop handling, the tracking of deletions, and the focus events (nothing is
 * typed, pasted or deleted in it, and a view that is not editable gets no key events); each adds
 * a plugin that runs on every transaction or a handler, all set up whenever a document opens.
 * Commands, editability, the clipboard's text, the tab index and the text direction stay.
 */
export const READ_ONLY_ARTICLE: UseEditorOptions = {
  editable: false,
  injectCSS: false,
  enableCoreExtensions: { keymap: false, paste: false, drop: false, delete: false, focusEvents: false },
  textDirection: 'rtl',
  immediatelyRender: true,
  shouldRerenderOnTransaction: false,
  enableInputRules: false,
  enablePasteRules: false,
};
