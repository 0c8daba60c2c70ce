// @vitest-environment jsdom
// The page's selection and ProseMirror's around a label key and a redraw of the highlights: the
// page's selection is what the user did last, also when ProseMirror has not read it yet; after a
// label the caret is back at the end of the labelled range after the paint. The view is not
// editable, as the app's. jsdom lays nothing out; the key press timings are the benchmark's
// (`npm run bench`).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getSchema } from '@tiptap/core';
import Document from '@tiptap/extension-document';
import Paragraph from '@tiptap/extension-paragraph';
import Text from '@tiptap/extension-text';
import { EditorState } from '@tiptap/pm/state';
import { EditorView } from '@tiptap/pm/view';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { articleContent } from '../../renderer/src/editor/article-content';
import { articleHandle } from '../../renderer/src/editor/article-handle';
import { highlightKey, highlightPlugin, spanDescriptors, type HighlightLayers } from '../../renderer/src/editor/highlights';
import { putCaretBackAfterPaint, setCaretAside, takePageSelectionIn } from '../../renderer/src/editor/page-selection';
import type { Span } from '../../shared/model';
import { EditorPositions } from '../../shared/text/editor-positions';

const seed000 = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../seeds/000_7db2a034c338d373.txt'), 'utf8');
const positions = new EditorPositions(seed000);
const schema = getSchema([Document, Paragraph, Text]);
const labelIndex: ReadonlyMap<string, number> = new Map([['Actor', 0], ['Place', 1], ['CasualtyCount', 2], ['Claim', 3]]);

/** Code points of the first occurrence of `needle` in seed 000. */
function find(needle: string): { start: number; end: number } {
  const at = seed000.indexOf(needle);
  if (at < 0) throw new Error(`not in the seed: ${needle}`);
  const start = [...seed000.slice(0, at)].length;
  return { start, end: start + [...needle].length };
}

function span(id: string, label: string, needle: string): Span {
  const { start, end } = find(needle);
  return { id, label, start, end, text: needle, attributes: {}, note: '' } as Span;
}

function layers(spans: readonly Span[]): HighlightLayers {
  return [[], [], spanDescriptors(positions, spans, labelIndex, null, new Set())];
}

/** Text of the article before the page's caret, in code points (via ProseMirror's mapping). */
function textBeforeCaret(view: EditorView): string {
  const selection = document.getSelection();
  if (!selection?.anchorNode) throw new Error('no caret in the page');
  const cp = positions.fromPos(view.posAtDOM(selection.anchorNode, selection.anchorOffset));
  return [...seed000].slice(0, cp).join('');
}

let view: EditorView;
const american = span('s1', 'Actor', 'القوات الأمريكية');

beforeEach(() => {
  const host = document.createElement('div');
  document.body.append(host);
  view = new EditorView(host, { state: EditorState.create({ doc: schema.nodeFromJSON(articleContent(positions)), plugins: [highlightPlugin(layers([]))] }), editable: () => false });
  // As ArticleView's: focusable, and focused as a click in it does.
  view.dom.tabIndex = 0;
  view.dom.focus();
  articleHandle.attach(view, positions);
});

afterEach(() => {
  articleHandle.detach(view);
  view.destroy();
  document.body.replaceChildren();
});

/** Puts the page's selection at code points [from, to) (backwards when `to < from`), and ProseMirror's with it. */
function select(from: number, to = from): void {
  const anchor = view.domAtPos(positions.toPos(from));
  const head = view.domAtPos(positions.toPos(to));
  document.getSelection()?.setBaseAndExtent(anchor.node, anchor.offset, head.node, head.offset);
  takePageSelectionIn(view);
}

/** Resolves after the next paint as putCaretBackAfterPaint counts it (and its task has run). */
function afterPaint(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 20)));
}

/** The highlight redraw ArticleView makes when the spans change. */
function redraw(spans: readonly Span[]): void {
  takePageSelectionIn(view);
  view.dispatch(view.state.tr.setMeta(highlightKey, layers(spans)).setMeta('addToHistory', false));
}

/**
 * Runs `act` while ProseMirror never sees a `selectionchange` (as for a click's caret in Chromium,
 * read only once ProseMirror's mouse handling is over, or a key pressed before the event came).
 */
function unseenBySelectionChange(act: () => void): void {
  const swallow = (event: Event) => event.stopImmediatePropagation();
  document.addEventListener('selectionchange', swallow, true);
  try {
    act();
  } finally {
    document.removeEventListener('selectionchange', swallow, true);
  }
}

