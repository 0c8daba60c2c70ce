import type { JSONContent } from '@tiptap/core';
import type { EditorPositions } from '../../../shared/text/editor-positions';

/** The editor document of a canonical text: one paragraph per line, an empty line an empty paragraph. */
export function articleContent(positions: EditorPositions): JSONContent {
  return {
    type: 'doc',
    content: positions.lines.map((line) => (line.length > 0 ? { type: 'paragraph', content: [{ type: 'text', text: line }] } : { type: 'paragraph' })),
  };
}

