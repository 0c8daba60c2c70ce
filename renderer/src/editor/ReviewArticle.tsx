/**
 * A read-only article for reviewing: the same TipTap document as the annotation view (one RTL
 * paragraph per line), with decorations computed by the caller from code point ranges. Not
 * editable at all (reviewing never changes any layer); clicks report the item under the mouse.
 */
import Document from '@tiptap/extension-document';
import Paragraph from '@tiptap/extension-paragraph';
import Text from '@tiptap/extension-text';
import { EditorContent, useEditor } from '@tiptap/react';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { useEffect, useMemo } from 'react';
import { EditorPositions } from '../../../shared/text/editor-positions';
import { articleContent } from './article-content';
import { highlightKey, Highlights } from './highlights';

/** One range to draw: code points, CSS classes, and the item id a click reports. */
export interface ReviewMark {
  readonly start: number;
  readonly end: number;
  readonly className: string;
  readonly item: string;
  readonly title?: string;
}

export function ReviewArticle({ text, marks, onItem, label }: { text: string; marks: readonly ReviewMark[]; onItem: (item: string) => void; label: string }) {
  const positions = useMemo(() => new EditorPositions(text), [text]);
  const editor = useEditor(
    {
      extensions: [Document, Paragraph, Text, Highlights],
      content: articleContent(positions),
      editable: false,
      injectCSS: false,
      textDirection: 'rtl',
      immediatelyRender: true,
      shouldRerenderOnTransaction: false,
      editorProps: {
        attributes: { class: 'article review-article', 'aria-label': label, translate: 'no' },
        handleClick: (_view, _pos, event) => {
          const element = event.target instanceof Element ? event.target.closest('[data-item]') : null;
          const item = element?.getAttribute('data-item');
          if (item) onItem(item);
          return false;
        },
      },
    },
    [positions],
  );

  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    const decorations = marks.map((m) =>
      Decoration.inline(
        positions.toPos(m.start),
        positions.toPos(m.end),
        { nodeName: 'span', class: m.className, 'data-item': m.item, ...(m.title ? { title: m.title } : {}) },
        { item: m.item },
      ),
    );
    editor.view.dispatch(editor.state.tr.setMeta(highlightKey, DecorationSet.create(editor.state.doc, decorations)));
  }, [editor, positions, marks]);

  return <EditorContent editor={editor} className="article-scroll" />;
}
