/**
 * The article, read-only and right-to-left, in TipTap: one paragraph per line of the canonical
 * text (`dir="rtl"` on each), highlights as decorations. The view is not editable; it takes the
 * focus (`tabindex`), the caret keys move the page's selection (caret-keys.ts, through the
 * window's key handler) and the caret is drawn (drawn-caret.ts). `ReadOnlyGuard` filters out any
 * transaction that would change the text.
 */
import Document from '@tiptap/extension-document';
import Paragraph from '@tiptap/extension-paragraph';
import Text from '@tiptap/extension-text';
import { EditorContent, useEditor } from '@tiptap/react';
import { useEffect, useMemo, useRef, useState } from 'react';
import { EditorPositions } from '../../../shared/text/editor-positions';
import { useHashiya, visibleSuggestions } from '../store';
import { linkedSpanIds, referenceAttributes } from './linked-spans';
import { ghostDescriptors, highlightKey, Highlights, searchHitDescriptors, spanDescriptors, suggestionRef } from './highlights';
import { READ_ONLY_ARTICLE, ReadOnlyGuard } from './read-only-guard';
import { articleHandle } from './article-handle';
import { articleContent } from './article-content';
import { drawnChunksOf, followView, ghostChunk, NO_GHOSTS, visibleCodePoints, type DrawnGhosts } from './ghost-window';
import { drawCaret } from './drawn-caret';
import { revealParagraphs } from './paragraph-reveal';
import { putCaretBackAfterPaint, setCaretAside, takePageSelectionIn } from './page-selection';
import { articleInput, listenForArticleInput } from './article-input';
import { partitionPoint } from '../../../shared/text/partition-point';

/** Index of the first paragraph of `article` whose box reaches into its scroller's view (binary search). */
function firstParagraphInView(article: HTMLElement): number {
  const top = (article.closest('.article-scroll') ?? article).getBoundingClientRect().top;
  const paragraphs = article.children;
  // Among all but the last: the last when none is.
  return partitionPoint(paragraphs.length - 1, (i) => (paragraphs[i] as Element).getBoundingClientRect().bottom <= top);
}

