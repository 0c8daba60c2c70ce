/**
 * The bare stack issue 6 compares Hashiya with, as a page: TipTap (Document, Paragraph, Text),
 * the article one paragraph per line, right to left, not editable (as the app's article), and the
 * spans as ProseMirror inline decorations in one plugin. No React, no store, no side panels, no saving. A key 1–4 adds a
 * decoration over the selection (`DecorationSet.add`); nothing else.
 *
 * Runs in the browser (bundled by bare-bench.ts). The article and its spans come from
 * `window.__bareData` (code points); `#open` builds the editor, as a click on a document opens it
 * in the app, so that both are timed from a click to the painted highlights.
 */
import { Editor, Extension } from '@tiptap/core';
import Document from '@tiptap/extension-document';
import Paragraph from '@tiptap/extension-paragraph';
import Text from '@tiptap/extension-text';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import { EditorPositions } from '../shared/text/editor-positions';

export interface BareData {
  readonly text: string;
  readonly spans: readonly { readonly id: string; readonly start: number; readonly end: number; readonly label: number }[];
}

declare global {
  interface Window {
    __bareData: BareData;
  }
}

const key = new PluginKey<DecorationSet>('bare-highlights');

function highlight(from: number, to: number, id: string, label: number): Decoration {
  return Decoration.inline(from, to, { nodeName: 'span', class: `hl hl-l${label}`, 'data-span-id': id });
}

function open(): void {
  const { text, spans } = window.__bareData;
  const positions = new EditorPositions(text);
  const plugin = new Plugin<DecorationSet>({
    key,
    state: {
      init: (_config, state) =>
        DecorationSet.create(
          state.doc,
          spans.map((s) => highlight(positions.toPos(s.start), positions.toPos(s.end), s.id, s.label)),
        ),
      apply: (tr, set) => {
        const added = tr.getMeta(key) as Decoration | undefined;
        return added ? set.add(tr.doc, [added]) : set.map(tr.mapping, tr.doc);
      },
    },
    props: { decorations: (state) => key.getState(state) },
  });
  const editor = new Editor({
    element: document.querySelector('.article-scroll') as HTMLElement,
    extensions: [Document, Paragraph, Text, Extension.create({ name: 'bareHighlights', addProseMirrorPlugins: () => [plugin] })],
    content: {
      type: 'doc',
      content: positions.lines.map((line) => (line.length > 0 ? { type: 'paragraph', content: [{ type: 'text', text: line }] } : { type: 'paragraph' })),
    },
    textDirection: 'rtl',
    editable: false,
    editorProps: { attributes: { class: 'article' } },
  });
  let made = 0;
  window.addEventListener('keydown', (event) => {
    const label = Number(event.key) - 1;
    if (!(label >= 0 && label <= 3)) return;
    event.preventDefault();
    const { from, to } = editor.state.selection;
    if (from === to) return;
    made += 1;
    editor.view.dispatch(editor.state.tr.setMeta(key, highlight(from, to, `bare-${made}`, label)));
  });
}

document.querySelector('#open')?.addEventListener('click', open, { once: true });
