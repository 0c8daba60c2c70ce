/**
 * A read-only article for reviewing: the same TipTap document as the annotation view (one RTL
 * paragraph per line), with decorations computed by the caller from code point ranges. Not
 * editable at all (reviewing never changes any layer); clicks report the item under the mouse.
 */
import Document from '@tiptap/extension-document';
import Paragraph from '@tiptap/extension-paragraph';
import Text from '@tiptap/extension-text';
import { EditorContent, useEditor } from '@tiptap/react';
import { useEffect, useMemo } from 'react';
import { EditorPositions } from '../../../shared/text/editor-positions';
import { articleContent } from './article-content';
import { READ_ONLY_ARTICLE } from './read-only-guard';
import type { DecorationDescriptor } from './decoration-diff';
import { highlightKey, Highlights } from './highlights';

/** One range to draw: code points, CSS classes, and the item id a click reports. */
export interface ReviewMark {
  readonly start: number;
  readonly end: number;
  readonly className: string;
  readonly item: string;
  readonly title?: string;
}

/**
 * The decorations of `marks`, in their order. Keys are `item:<item>#<n>` (the n-th mark of that
 * item); a mark that repeats an earlier one exactly is drawn once.
 */
export function reviewDescriptors(positions: EditorPositions, marks: readonly ReviewMark[]): readonly DecorationDescriptor[] {
  const seen = new Map<string, number>();
  const drawn = new Set<string>();
  const descriptors: DecorationDescriptor[] = [];
  for (const m of marks) {
    const identity = JSON.stringify([m.item, m.start, m.end, m.className, m.title ?? null]);
    if (drawn.has(identity)) continue;
    drawn.add(identity);
    const n = seen.get(m.item) ?? 0;
    seen.set(m.item, n + 1);
    descriptors.push({
      key: `item:${m.item}#${n}`,
      from: positions.toPos(m.start),
      to: positions.toPos(m.end),
      attrs: { nodeName: 'span', class: m.className, 'data-item': m.item, ...(m.title ? { title: m.title } : {}) },
      spec: { item: m.item },
    });
  }
  return descriptors;
}

export function ReviewArticle({ text, marks, onItem, label }: { text: string; marks: readonly ReviewMark[]; onItem: (item: string) => void; label: string }) {
  const positions = useMemo(() => new EditorPositions(text), [text]);
  const initialContent = useMemo(() => articleContent(positions), [positions]);
  const descriptors = useMemo(() => reviewDescriptors(positions, marks), [positions, marks]);
  const editor = useEditor(
    {
      extensions: [Document, Paragraph, Text, Highlights],
      content: initialContent,
      ...READ_ONLY_ARTICLE,
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
    editor.view.dispatch(editor.state.tr.setMeta(highlightKey, [descriptors]));
  }, [editor, descriptors]);

  return <EditorContent editor={editor} className="article-scroll" />;
}
