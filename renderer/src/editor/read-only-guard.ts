/**
 * Keeps the article's text unchangeable. The view is not editable, so neither the browser nor
 * ProseMirror edits it on a key, a paste or a drop; as the last line, any transaction that would
 * change the document is filtered out. Dragging the selection is refused too: a drag started
 * inside a selection would otherwise carry the text away instead of selecting anew.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';

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
