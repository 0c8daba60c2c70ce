/**
 * The article, read-only and right-to-left, in TipTap: one paragraph per line of the canonical
 * text (`dir="rtl"` on each), highlights as decorations. The view is editable only so the caret
 * and keyboard selection work; `ReadOnlyGuard` keeps the text unchangeable.
 */
import Document from '@tiptap/extension-document';
import Paragraph from '@tiptap/extension-paragraph';
import Text from '@tiptap/extension-text';
import { EditorContent, useEditor } from '@tiptap/react';
import { useEffect, useMemo } from 'react';
import type { Span } from '../../../shared/model';
import { EditorPositions } from '../../../shared/text/editor-positions';
import { useHashiya, visibleSuggestions } from '../store';
import { linkedSpanIds, referenceAttributes } from './linked-spans';
import { highlightDecorations, highlightKey, Highlights } from './highlights';
import { ReadOnlyGuard } from './read-only-guard';
import { articleHandle } from './article-handle';
import { articleContent } from './article-content';

export function ArticleView({ text, labelIndex }: { text: string; labelIndex: ReadonlyMap<string, number> }) {
  const schema = useHashiya((s) => s.session?.corpus?.schema);
  const references = useMemo(() => referenceAttributes(schema), [schema]);
  const positions = useMemo(() => new EditorPositions(text), [text]);
  const article = useHashiya((s) => s.article);
  const searchHits = useHashiya((s) => s.searchHits);
  const select = useHashiya((s) => s.select);
  const content = article?.content;
  const orphans = article?.orphans;
  const selectedId = article?.selectedId ?? null;
  const linkedId = article?.linkedId ?? null;
  const suggestionCursor = article?.suggestionCursor ?? null;
  const rawSuggestions = article?.suggestions;
  const suggestions = useMemo(() => (article ? visibleSuggestions(article) : []),
    // Recomputed when the suggestions or the layer content change, not on every article update.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [rawSuggestions, content]);

  const editor = useEditor(
    {
      extensions: [Document, Paragraph, Text, Highlights, ReadOnlyGuard],
      content: articleContent(positions),
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
          const selection = window.getSelection();
          if (selection && !selection.isCollapsed) return false;
          const element = event.target instanceof Element ? event.target : null;
          const ghost = element?.closest('[data-suggestion]');
          const span = element?.closest('[data-span-id]');
          if (ghost && !span) {
            useHashiya.getState().setSuggestionCursor(Number(ghost.getAttribute('data-suggestion')));
            return false;
          }
          select(span?.getAttribute('data-span-id') ?? null);
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
    if (!editor || editor.isDestroyed || !content) return;
    const spans: readonly Span[] = orphans && orphans.size > 0 ? content.spans.filter((s) => !orphans.has(s.id)) : content.spans;
    const set = highlightDecorations({
      doc: editor.state.doc,
      positions,
      spans,
      labelIndex,
      selectedId,
      linkedIds: linkedSpanIds(content, references, selectedId, linkedId),
      suggestions,
      suggestionCursor,
      searchHits,
    });
    editor.view.dispatch(editor.state.tr.setMeta(highlightKey, set).setMeta('addToHistory', false));
  }, [editor, positions, content, orphans, labelIndex, references, selectedId, linkedId, suggestions, suggestionCursor, searchHits]);

  return <EditorContent editor={editor} className="article-scroll" />;
}