export function ArticleView({ text, labelIndex }: { text: string; labelIndex: ReadonlyMap<string, number> }) {
  const schema = useHashiya((s) => s.session?.corpus?.schema);
  const references = useMemo(() => referenceAttributes(schema), [schema]);
  const positions = useMemo(() => new EditorPositions(text), [text]);
  const content = useHashiya((s) => s.article?.content);
  const orphans = useHashiya((s) => s.article?.orphans);
  const selectedId = useHashiya((s) => s.article?.selectedId ?? null);
  const linkedId = useHashiya((s) => s.article?.linkedId ?? null);
  const suggestionCursor = useHashiya((s) => s.article?.suggestionCursor ?? null);
  const rawSuggestions = useHashiya((s) => s.article?.suggestions);
  const searchHits = useHashiya((s) => s.searchHits);
  const select = useHashiya((s) => s.select);
  const suggestions = useMemo(
    () => (content && rawSuggestions ? visibleSuggestions({ content, suggestions: rawSuggestions }) : []),
    [rawSuggestions, content],
  );
  const drawnSpans = useMemo(
    () => (!content ? [] : orphans && orphans.size > 0 ? content.spans.filter((s) => !orphans.has(s.id)) : content.spans),
    [content, orphans],
  );
  const linkedIds = useMemo(() => (content ? linkedSpanIds(content, references, selectedId, linkedId) : new Set<string>()), [content, references, selectedId, linkedId]);
  // One memo per layer: a layer whose inputs did not change is passed as the same array, which
  // the highlight plugin skips without looking at it (the ghosts can be tens of thousands).
  const hitLayer = useMemo(() => searchHitDescriptors(positions, searchHits), [positions, searchHits]);
  // Ghosts only near what is in view (see ghost-window.ts); the drawn chunks follow the scrolling.
  // They are chunks of one list of suggestions: a new list (it arrives after the text) has none
  // drawn from the render it arrives in, and is then drawn a chunk a frame from the view outwards.
  const [drawnGhosts, setDrawnGhosts] = useState<DrawnGhosts>(NO_GHOSTS);
  const drawnGhostsNow = useRef(drawnGhosts);
  const ghostChunks = drawnChunksOf(drawnGhosts, rawSuggestions);
  const ghostLayer = useMemo(
    () => ghostDescriptors(positions, suggestions, suggestionCursor, labelIndex, (start) => ghostChunks.has(ghostChunk(start))),
    [positions, suggestions, suggestionCursor, labelIndex, ghostChunks],
  );
  const spanLayer = useMemo(() => spanDescriptors(positions, drawnSpans, labelIndex, selectedId, linkedIds), [positions, drawnSpans, labelIndex, selectedId, linkedIds]);
  const layers = useMemo(() => [hitLayer, ghostLayer, spanLayer], [hitLayer, ghostLayer, spanLayer]);
  const initialContent = useMemo(() => articleContent(positions), [positions]);
  // Read when the editor is made, once per text: the highlights of that moment go into its first
  // state, so that its first render shows them. Later ones arrive by the effect below.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const extensions = useMemo(() => [Document, Paragraph, Text, Highlights.configure({ initial: layers }), ReadOnlyGuard], [positions]);

  const editor = useEditor(
    {
      extensions,
      content: initialContent,
      ...READ_ONLY_ARTICLE,
      editorProps: {
        attributes: {
          class: 'article',
          'aria-label': 'Article text',
          role: 'textbox',
          'aria-readonly': 'true',
          'aria-multiline': 'true',
          tabindex: '0',
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
            const state = useHashiya.getState();
            const ref = ghost.getAttribute('data-suggestion');
            const label = ghost.getAttribute('data-label');
            const at = state.article ? visibleSuggestions(state.article).findIndex((s) => s.label === label && suggestionRef(s) === ref) : -1;
            state.setSuggestionCursor(at < 0 ? null : at);
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
    const scroller = editor.view.dom.closest<HTMLElement>('.article-scroll');
    const stopCaret = scroller ? drawCaret(editor.view.dom, scroller) : () => {};
    const stopRevealing = revealParagraphs(editor.view.dom, () => firstParagraphInView(editor.view.dom));
    const stopListening = listenForArticleInput(editor.view.dom);
    return () => {
      stopListening();
      stopRevealing();
      stopCaret();
      articleHandle.detach(editor.view);
    };
  }, [editor, positions]);

  useEffect(() => {
    if (!editor || !rawSuggestions || rawSuggestions.length === 0) return;
    const list = rawSuggestions;
    const view = editor.view;
    const scroller = view.dom.closest('.article-scroll') ?? view.dom.parentElement;
    if (!scroller) return;
    return followView({
      drawn: () => drawnChunksOf(drawnGhostsNow.current, list),
      draw: (chunks) => {
        if (editor.isDestroyed) return;
        drawnGhostsNow.current = { list, chunks };
        setDrawnGhosts(drawnGhostsNow.current);
      },
      visible: () =>
        (!editor.isDestroyed && visibleCodePoints(view, positions, scroller)) || { start: 0, end: positions.fromPos(view.state.doc.content.size) },
      scroller,
      resizes: window,
      input: articleInput,
    });
  }, [editor, positions, rawSuggestions]);

  // Only what changed is redrawn (see highlights.ts); no DOM work for what did not. The page's
  // selection first: the redraw puts ProseMirror's selection back into the page. When the spans
  // change (a key press, a click on a span), a caret is set aside until the paint instead.
  const drawnSpanLayer = useRef(spanLayer);
  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    const view = editor.view;
    takePageSelectionIn(view);
    const caret = spanLayer !== drawnSpanLayer.current ? setCaretAside(view) : null;
    drawnSpanLayer.current = spanLayer;
    view.dispatch(view.state.tr.setMeta(highlightKey, layers).setMeta('addToHistory', false));
    if (caret !== null) putCaretBackAfterPaint(view, caret);
  }, [editor, layers, spanLayer]);

  return <EditorContent editor={editor} className="article-scroll" />;
}
