/**
 * Highlights as ProseMirror decorations (never marks: the text is standoff and never changes).
 * `highlightDecorations` computes the decoration set from spans, suggestions and search hits in
 * pure code; the plugin's state *is* that set, replaced whenever a transaction carries new
 * decorations under `highlightKey`. Each span decoration's spec carries its span id, so
 * `DecorationSet.find(…, s => s.id === id)` works.
 */
import { Extension } from '@tiptap/core';
import type { Node as PMNode } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { Suggestion } from '../../../shared/host-contract';
import type { Span } from '../../../shared/model';
import type { EditorPositions } from '../../../shared/text/editor-positions';
import { spanRows } from './span-rows';

export const highlightKey = new PluginKey<DecorationSet>('hashiya-highlights');

/** Rows beyond this share the deepest underline (CSS defines `.row-0` … `.row-7`). */
export const MAX_ROW = 7;

export interface HighlightInput {
  readonly doc: PMNode;
  readonly positions: EditorPositions;
  /** Spans to draw (orphans already left out), code point offsets. */
  readonly spans: readonly Span[];
  readonly labelIndex: ReadonlyMap<string, number>;
  readonly selectedId: string | null;
  /** Spans linked to the selection or pointed at from the panel: drawn with a link outline. */
  readonly linkedIds: ReadonlySet<string>;
  readonly suggestions: readonly Suggestion[];
  readonly suggestionCursor: number | null;
  readonly searchHits: readonly { readonly start: number; readonly end: number }[];
}

export function highlightDecorations(input: HighlightInput): DecorationSet {
  const rows = spanRows(input.spans);
  const decorations: Decoration[] = [];
  for (const hit of input.searchHits) {
    decorations.push(Decoration.inline(input.positions.toPos(hit.start), input.positions.toPos(hit.end), { class: 'search-hit' }));
  }
  input.suggestions.forEach((s, i) => {
    const label = input.labelIndex.get(s.label);
    const classes = ['ghost', label === undefined ? 'hl-unknown' : `hl-l${label}`];
    if (i === input.suggestionCursor) classes.push('ghost-current');
    decorations.push(
      Decoration.inline(
        input.positions.toPos(s.start),
        input.positions.toPos(s.end),
        { nodeName: 'span', class: classes.join(' '), 'data-suggestion': String(i), 'data-label': s.label, title: s.label },
        { suggestion: i },
      ),
    );
  });
  for (const span of input.spans) {
    const row = Math.min(rows.get(span.id) ?? 0, MAX_ROW);
    const label = input.labelIndex.get(span.label);
    const classes = ['hl', label === undefined ? 'hl-unknown' : `hl-l${label}`, `row-${row}`];
    if (span.id === input.selectedId) classes.push('hl-selected');
    if (input.linkedIds.has(span.id)) classes.push('hl-linked');
    decorations.push(
      Decoration.inline(
        input.positions.toPos(span.start),
        input.positions.toPos(span.end),
        { nodeName: 'span', class: classes.join(' '), 'data-span-id': span.id, 'data-label': span.label },
        { id: span.id },
      ),
    );
  }
  return DecorationSet.create(input.doc, decorations);
}

export const Highlights = Extension.create({
  name: 'hashiyaHighlights',
  addProseMirrorPlugins() {
    return [
      new Plugin<DecorationSet>({
        key: highlightKey,
        state: {
          init: () => DecorationSet.empty,
          apply: (tr, previous) => tr.getMeta(highlightKey) ?? previous.map(tr.mapping, tr.doc),
        },
        props: {
          decorations: (state) => highlightKey.getState(state),
        },
      }),
    ];
  },
});
