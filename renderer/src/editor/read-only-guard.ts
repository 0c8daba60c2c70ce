/**
 * Keeps the article's text unchangeable while leaving the view editable, so that the browser's
 * caret and its keyboard selection (Shift+arrows, RTL-aware) work. Every edit path is closed:
 * `beforeinput` (typing, deleting, pasting, dropping, IME commits) is cancelled, keys that are
 * not navigation or copy are swallowed, paste/drop/cut are refused, and as the last line any
 * transaction that would change the document is filtered out.
 */
import { Extension } from '@tiptap/core';
import { Plugin, PluginKey } from '@tiptap/pm/state';

const NAVIGATION = new Set([
  'ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown',
  'Tab', 'Escape', 'Shift', 'Control', 'Alt', 'Meta', 'AltGraph', 'CapsLock', 'ContextMenu',
]);

/** True for keys the guard lets through to the browser: moving, selecting, copying, F-keys. */
export function isNavigationKey(event: KeyboardEvent): boolean {
  if (NAVIGATION.has(event.key) || /^F\d{1,2}$/.test(event.key)) return true;
  const mod = event.ctrlKey || event.metaKey;
  return mod && !event.altKey && (event.key.toLowerCase() === 'c' || event.key.toLowerCase() === 'a');
}

export const ReadOnlyGuard = Extension.create({
  name: 'hashiyaReadOnlyGuard',
  priority: 1000,
  addProseMirrorPlugins() {
    return [
      new Plugin({
        key: new PluginKey('hashiya-read-only'),
        filterTransaction: (tr) => !tr.docChanged,
        props: {
          handleKeyDown: (_view, event) => !isNavigationKey(event),
          handleTextInput: () => true,
          handlePaste: () => true,
          handleDrop: () => true,
          handleDOMEvents: {
            beforeinput: (_view, event) => {
              event.preventDefault();
              return true;
            },
            cut: (_view, event) => {
              event.preventDefault();
              return true;
            },
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
