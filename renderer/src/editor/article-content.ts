import type { EditorOptions, JSONContent } from '@tiptap/core';
import type { EditorPositions } from '../../../shared/text/editor-positions';

/** The editor document of a canonical text: one paragraph per line, an empty line an empty paragraph. */
export function articleContent(positions: EditorPositions): JSONContent {
  return {
    type: 'doc',
    content: positions.lines.map((line) => (line.length > 0 ? { type: 'paragraph', content: [{ type: 'text', text: line }] } : { type: 'paragraph' })),
  };
}

/**
 * TipTap's core extensions an article that is not editable does without: key bindings, paste and
 * drop handling, the tracking of deletions, and the focus events (nothing is typed, pasted or
 * deleted in it, and a view that is not editable gets no key events). Each adds a plugin that runs
 * on every transaction or a handler, and all of them are set up whenever a document opens.
 * Commands, editability, the clipboard's text, the tab index and the text direction stay.
 */
export const READ_ONLY_CORE: EditorOptions['enableCoreExtensions'] = { keymap: false, paste: false, drop: false, delete: false, focusEvents: false };
