/**
 * The article, read-only and right-to-left, in TipTap: one paragraph per line of the canonical
 * text (`dir="rtl"` on each), highlights as decorations. The view is editable only so the caret
 * and keyboard selection work; `ReadOnlyGuard` keeps the text unchangeable.
 */
import Document from '@tiptap/extension-document';
import Paragraph from '@tiptap/extension-paragraph';
import Text from '@tiptap/extension-text';
import { EditorContent, useEditor } from '@tiptap/react';
import type { JSONContent } from '@tiptap/core';
import { useEffect, useMemo } from 'react';
import type { Span } from '../../../shared/model';
import { EditorPositions } from '../../../shared/text/editor-positions';
import { useHashiya } from '../store';
import { highlightDecorations, highlightKey, Highlights } from './highlights';
import { ReadOnlyGuard } from './read-only-guard';
import { articleHandle } from './article-handle';

const NO_SPANS: readonly Span[] = [];

function contentOf(positions: EditorPositions): JSONContent {
  return {
    type: 'doc',
    content: positions.lines.map((line) => (line.length > 0 ? { type: 'paragraph', content: [{ type: 'text', text: line }] } : { type: 'paragraph' })),
  };
}

export function ArticleView({ text, labelIndex }: { text: string; labelIndex: ReadonlyMap<string, number> }) {
  const positions = useMemo(() => new EditorPositions(text), [text]);
  const spans = useHashiya((s) => s.article?.spans ?? NO_SPANS);
  const orphans = useHashiya((s) => s.article?.orphans);
  const selectedId = useHashiya((s) => s.article?.selectedId ?? null);
  const select = useHashiya((s) => s.select);

  const editor = useEditor(
    {
      extensions: [Document, Paragraph, Text, Highlights, ReadOnlyGuard],
      content: contentOf(positions),
      editable: true,
      injectCSS: false,
      textDirection: 'rtl',
      immediatelyRender: true,
      shouldRerenderOnTransaction: false,
      enableInputRules: false,
      enablePasteRules: false,
      editorProps: {
        attributes: {
          class: 'article',
          'aria-label': 'Article text',
          'aria-readonly': 'true',
          spellcheck: 'false',
          autocorrect: 'off',
          autocapitalize: 'off',
          translate: 'no',
        },
        handleClick: (_view, _pos, event) => {
          const target = event.target instanceof Element ? event.target.closest('[data-span-id]') : null;
          const id = target?.getAttribute('data-span-id') ?? null;
          const selection = window.getSelection();
          if (selection && !selection.isCollapsed) return false;
          select(id);
          return false;
        },
      },
    },
    [positions],
  );

  useEffect(() => {
    if (!editor) return;
    articleHandle.attach(editor.view, positions);
    return () => articleHandle.detach(editor.view);
  }, [editor, positions]);

  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    const drawn = orphans && orphans.size > 0 ? spans.filter((s) => !orphans.has(s.id)) : spans;
    const set = highlightDecorations({ doc: editor.state.doc, positions, spans: drawn, labelIndex, selectedId });
    editor.view.dispatch(editor.state.tr.setMeta(highlightKey, set).setMeta('addToHistory', false));
  }, [editor, positions, spans, orphans, labelIndex, selectedId]);

  return <EditorContent editor={editor} className="article-scroll" />;
}