describe('takePageSelectionIn before a redraw', () => {
  it('keeps a caret the browser put down that ProseMirror has not read: the redraw leaves it there, not at the older selection', () => {
    unseenBySelectionChange(() => {
      const { start } = find('المرصد السوري');
      const { node, offset } = view.domAtPos(positions.toPos(start));
      document.getSelection()?.collapse(node, offset);
      expect(view.state.selection.head).toBe(1); // ProseMirror still has the document's start
      redraw([american]);
      expect(positions.fromPos(view.state.selection.head)).toBe(start);
      expect(textBeforeCaret(view).endsWith('وقال ')).toBe(true);
      expect([...textBeforeCaret(view)].length).toBe(start);
    });
  });

  it('leaves a caret ProseMirror has where it is, and adds nothing to the undo history', () => {
    select(american.end);
    const before = view.state;
    takePageSelectionIn(view);
    expect(view.state).toBe(before);
    redraw([american]);
    expect(textBeforeCaret(view).endsWith('القوات الأمريكية')).toBe(true);
    expect(view.dom.querySelector('[data-span-id="s1"]')?.textContent).toBe('القوات الأمريكية');
  });
});

describe('articleHandle around a label key', () => {
  it('gives the range the page has selected, also before ProseMirror has read it', () => {
    const observatory = find('المرصد السوري لحقوق الإنسان');
    unseenBySelectionChange(() => {
      const from = view.domAtPos(positions.toPos(observatory.start));
      const to = view.domAtPos(positions.toPos(observatory.end));
      document.getSelection()?.setBaseAndExtent(from.node, from.offset, to.node, to.offset);
      expect(view.state.selection.empty).toBe(true);
      expect(articleHandle.selection()).toEqual(observatory);
    });
  });

  it('collapses ProseMirror to the end of a range selected backwards, takes the page selection away, and puts the caret there after the paint', async () => {
    select(american.end, american.start);
    expect(view.state.selection.head).toBe(positions.toPos(american.start));
    articleHandle.clearSelection();
    expect(document.getSelection()?.rangeCount).toBe(0);
    expect(articleHandle.selection()).toBeNull();
    expect(positions.fromPos(view.state.selection.head)).toBe(american.end);
    await afterPaint();
    expect(document.getSelection()?.isCollapsed).toBe(true);
    expect(textBeforeCaret(view).endsWith('القوات الأمريكية')).toBe(true);
    expect([...textBeforeCaret(view)].length).toBe(american.end);
  });

  it('puts the caret at the end of the labelled range after the redraw of its highlight', async () => {
    select(american.start, american.end);
    expect(articleHandle.selection()).toEqual({ start: american.start, end: american.end });
    articleHandle.clearSelection();
    // The highlight the label key adds, drawn a moment later (React's render).
    redraw([american]);
    await afterPaint();
    expect(articleHandle.selection()).toBeNull();
    expect(document.getSelection()?.isCollapsed).toBe(true);
    expect([...textBeforeCaret(view)].length).toBe(american.end);
    // In the new highlight's own text, not between elements.
    expect(document.getSelection()?.anchorNode?.parentElement?.closest('[data-span-id]')?.getAttribute('data-span-id')).toBe('s1');
  });
});

describe('a caret set aside while the spans are redrawn', () => {
  it('takes a caret out of the page and gives its position; the caret comes back there after the paint', async () => {
    const { start } = find('المرصد السوري');
    select(start);
    const at = setCaretAside(view);
    expect(at).toBe(positions.toPos(start));
    expect(document.getSelection()?.rangeCount).toBe(0);
    redraw([american]);
    putCaretBackAfterPaint(view, at ?? 0);
    await afterPaint();
    expect([...textBeforeCaret(view)].length).toBe(start);
    expect(textBeforeCaret(view).endsWith('وقال ')).toBe(true);
  });

  it('leaves a range alone, and a selection outside the article', () => {
    select(american.start, american.end);
    expect(setCaretAside(view)).toBeNull();
    expect(document.getSelection()?.toString()).toBe('القوات الأمريكية');
    const outside = document.createElement('p');
    outside.textContent = 'خارج المقال';
    document.body.append(outside);
    document.getSelection()?.collapse(outside.firstChild, 2);
    expect(setCaretAside(view)).toBeNull();
    expect(document.getSelection()?.anchorNode).toBe(outside.firstChild);
  });

  it('does not put the caret back over what was selected meanwhile', async () => {
    select(american.end);
    const at = setCaretAside(view);
    expect(at).not.toBeNull();
    putCaretBackAfterPaint(view, at ?? 0);
    const observatory = find('المرصد السوري لحقوق الإنسان');
    select(observatory.start, observatory.end);
    await afterPaint();
    expect(articleHandle.selection()).toEqual(observatory);
  });
});
